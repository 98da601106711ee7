/// How to reach PostgreSQL beyond what a URL says. The store reads no environment: the executable
/// fills this from `USER` and `COALFLOW_DB_CONNECT_SECONDS`, tests set their own.
public struct DatabaseSettings: Sendable {
    /// The role of a URL that names none.
    public let defaultUser: String
    /// How long to wait for PostgreSQL to accept a connection before giving up.
    public let connectTimeout: Duration

    /// `connectSeconds` is held within 1–600; 10 when not given.
    public init(defaultUser: String? = nil, connectSeconds: Int? = nil) {
        self.defaultUser = defaultUser ?? "postgres"
        connectTimeout = .seconds(max(1, min(connectSeconds ?? 10, 600)))
    }
}
