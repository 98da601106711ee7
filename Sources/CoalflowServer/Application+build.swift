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

    public init(
        host: String = "127.0.0.1", port: Int = 8080, tokenLifetime: Duration = .seconds(12 * 3600),
        server: HTTPServerBuilder = .http1()
    ) {
        self.host = host
        self.port = port
        self.tokenLifetime = tokenLifetime
        self.server = server
    }
}

/// Builds the HTTP application over a database pool. The pool runs as one of the application's
/// services, so it starts before the first request and stops after the last. `keys` seal and open
/// residents' ID numbers and phones. `metrics` is the registry `/metrics` exposes; the caller
/// bootstraps swift-metrics with it (once per process).
public func buildApplication(
    settings: ServerSettings,
    client: PostgresClient,
    keys: PersonalDataKeys,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger
) -> Application<RouterResponder<AppRequestContext>> {
    let heartbeat = DatabaseHeartbeat(client: client, logger: logger)
    let stores = StoreContext(client: client, logger: logger, keys: keys)
    let router = buildRouter(settings: settings, stores: stores, heartbeat: heartbeat, metrics: metrics)
    var app = Application(
        router: router,
        server: settings.server,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "coalflow"),
        logger: logger
    )
    app.addServices(client, heartbeat)
    return app
}

func buildRouter(
    settings: ServerSettings, stores: StoreContext, heartbeat: DatabaseHeartbeat,
    metrics: PrometheusCollectorRegistry
) -> Router<AppRequestContext> {
    let sessions = SessionStore(context: stores)
    let queries = DocumentQueries(context: stores)
    let workflow = WorkflowStore(context: stores)
    let registrations = RegistrationStore(context: stores)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())

    router.addRoutes(HealthController(heartbeat: heartbeat).routes)
    router.get(RouterPath(APIPath.metrics)) { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.emitToString())))
    }
    // Read now, so that an installation without the resource bundle fails at start, not on first request.
    let openAPI = ByteBuffer(data: OpenAPIDocument.json)
    router.get(RouterPath(APIPath.openAPI)) { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: openAPI))
    }

    // The API's paths are whole (`APIPath`); this group only adds the database gate to them.
    let api = router.group().add(middleware: DatabaseGateMiddleware(heartbeat: heartbeat))
    let auth = AuthController(sessions: sessions, tokenLifetime: settings.tokenLifetime)
    auth.addPublicRoutes(to: api)
    let authenticated = api.group().add(middleware: AuthMiddleware(sessions: sessions))
    auth.addRoutes(to: authenticated)
    DocumentController(queries: queries, workflow: workflow).addRoutes(to: authenticated)
    RegistrationController(registrations: registrations, queries: queries).addRoutes(to: authenticated)
    SlipController(
        slips: SlipStore(context: stores), summaries: SummaryStore(context: stores),
        queries: queries
    ).addRoutes(to: authenticated)
    ReportController(reports: ReportStore(context: stores)).addRoutes(to: authenticated)
    AuditController(trail: AuditTrail(context: stores)).addRoutes(to: authenticated)
    return router
}
