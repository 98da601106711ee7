/// The person behind a request: who they are, which unit they act for and in what role.
public struct ActingUser: Sendable, Hashable, Codable {
    public let userID: Int64
    public let login: String
    public let unit: String
    public let unitKind: UnitKind
    public let role: Role
    /// For a village, its street; for a street, itself; otherwise nil.
    public let street: String?

    public init(userID: Int64, login: String, unit: String, unitKind: UnitKind, role: Role, street: String?) {
        self.userID = userID
        self.login = login
        self.unit = unit
        self.unitKind = unitKind
        self.role = role
        self.street = street
    }

    /// 发改局, 财政局 and the office see the whole district.
    public var seesWholeDistrict: Bool {
        unitKind == .office || unit == "fgj" || unit == "czj"
    }
}

/// Which documents a person may see (DOMAIN: "each member unit sees only what its role allows").
public enum DocumentScope: Sendable, Hashable {
    /// Everything in the district: 发改局, 财政局, the office.
    case district
    /// A street's own documents: its villages' forms and the summaries addressed to it.
    case street(String)
    /// A village's or a company's own documents.
    case origin(String)
    /// Other member bureaus read aggregates, never documents.
    case none

    public static func of(_ user: ActingUser) -> DocumentScope {
        if user.seesWholeDistrict { return .district }
        switch user.unitKind {
        case .street: return .street(user.unit)
        case .village, .company: return .origin(user.unit)
        case .office, .bureau: return .none
        }
    }

    public func contains(origin: String, street: String) -> Bool {
        switch self {
        case .district: true
        case .street(let code): street == code
        case .origin(let code): origin == code
        case .none: false
        }
    }
}
