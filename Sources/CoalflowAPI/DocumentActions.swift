import CoalflowCore

/// The body of a workflow action (`POST /api/v1/documents/{id}/approve` and the others); every field
/// is optional, and so is the body itself.
public struct ActionRequest: Sendable, Codable {
    /// The reason (return, reject), the comment, or an optional note on an approval.
    public var text: String?
    /// The revision the actor saw; if the document changed since, the action is a conflict.
    public var revision: Int?

    public init(text: String? = nil, revision: Int? = nil) {
        self.text = text
        self.revision = revision
    }
}

/// What `POST /api/v1/queue/approve-passing` approved, and what it left for its failing checks.
public struct ApprovePassingResult: Sendable, Codable {
    public struct Skipped: Sendable, Codable {
        public var id: String
        public var failed: [Check]

        public init(id: String, failed: [Check]) {
            self.id = id
            self.failed = failed
        }
    }

    public var approved: [ActionResult]
    public var skipped: [Skipped]

    public init(approved: [ActionResult], skipped: [Skipped]) {
        self.approved = approved
        self.skipped = skipped
    }
}
