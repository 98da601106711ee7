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

/// A case as it is opened and assigned (派单): the body of `POST /api/v1/cases` (the API's
/// `OpenCaseRequest`), what `case open` sends and what the store opens. On the wire `due` is
/// `YYYY-MM-DD` and `inspection` an id such as `I12`; a value that is neither is refused naming its
/// field, like any value the domain refuses.
public struct CaseOpening: Sendable, Hashable, Codable {
    public var source: CaseSource
    public var street: String
    public var village: String?
    public var company: String?
    public var problem: String
    /// The unit that must deal with it.
    public var assign: String
    public var due: CivilDate?
    /// The inspection that found it, for `source` `inspection`.
    public var inspection: InspectionNumber?

    public init(
        source: CaseSource, street: String, village: String? = nil, company: String? = nil, problem: String, assign: String,
        due: CivilDate? = nil, inspection: Int64? = nil
    ) {
        self.source = source
        self.street = street
        self.village = village
        self.company = company
        self.problem = problem
        self.assign = assign
        self.due = due
        self.inspection = inspection.map(InspectionNumber.init)
    }
}

/// An inspection's id as the API writes it (`I12`); text that is none is refused naming its field.
public struct InspectionNumber: Sendable, Hashable, Codable {
    public let value: Int64

    public init(_ value: Int64) {
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        value = try InspectionID.parse(text, field: decoder.codingPath.last?.stringValue ?? "inspection")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(InspectionID.format(value))
    }
}

/// An inspection as it is recorded: the body of `POST /api/v1/inspections` (the API's
/// `RecordInspectionRequest`), what `inspection record` sends and what the store records. On the wire
/// `date` is `YYYY-MM-DD`; one that is not is refused naming the field.
public struct InspectionRecord: Sendable, Hashable, Codable {
    public var kind: InspectionKind
    public var date: CivilDate
    public var street: String
    public var village: String?
    public var checked: Int
    public var problems: Int
    public var note: String?

    public init(
        kind: InspectionKind, date: CivilDate, street: String, village: String? = nil, checked: Int, problems: Int,
        note: String? = nil
    ) {
        self.kind = kind
        self.date = date
        self.street = street
        self.village = village
        self.checked = checked
        self.problems = problems
        self.note = note
    }

}

extension InspectionID {
    /// `I12` (or `12`) as an id; anything else is refused naming `field`.
    public static func parse(_ text: String, field: String) throws(InputError) -> Int64 {
        guard let id = parse(text) else {
            throw InputError(field: field, zh: "检查记录号应形如 I12", en: "an inspection id looks like I12")
        }
        return id
    }
}

/// An inspection as people and programs read it (the JSON keys of the command-line contract): the
/// record, beside its id and the unit that recorded it.
public struct InspectionView: Sendable, Codable, Hashable {
    public var id: String
    public var unit: String
    public var record: InspectionRecord
    /// The units' names beside their codes, for people; nil only from a server older than these keys.
    public var unitName: String?
    public var streetName: String?
    public var villageName: String?

    public init(
        id: Int64, unit: String, record: InspectionRecord, unitName: String? = nil, streetName: String? = nil,
        villageName: String? = nil
    ) {
        self.id = InspectionID.format(id)
        self.unit = unit
        self.record = record
        self.unitName = unitName
        self.streetName = streetName
        self.villageName = villageName
    }

    enum CodingKeys: String, CodingKey {
        case id, unit, village, note
        case unitName = "unit_name"
        case streetName = "street_name"
        case villageName = "village_name"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        unit = try c.decode(String.self, forKey: .unit)
        record = try InspectionRecord(from: decoder)
        unitName = try c.decodeIfPresent(String.self, forKey: .unitName)
        streetName = try c.decodeIfPresent(String.self, forKey: .streetName)
        villageName = try c.decodeIfPresent(String.self, forKey: .villageName)
    }

    /// One flat object: the id, the unit and the record's fields, `village` and `note` present as null
    /// rather than left out, and the units' names.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(unit, forKey: .unit)
        try record.encode(to: encoder)
        if record.village == nil { try c.encodeNil(forKey: .village) }
        if record.note == nil { try c.encodeNil(forKey: .note) }
        try c.encode(unitName ?? unit, forKey: .unitName)
        try c.encode(streetName ?? record.street, forKey: .streetName)
        try c.encode(record.village.map { villageName ?? $0 }, forKey: .villageName)
    }
}

/// How a surveyed home heats (取暖方式). Loose and clean coal burn coal: those homes should be registered.
public enum Heating: String, Sendable, CaseIterable, Codable {
    case looseCoal = "loose_coal"
    case cleanCoal = "clean_coal"
    case electric, gas, central, other

    public var label: Message {
        switch self {
        case .looseCoal: Message(zh: "散煤", en: "loose coal")
        case .cleanCoal: Message(zh: "洁净煤", en: "clean coal")
        case .electric: Message(zh: "电代煤", en: "electric")
        case .gas: Message(zh: "气代煤", en: "gas")
        case .central: Message(zh: "集中供暖", en: "central heating")
        case .other: Message(zh: "其他", en: "other")
        }
    }

    public var burnsCoal: Bool { self == .looseCoal || self == .cleanCoal }

    /// As a survey file writes it: the code or its Chinese name.
    public init(parsing text: String) throws(InputError) {
        let text = text.trimmingSpaces()
        guard let heating = Self.allCases.first(where: { $0.rawValue == text || $0.label.zh == text }) else {
            throw InputError(
                field: "heating", zh: "取暖方式「\(text)」无效，应为 散煤、洁净煤、电代煤、气代煤、集中供暖 或 其他",
                en: "heating '\(text)' is not one of loose_coal, clean_coal, electric, gas, central, other")
        }
        self = heating
    }
}

/// One home of a survey ledger (摸底台账), checked field by field like a registered household.
public struct SurveyedHome: Sendable, Hashable {
    public let name: String
    public let address: String
    public let idNumber: ResidentIDNumber
    public let heating: Heating
    public let coalUse: Tons
    public let coalStock: Tons

    public init(name: String, address: String, idNumber: String, heating: String, coalUseTons: String, coalStockTons: String)
        throws(InputError)
    {
        self.name = try FreeText.clean(
            name, field: "name", label: Message(zh: "户主姓名", en: "the household head's name"), maxLength: Household.maxNameLength)
        self.address = try FreeText.clean(
            address, field: "address", label: Message(zh: "住址", en: "the address"), maxLength: Household.maxAddressLength)
        self.idNumber = try ResidentIDNumber(idNumber)
        self.heating = try Heating(parsing: heating)
        self.coalUse = try Plausible.coal(coalUseTons, field: "coal_use_tons")
        self.coalStock = try Plausible.coal(coalStockTons, field: "coal_stock_tons")
    }
}

/// A surveyed home as a survey's `show` lists it; the ID number masked unless the reader needs it.
public struct SurveyedHomeView: Sendable, Codable, Hashable {
    public var lineNo: Int
    public var name: String
    public var address: String
    public var idNumber: String
    public var heating: Heating
    public var coalUseTons: String
    public var coalStockTons: String

    public init(
        lineNo: Int, name: String, address: String, idNumber: String, heating: Heating, coalUseTons: String, coalStockTons: String
    ) {
        self.lineNo = lineNo
        self.name = name
        self.address = address
        self.idNumber = idNumber
        self.heating = heating
        self.coalUseTons = coalUseTons
        self.coalStockTons = coalStockTons
    }

    enum CodingKeys: String, CodingKey {
        case lineNo = "line_no"
        case name, address
        case idNumber = "id_number"
        case heating
        case coalUseTons = "coal_use_tons"
        case coalStockTons = "coal_stock_tons"
    }
}

/// Coverage (全覆盖) of one village: its surveyed homes, those burning coal, how many of those are on a
/// live registration form, and the ones that are not (where recurrence checks start).
public struct CoverageRow: Sendable, Codable, Hashable {
    public struct Home: Sendable, Codable, Hashable {
        public var name: String
        /// Always masked.
        public var idNumber: String

        public init(name: String, idNumber: String) {
            self.name = name
            self.idNumber = idNumber
        }

        enum CodingKeys: String, CodingKey {
            case name
            case idNumber = "id_number"
        }
    }

    public var street: String
    public var village: String
    /// The names of `street` and `village`, for people; nil only from a server older than these keys.
    public var streetName: String?
    public var villageName: String?
    public var surveyed: Int
    public var burningCoal: Int
    public var registered: Int
    public var notRegistered: [Home]
    /// The village's coordinator (协查员), phone masked, who checks the homes not registered.
    public var coordinator: VillageCoordinator?

    public init(
        street: String, village: String, surveyed: Int, burningCoal: Int, registered: Int, notRegistered: [Home],
        coordinator: VillageCoordinator? = nil
    ) {
        self.street = street
        self.village = village
        self.surveyed = surveyed
        self.burningCoal = burningCoal
        self.registered = registered
        self.notRegistered = notRegistered
        self.coordinator = coordinator
    }

    enum CodingKeys: String, CodingKey {
        case street, village
        case streetName = "street_name"
        case villageName = "village_name"
        case surveyed
        case burningCoal = "burning_coal"
        case registered
        case notRegistered = "not_registered"
        case coordinator
    }
}
