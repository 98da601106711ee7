// Who sees what: the one access policy (DOMAIN: "each member unit sees only what its role allows").
// Row-level security mirrors it in sql/0006_security.sql; a unit's reach and slip copy are data on the
// unit (sql/0001).

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

/// Which documents a person may see.
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

    /// Household detail (lines, the year-end household sheet) for units that see documents at all.
    public var seesHouseholdDetail: Bool { reach != .none }

    /// ID numbers and phones in full on a registration form: its village and its street (PIPL: only
    /// those who need them); everyone else sees them masked.
    public func seesPersonalData(ofFormFrom origin: String, street: String) -> Bool {
        unit == origin || (reach == .street && unit == street)
    }

    /// ID numbers and phones in full on a sales slip: the issuing company and the household's street, not
    /// the units keeping copies (发改局, 财政局).
    public func seesPersonalData(ofSlipBy company: String, street: String) -> Bool {
        unit == company || (reach == .street && unit == street)
    }
}
