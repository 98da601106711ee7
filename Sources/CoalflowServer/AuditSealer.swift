import CoalflowStore
import Logging
import ServiceLifecycle

/// Seals committed workflow events into the audit chain twice a second (sql/0018), so that an event is
/// open to undetected removal for half a second at most. Servers sharing a database take turns: the
/// database lets one sealer in at a time, and the next finds the work done.
struct AuditSealer: Service {
    static let interval: Duration = .milliseconds(500)
    let trail: AuditTrail
    let logger: Logger

    func run() async throws {
        var failing = false
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await trail.seal()
                if failing { logger.notice("audit events are sealed again") }
                failing = false
            } catch {
                // The heartbeat reports an unreachable database; say once that sealing waits for it.
                if !failing {
                    logger.error("audit events cannot be sealed now", metadata: ["error": "\(ErrorMiddleware.loggable(error))"])
                }
                failing = true
            }
            try? await Task.sleep(for: Self.interval)
        }
    }
}
