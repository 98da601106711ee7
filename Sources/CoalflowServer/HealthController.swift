import Hummingbird

/// Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers too, as
/// the heartbeat found it within the last second or two).
struct HealthController {
    let heartbeat: DatabaseHeartbeat

    struct Status: ResponseEncodable {
        let status: String
    }

    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("healthz") { _, _ in Status(status: "ok") }
        routes.get("readyz") { _, _ in
            let ready = heartbeat.isUp
            return Response(status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: ready ? #"{"status":"ready"}"# : #"{"status":"database unavailable"}"#)))
        }
        return routes
    }
}
