/// A value a person typed or a file held that the domain refuses: which field, why.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field as the user knows it (a CSV column or a flag), e.g. `id_number`.
    public let field: String
    public let reason: Message

    public init(field: String, _ reason: Message) {
        self.field = field
        self.reason = reason
    }

    public init(field: String, zh: String, en: String) {
        self.init(field: field, Message(zh: zh, en: en))
    }

    public var description: String { "\(field): \(reason.en)" }
}
