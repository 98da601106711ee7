import CoalflowStore
import Hummingbird
import Logging
import PostgresNIO

/// Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers too).
struct HealthController {
    let client: PostgresClient
    let logger: Logger

    struct Status: ResponseEncodable {
        let status: String
    }

    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("healthz") { _, _ in Status(status: "ok") }
        routes.get("readyz") { _, _ in
            do {
                try await withTimeout(.seconds(5)) {
                    try await client.query("SELECT 1", logger: logger)
                }
                return Response(status: .ok, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ready"}"#)))
            } catch {
                logger.warning("readiness check failed", metadata: ["error": "\(String(reflecting: error))"])
                return Response(status: .serviceUnavailable, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"database unavailable"}"#)))
            }
        }
        return routes
    }
}

