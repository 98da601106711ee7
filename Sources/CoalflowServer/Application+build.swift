import CoalflowStore
import Hummingbird
import Logging
import PostgresNIO

/// What the server needs to know at start, read once by the `serve` command.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

public typealias AppRequestContext = BasicRequestContext

/// Builds the HTTP application over a database pool. The pool runs as one of the application's
/// services, so it starts before the first request and stops after the last.
public func buildApplication(
    settings: ServerSettings,
    client: PostgresClient,
    logger: Logger
) -> Application<RouterResponder<AppRequestContext>> {
    let router = Router(context: AppRequestContext.self)
    router.addRoutes(HealthController(client: client, logger: logger).routes)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "coalflow"),
        logger: logger
    )
    app.addServices(client)
    return app
}
