import PostgresNIO

/// The server's pools of connections, each with limits set when its sessions start (so they need
/// no privilege on the role, and hold for whatever role the URL names). A statement that runs away, a
/// lock waited on too long, or a transaction left open by a stuck request is ended by PostgreSQL.
public enum ServerPool: String, Sendable {
    /// Every request but exports.
    case requests = "coalflow"
    /// The year-end export, which streams for minutes at province scale: a few connections of its own,
    /// so readers of any speed never take the requests' or the heartbeat's.
    case exports = "coalflow-export"
    /// Reports, progress and the web overview on a streaming replica (`serve --read-database-url`).
    case reads = "coalflow-read"

    public func configuration(_ url: DatabaseURL) -> PostgresClient.Configuration {
        var configuration = url.configuration
        configuration.options.additionalStartupParameters = [
            ("application_name", rawValue),
            ("statement_timeout", self == .exports ? "15min" : "30s"),
            // Long enough for a retried create to wait out its first attempt (a 20,000-row import).
            ("lock_timeout", "20s"),
            ("idle_in_transaction_session_timeout", "60s"),
        ]
        if self == .exports { configuration.options.maximumConnections = 4 }
        return configuration
    }
}
