import CoalflowAPI
import Hummingbird

/// Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers too, as
/// the heartbeat found it within the last second or two).
struct HealthController {
    let heartbeat: DatabaseHeartbeat

    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(RouterPath(APIPath.healthz)) { _, _ in HealthStatus(status: "ok") }
        routes.get(RouterPath(APIPath.readyz)) { _, _ in
            heartbeat.isUp
                ? EditedResponse(status: .ok, response: HealthStatus(status: "ready"))
                : EditedResponse(status: .serviceUnavailable, response: HealthStatus(status: "database unavailable"))
        }
        return routes
    }
}
