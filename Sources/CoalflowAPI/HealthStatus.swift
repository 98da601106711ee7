/// The answer of `/healthz` and `/readyz`: `{"status": "ok"}`, `"ready"` or `"database unavailable"`.
public struct HealthStatus: Sendable, Codable {
    public var status: String

    public init(status: String) {
        self.status = status
    }
}
