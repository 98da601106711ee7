/// What a workflow action did: the document's status and awaited step afterwards.
public struct ActionResult: Sendable, Codable, Hashable {
    public var id: String
    public var action: String
    public var status: DocumentStatus
    public var currentUnit: String?
    public var step: Int?
    public var revision: Int

    public init(id: String, action: String, status: DocumentStatus, currentUnit: String?, step: Int?, revision: Int) {
        self.id = id
        self.action = action
        self.status = status
        self.currentUnit = currentUnit
        self.step = step
        self.revision = revision
    }

    enum CodingKeys: String, CodingKey {
        case id, action, status
        case currentUnit = "current_unit"
        case step, revision
    }

    /// By hand so that `current_unit` and `step` are present as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(action, forKey: .action)
        try c.encode(status, forKey: .status)
        try c.encode(currentUnit, forKey: .currentUnit)
        try c.encode(step, forKey: .step)
        try c.encode(revision, forKey: .revision)
    }
}
