/// The person behind a request: who they are, which unit they act for and in what role, and how far
/// their unit sees (data on the unit, `units.reach` and `units.slip_copy`).
public struct ActingUser: Sendable, Hashable, Codable {
    public let userID: Int64
    public let login: String
    public let unit: String
    public let unitKind: UnitKind
    public let role: Role
    /// For a village, its street; for a street, itself; otherwise nil.
    public let street: String?
    public let reach: UnitReach
    /// The unit keeps a copy of every sales slip (发改局, 财政局), as on the paper slip's five copies.
    public let slipCopy: Bool

    public init(userID: Int64, login: String, unit: String, unitKind: UnitKind, role: Role, street: String?,
                reach: UnitReach? = nil, slipCopy: Bool = false) {
        self.userID = userID
        self.login = login
        self.unit = unit
        self.unitKind = unitKind
        self.role = role
        self.street = street
        self.reach = reach ?? UnitReach.standard(for: unitKind)
        self.slipCopy = slipCopy
    }

    /// 发改局, 财政局 and the office see the whole district.
    public var seesWholeDistrict: Bool { reach == .district }
}

/// How far a unit sees documents one by one. The plan's rule ("a street sees its own villages, a village
/// its own forms, a company its own slips and the forms dispatched to it; fgj, czj and the office see the
/// whole district; other member bureaus see aggregates"), held as data on each unit.
public enum UnitReach: String, Sendable, CaseIterable, Codable {
    /// Every document of the district.
    case district
    /// A street's own documents: its villages' forms and the summaries addressed to it.
    case street
    /// The documents the unit made itself.
    case own
    /// Aggregates only, never a document.
    case none

    /// The reach a new unit of this kind gets; a bureau is widened to the district by the plan's data.
    public static func standard(for kind: UnitKind) -> UnitReach {
        switch kind {
        case .office: .district
        case .bureau: .none
        case .street: .street
        case .village, .company: .own
        }
    }
}

/// Which documents a person may see (DOMAIN: "each member unit sees only what its role allows"). Row-level
/// security mirrors it in sql/0006_security.sql.
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
        switch user.reach {
        case .district: .district
        case .street: .street(user.unit)
        case .own: .origin(user.unit)
        case .none: .none
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

extension ActingUser {
    /// A sales slip's five copies: the company, the household's street, the units keeping a copy of every
    /// slip (the household holds paper).
    public func seesSlip(company: String, street: String) -> Bool {
        unit == company || slipCopy || (reach == .street && unit == street)
    }
}
