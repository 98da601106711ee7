import CoalflowStore
import Hummingbird
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Whether the database answers, as a probe through the pool sees it every second. While it does not,
/// API requests are answered 503 at once instead of waiting a minute for a pooled connection, and
/// `/readyz` says so; the pool reconnects by itself and the heartbeat notices.
final class DatabaseHeartbeat: Service, Sendable {
    let client: PostgresClient
    let logger: Logger
    private let answering = Atomic<Bool>(true)

    init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    var isUp: Bool { answering.load(ordering: .relaxed) }

    func run() async throws {
        var failures = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await withTimeout(.seconds(2)) { [client, logger] in try await client.query("SELECT 1", logger: logger) }
                failures = 0
            } catch {
                failures += 1
            }
            // Two misses in a row: one slow answer on a busy machine is not an outage.
            let up = failures < 2
            if answering.exchange(up, ordering: .relaxed) != up {
                if up { logger.notice("database answers again") } else { logger.error("database does not answer") }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

/// Answers 503 at once while the heartbeat finds the database down, rather than letting a request wait
/// for the pool's minute of reconnecting.
struct DatabaseGateMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let heartbeat: DatabaseHeartbeat

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard heartbeat.isUp else { throw APIError.databaseUnavailable }
        return try await next(request, context)
    }
}
