import CoalflowAPI
import CoalflowStore
import Hummingbird
import HummingbirdCore
import Logging
import PostgresNIO
import Prometheus

/// What the server needs to know at start, read once by the `serve` command.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// How long a login token lives.
    public var tokenLifetime: Duration
    /// Plain HTTP/1.1, or HTTP/1.1 over TLS (`serve --tls-cert --tls-key`).
    public var server: HTTPServerBuilder
    /// bcrypt cost of the password checked when a login does not exist, equal to that of real ones, so
    /// that the time of an answer does not tell which logins exist.
    public var passwordCost: UInt8
    /// The client's address is the last one in `X-Forwarded-For` when the connection comes from loopback
    /// (a reverse proxy on this machine); otherwise, and by default, the connection's own.
    public var trustForwardedFor: Bool
    /// Where `/metrics` listens apart from the API; nil: on the API's own port.
    public var metrics: (host: String, port: Int)?
    /// The web session's cookie is sent only over HTTPS (`Secure`): set when serving TLS.
    public var secureCookies: Bool

    public init(
        host: String = "127.0.0.1", port: Int = 8080, tokenLifetime: Duration = .seconds(12 * 3600),
        server: HTTPServerBuilder = .http1(configuration: ServerSettings.http1), passwordCost: UInt8 = 12,
        trustForwardedFor: Bool = false, metrics: (host: String, port: Int)? = nil, secureCookies: Bool = false
    ) {
        self.host = host
        self.port = port
        self.tokenLifetime = tokenLifetime
        self.server = server
        self.passwordCost = passwordCost
        self.trustForwardedFor = trustForwardedFor
        self.metrics = metrics
        self.secureCookies = secureCookies
    }

    /// A connection without a request for 75 s is closed; so is one whose reader stops reading for 30 s
    /// (a slow or stuck client must not hold a year-end export's database connection).
    public static var http1: HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            additionalChannelHandlers: [StalledReaderHandler(limit: .seconds(30))], idleTimeout: .seconds(75))
    }
}

/// Builds the HTTP application over a database pool, `exports`, a small pool of its own for the
/// year-end export (the request pool if nil), and `reads`, a pool on a streaming replica for reports,
/// progress and the web overview (the request pool if nil). The pools run as the application's services, so they
/// start before the first request and stop after the last. `keys` seal and open
/// residents' ID numbers and phones. `metrics` is the registry `/metrics` exposes; the caller
/// bootstraps swift-metrics with it (once per process).
public func buildApplication(
    settings: ServerSettings,
    client: PostgresClient,
    exports: PostgresClient? = nil,
    reads: PostgresClient? = nil,
    keys: PersonalDataKeys,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger
) -> Application<RouterResponder<AppRequestContext>> {
    let heartbeat = DatabaseHeartbeat(client: client, logger: logger)
    let stores = StoreContext(
        client: client, exports: exports, reads: reads, logger: logger, keys: keys, passwordCost: settings.passwordCost)
    let sessionCache = SessionCache(sessions: SessionStore(context: stores), client: client, logger: logger)
    let router = buildRouter(
        settings: settings, stores: stores, heartbeat: heartbeat, metrics: metrics, sessionCache: sessionCache)
    var app = Application(
        router: router,
        server: settings.server,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "coalflow"),
        logger: logger
    )
    app.addServices(client, heartbeat, sessionCache, AuditSealer(trail: AuditTrail(context: stores), logger: logger))
    if let exports { app.addServices(exports) }
    if let reads { app.addServices(reads) }
    if let (host, port) = settings.metrics {
        let metricsRouter = Router()
        addMetrics(to: metricsRouter, registry: metrics)
        app.addServices(
            Application(
                router: metricsRouter, configuration: .init(address: .hostname(host, port: port), serverName: "coalflow"),
                logger: logger))
    }
    return app
}

/// `/metrics` in Prometheus's text format.
func addMetrics<Context: RequestContext>(to router: Router<Context>, registry: PrometheusCollectorRegistry) {
    router.get(RouterPath(APIPath.metrics)) { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(string: registry.emitToString())))
    }
}

func buildRouter(
    settings: ServerSettings, stores: StoreContext, heartbeat: DatabaseHeartbeat,
    metrics: PrometheusCollectorRegistry, sessionCache: SessionCache? = nil
) -> Router<AppRequestContext> {
    let sessions = SessionStore(context: stores)
    // Without its service running a cache never listens, and so never caches: every token is looked up.
    let cache = sessionCache ?? SessionCache(sessions: sessions, client: stores.client, logger: stores.logger)
    let queries = DocumentQueries(context: stores)
    let workflow = WorkflowStore(context: stores)
    let registrations = RegistrationStore(context: stores)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())

    router.addRoutes(HealthController(heartbeat: heartbeat).routes)
    if settings.metrics == nil { addMetrics(to: router, registry: metrics) }
    // Read now, so that an installation without the resource bundle fails at start, not on first request.
    let openAPI = ByteBuffer(data: OpenAPIDocument.json)
    router.get(RouterPath(APIPath.openAPI)) { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: openAPI))
    }

    // The API's paths are whole (`APIPath`); this group only adds the database gate to them.
    let api = router.group().add(middleware: DatabaseGateMiddleware(heartbeat: heartbeat))
    let auth = AuthController(
        sessions: sessions, cache: cache, tokenLifetime: settings.tokenLifetime, trustForwardedFor: settings.trustForwardedFor)
    auth.addPublicRoutes(to: api)
    let authenticated = api.group().add(middleware: AuthMiddleware(sessions: cache))
    auth.addRoutes(to: authenticated)
    DocumentController(queries: queries, workflow: workflow).addRoutes(to: authenticated)
    RegistrationController(registrations: registrations, queries: queries).addRoutes(to: authenticated)
    SlipController(
        slips: SlipStore(context: stores), summaries: SummaryStore(context: stores),
        queries: queries
    ).addRoutes(to: authenticated)
    ReportController(reports: ReportStore(context: stores)).addRoutes(to: authenticated)
    SupervisionController(
        cases: CaseStore(context: stores), inspections: InspectionStore(context: stores), surveys: SurveyStore(context: stores),
        samples: SampleStore(context: stores),
        workflow: workflow, queries: queries
    ).addRoutes(to: authenticated)
    AuditController(trail: AuditTrail(context: stores)).addRoutes(to: authenticated)

    WebController(
        sessions: sessions, cache: cache, queries: queries, workflow: workflow, reports: ReportStore(context: stores),
        documents: DocumentController(queries: queries, workflow: workflow), tokenLifetime: settings.tokenLifetime,
        trustForwardedFor: settings.trustForwardedFor, secureCookies: settings.secureCookies
    ).addRoutes(to: router, heartbeat: heartbeat)
    return router
}
