/// What an inspection (检查记录) looked at: each kind is a duty the plan gives some units (§五, §六(二)).
public enum InspectionKind: String, Sendable, CaseIterable, Codable {
    /// 复燃排查: homes checked for loose coal burning again (streets, villages' coordinators).
    case recurrence
    /// 市场执法: coal yards and sellers without licence or below standard (fgj leads; scjgj, zfj).
    case market
    /// 运输: coal transport (jyj).
    case transport
    /// 禁燃区: high-polluting fuel and 穿心炉 in the no-burn zone (sthj).
    case noBurnZone = "no_burn_zone"
    /// 流动商贩: mobile coal vendors (zfj and the streets without targets).
    case vendor
    /// 宣传: banners, leaflets, test burns (rmt and the streets); counts what was done, finds no problems.
    case publicity

    public var label: Message {
        switch self {
        case .recurrence: Message(zh: "复燃排查", en: "recurrence check")
        case .market: Message(zh: "市场执法", en: "market enforcement")
        case .transport: Message(zh: "运输检查", en: "transport check")
        case .noBurnZone: Message(zh: "禁燃区检查", en: "no-burn zone check")
        case .vendor: Message(zh: "流动商贩检查", en: "mobile vendor check")
        case .publicity: Message(zh: "宣传", en: "publicity")
        }
    }

    /// Who may record this kind, following each unit's duty in the plan: a member bureau its own kinds,
    /// a street or village the kinds done on the ground, the office any.
    public func mayBeRecorded(by unit: String, kind: UnitKind) -> Bool {
        switch kind {
        case .office: return true
        case .street: return [.recurrence, .vendor, .publicity].contains(self)
        case .village: return self == .recurrence
        case .company: return false
        case .bureau:
            let duties: [String: Set<InspectionKind>] = [
                "fgj": [.market], "scjgj": [.market], "zfj": [.market, .vendor], "jyj": [.transport],
                "sthj": [.noBurnZone], "rmt": [.publicity], "gaj": [.market, .transport],
            ]
            return duties[unit]?.contains(self) ?? false
        }
    }
}

/// Where a case (问题线索) came from.
public enum CaseSource: String, Sendable, CaseIterable, Codable {
    /// 举报: a public report, recorded by whoever took it.
    case tipoff
    /// A problem an inspection found.
    case inspection
    /// A failed quality sample (质量抽检).
    case quality
}

/// What the handling unit did (处置).
public enum CaseOutcome: String, Sendable, CaseIterable, Codable {
    case closedDown = "closed_down"
    case fined, ordered, warned
    case nothingFound = "nothing_found"
    case other

    public var label: Message {
        switch self {
        case .closedDown: Message(zh: "取缔", en: "closed down")
        case .fined: Message(zh: "罚款", en: "fined")
        case .ordered: Message(zh: "责令整改", en: "ordered to correct")
        case .warned: Message(zh: "警告", en: "warned")
        case .nothingFound: Message(zh: "查无问题", en: "nothing found")
        case .other: Message(zh: "其他", en: "other")
        }
    }
}

/// An inspection as people and programs read it (the JSON keys of the command-line contract).
public struct InspectionView: Sendable, Codable, Hashable {
    public var id: String
    public var unit: String
    public var kind: InspectionKind
    public var date: String
    public var street: String
    public var village: String?
    public var checked: Int
    public var problems: Int
    public var note: String?

    public init(
        id: String, unit: String, kind: InspectionKind, date: String, street: String, village: String?, checked: Int,
        problems: Int, note: String?
    ) {
        self.id = id
        self.unit = unit
        self.kind = kind
        self.date = date
        self.street = street
        self.village = village
        self.checked = checked
        self.problems = problems
        self.note = note
    }

    /// `village` and `note` are present as null rather than left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(unit, forKey: .unit)
        try c.encode(kind, forKey: .kind)
        try c.encode(date, forKey: .date)
        try c.encode(street, forKey: .street)
        try c.encode(village, forKey: .village)
        try c.encode(checked, forKey: .checked)
        try c.encode(problems, forKey: .problems)
        try c.encode(note, forKey: .note)
    }

    enum CodingKeys: String, CodingKey {
        case id, unit, kind, date, street, village, checked, problems, note
    }
}
