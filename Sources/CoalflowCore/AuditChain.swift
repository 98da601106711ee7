/// The audit chain's newest hash and its number of events (`GET /api/v1/audit/head`). Kept outside
/// the database, it lets a later verification catch the newest events being deleted.
public struct AuditHead: Sendable, Codable, Hashable {
    public var sha256: String
    public var events: Int

    public init(sha256: String, events: Int) {
        self.sha256 = sha256
        self.events = events
    }
}

/// The verification of the audit chain (`GET /api/v1/audit/verify`).
public struct AuditReport: Sendable, Codable {
    public var ok: Bool
    /// How many events were checked.
    public var events: Int
    /// Each break of the chain, naming the first bad event.
    public var problems: [String]
    public var head: AuditHead

    public init(ok: Bool, events: Int, problems: [String], head: AuditHead) {
        self.ok = ok
        self.events = events
        self.problems = problems
        self.head = head
    }
}
