import CoalflowCore

/// What the store refuses or cannot do, with a message a person can act on. `kind` decides the exit
/// code of a command and the HTTP status of a request.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The input breaks a rule; nothing was stored.
        case invalid
        /// A named thing does not exist (or is not visible to the actor).
        case notFound
        /// The thing exists already, or changed state meanwhile.
        case conflict
        /// Not allowed for the actor's role or step.
        case forbidden
        /// The database or the private cluster cannot be reached or started.
        case unavailable
        /// The installation itself is wrong (a changed migration, a missing folder).
        case setup
    }

    public let kind: Kind
    /// A stable machine-readable code such as `unknown_unit`.
    public let code: ErrorCode
    public let message: Message
    public let details: [String]

    public init(_ kind: Kind, code: ErrorCode, _ message: Message, details: [String] = []) {
        self.kind = kind
        self.code = code
        self.message = message
        self.details = details
    }

    public init(_ kind: Kind, code: ErrorCode, zh: String, en: String, details: [String] = []) {
        self.init(kind, code: code, Message(zh: zh, en: en), details: details)
    }

    public init(_ input: InputError) {
        self.init(
            .invalid, code: .invalidInput,
            Message(zh: "\(input.field)：\(input.reason.zh)", en: "\(input.field): \(input.reason.en)"))
    }

    public var description: String { "\(code): \(message.en)" }

    static func unknownUnit(_ code: String) -> StoreError {
        StoreError(.notFound, code: .unknownUnit, zh: "没有代码为「\(code)」的单位", en: "no unit has the code '\(code)'")
    }

    static func wrongKind(_ code: String, is actual: String, expected: UnitKind) -> StoreError {
        StoreError(
            .invalid, code: .wrongUnitKind,
            zh: "单位「\(code)」是\(UnitKind(rawValue: actual)?.label.zh ?? actual)，此处需要\(expected.label.zh)",
            en: "unit '\(code)' is a \(UnitKind(rawValue: actual)?.label.en ?? actual), a \(expected.label.en) is needed here")
    }

    static func unknownYear(_ year: Int) -> StoreError {
        StoreError(
            .notFound, code: .unknownYear,
            zh: "没有 \(year) 年度（先运行 coalflow admin seed 或 admin year add）",
            en: "there is no program year \(year) (run coalflow admin seed or admin year add first)")
    }
}
