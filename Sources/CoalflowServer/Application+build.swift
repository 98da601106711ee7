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

    public init(host: String = "127.0.0.1", port: Int = 8080, tokenLifetime: Duration = .seconds(12 * 3600),
                server: HTTPServerBuilder = .http1()) {
        self.host = host
        self.port = port
        self.tokenLifetime = tokenLifetime
        self.server = server
    }
}

/// Builds the HTTP application over a database pool. The pool runs as one of the application's
/// services, so it starts before the first request and stops after the last. `metrics` is the
/// registry `/metrics` exposes; the caller bootstraps swift-metrics with it (once per process).
public func buildApplication(
    settings: ServerSettings,
    client: PostgresClient,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger
) -> Application<RouterResponder<AppRequestContext>> {
    let heartbeat = DatabaseHeartbeat(client: client, logger: logger)
    let router = buildRouter(settings: settings, client: client, heartbeat: heartbeat, metrics: metrics, logger: logger)
    var app = Application(
        router: router,
        server: settings.server,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "coalflow"),
        logger: logger
    )
    app.addServices(client, heartbeat)
    return app
}

func buildRouter(settings: ServerSettings, client: PostgresClient, heartbeat: DatabaseHeartbeat, metrics: PrometheusCollectorRegistry,
                 logger: Logger) -> Router<AppRequestContext> {
    let sessions = SessionStore(client: client, logger: logger)
    let queries = DocumentQueries(client: client, logger: logger)
    let workflow = WorkflowStore(client: client, logger: logger)
    let registrations = RegistrationStore(client: client, logger: logger)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())

    router.addRoutes(HealthController(heartbeat: heartbeat).routes)
    router.get(RouterPath(APIPath.metrics)) { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
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
    SlipController(slips: SlipStore(client: client, logger: logger), summaries: SummaryStore(client: client, logger: logger),
                   queries: queries).addRoutes(to: authenticated)
    ReportController(reports: ReportStore(client: client, logger: logger)).addRoutes(to: authenticated)
    AuditController(trail: AuditTrail(client: client, logger: logger)).addRoutes(to: authenticated)
    return router
}
