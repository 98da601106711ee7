/// A document as people and programs read it: the JSON keys of the command-line contract.
public struct DocumentView: Sendable, Codable, Hashable {
    public struct Totals: Sendable, Codable, Hashable {
        public var households: Int
        /// Decimal string with 3 places, e.g. `"12.500"`.
        public var coalTons: String
        public var stoves: Int
        public var subsidyFen: Int64

        public init(households: Int, coalTons: String, stoves: Int, subsidyFen: Int64) {
            self.households = households
            self.coalTons = coalTons
            self.stoves = stoves
            self.subsidyFen = subsidyFen
        }
    }

    public var id: String
    public var type: DocumentType
    public var status: DocumentStatus
    public var originUnit: String
    public var street: String
    /// The unit whose action is awaited; nil unless in review.
    public var currentUnit: String?
    public var year: Int
    /// `YYYY-MM` for a summary.
    public var month: String?
    public var totals: Totals
    /// Bumps with every change of state; an action may name the revision it saw.
    public var revision: Int
    public var step: Int?
    public var stepCount: Int?
    public var waitingSince: String?
    public var timeLimitDays: Int?
    public var overdue: Bool
    public var urges: Int
    public var noticeFrom: String?
    public var noticeTo: String?
    public var createdAt: String

    // The units' names beside their codes, for people (the command line has no database to look them
    // up). Nil only from a server older than these keys; the codes stay what programs match on.
    public var originUnitName: String?
    public var streetName: String?
    public var currentUnitName: String?

    // A case's own facts (nil for other documents): where its problem came from and lies, who handles
    // it, by when, and what the handler reported.
    public var source: String?
    public var village: String?
    public var company: String?
    public var assignedUnit: String?
    public var due: String?
    public var problem: String?
    public var outcome: String?
    public var result: String?
    public var assignedUnitName: String?
    public var villageName: String?
    public var companyName: String?

    // Only `show` fills these; `homes` for a survey.
    public var lines: [HouseholdLine]?
    public var homes: [SurveyedHomeView]?
    public var checks: [Check]?
    public var history: [HistoryEntry]?

    public init(
        id: String, type: DocumentType, status: DocumentStatus, originUnit: String, street: String, currentUnit: String?,
        year: Int, month: String?, totals: Totals, revision: Int, step: Int?, stepCount: Int?, waitingSince: String?,
        timeLimitDays: Int?, overdue: Bool, urges: Int, noticeFrom: String?, noticeTo: String?, createdAt: String,
        source: String? = nil, village: String? = nil, company: String? = nil, assignedUnit: String? = nil, due: String? = nil,
        problem: String? = nil, outcome: String? = nil, result: String? = nil
    ) {
        self.id = id
        self.type = type
        self.status = status
        self.originUnit = originUnit
        self.street = street
        self.currentUnit = currentUnit
        self.year = year
        self.month = month
        self.totals = totals
        self.revision = revision
        self.step = step
        self.stepCount = stepCount
        self.waitingSince = waitingSince
        self.timeLimitDays = timeLimitDays
        self.overdue = overdue
        self.urges = urges
        self.noticeFrom = noticeFrom
        self.noticeTo = noticeTo
        self.createdAt = createdAt
        self.source = source
        self.village = village
        self.company = company
        self.assignedUnit = assignedUnit
        self.due = due
        self.problem = problem
        self.outcome = outcome
        self.result = result
    }

    enum CodingKeys: String, CodingKey {
        case id, type, status
        case originUnit = "origin_unit"
        case street
        case currentUnit = "current_unit"
        case year, month, totals, revision, step
        case stepCount = "step_count"
        case waitingSince = "waiting_since"
        case timeLimitDays = "time_limit_days"
        case overdue, urges
        case noticeFrom = "notice_from"
        case noticeTo = "notice_to"
        case createdAt = "created_at"
        case originUnitName = "origin_unit_name"
        case streetName = "street_name"
        case currentUnitName = "current_unit_name"
        case source, village, company
        case assignedUnit = "assigned_unit"
        case due, problem, outcome, result
        case assignedUnitName = "assigned_unit_name"
        case villageName = "village_name"
        case companyName = "company_name"
        case lines, homes, checks, history
    }

    /// Written by hand so that `current_unit` is present as null rather than left out, and with the
    /// encoder's concrete overloads (strings, integers, explicit nulls): the generic path through
    /// Optional and RawRepresentable made encoding a page of 50 the larger part of a list request.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func nullable(_ value: String?, _ key: CodingKeys) throws {
            if let value { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
        func nullable(_ value: Int?, _ key: CodingKeys) throws {
            if let value { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
        try c.encode(id, forKey: .id)
        try c.encode(type.rawValue, forKey: .type)
        try c.encode(status.rawValue, forKey: .status)
        try c.encode(originUnit, forKey: .originUnit)
        try c.encode(street, forKey: .street)
        try nullable(currentUnit, .currentUnit)
        try c.encode(year, forKey: .year)
        if let month { try c.encode(month, forKey: .month) }
        var t = c.nestedContainer(keyedBy: Totals.CodingKeys.self, forKey: .totals)
        try t.encode(totals.households, forKey: .households)
        try t.encode(totals.coalTons, forKey: .coalTons)
        try t.encode(totals.stoves, forKey: .stoves)
        try t.encode(totals.subsidyFen, forKey: .subsidyFen)
        try c.encode(revision, forKey: .revision)
        try nullable(step, .step)
        if let stepCount { try c.encode(stepCount, forKey: .stepCount) }
        try nullable(waitingSince, .waitingSince)
        try nullable(timeLimitDays, .timeLimitDays)
        try c.encode(overdue, forKey: .overdue)
        try c.encode(urges, forKey: .urges)
        if let noticeFrom { try c.encode(noticeFrom, forKey: .noticeFrom) }
        if let noticeTo { try c.encode(noticeTo, forKey: .noticeTo) }
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(originUnitName ?? originUnit, forKey: .originUnitName)
        try c.encode(streetName ?? street, forKey: .streetName)
        try nullable(currentUnit.map { currentUnitName ?? $0 }, .currentUnitName)
        if type == .case {
            for (value, key) in [
                (source, CodingKeys.source), (village, .village), (company, .company), (assignedUnit, .assignedUnit), (due, .due),
                (problem, .problem), (outcome, .outcome), (result, .result),
                (assignedUnit.map { assignedUnitName ?? $0 }, .assignedUnitName),
                (village.map { villageName ?? $0 }, .villageName),
                (company.map { companyName ?? $0 }, .companyName),
            ] {
                try nullable(value, key)
            }
        }
        try c.encodeIfPresent(lines, forKey: .lines)
        try c.encodeIfPresent(homes, forKey: .homes)
        try c.encodeIfPresent(checks, forKey: .checks)
        try c.encodeIfPresent(history, forKey: .history)
    }
}

extension DocumentView.Totals {
    enum CodingKeys: String, CodingKey {
        case households
        case coalTons = "coal_tons"
        case stoves
        case subsidyFen = "subsidy_fen"
    }
}

/// One household on a registration form. ID number and phone are masked unless the reader needs them.
public struct HouseholdLine: Sendable, Codable, Hashable {
    public var lineNo: Int
    public var name: String
    public var address: String
    public var idNumber: String
    public var phone: String
    public var coalTons: String
    public var stoves: Int
    public var subsidyFen: Int64

    public init(
        lineNo: Int, name: String, address: String, idNumber: String, phone: String, coalTons: String, stoves: Int,
        subsidyFen: Int64
    ) {
        self.lineNo = lineNo
        self.name = name
        self.address = address
        self.idNumber = idNumber
        self.phone = phone
        self.coalTons = coalTons
        self.stoves = stoves
        self.subsidyFen = subsidyFen
    }

    enum CodingKeys: String, CodingKey {
        case lineNo = "line_no"
        case name, address
        case idNumber = "id_number"
        case phone
        case coalTons = "coal_tons"
        case stoves
        case subsidyFen = "subsidy_fen"
    }
}

/// A check shown by `show` and used by `approve --all-passing`. A blocking check protects money: while
/// it fails, no one can approve the document; it can only be returned or rejected.
/// `message` is English, as it always was; `message_zh` says the same in Chinese.
public struct Check: Sendable, Codable, Hashable {
    public var name: String
    public var passed: Bool
    public var message: String
    /// Nil only from a server older than this key.
    public var messageZh: String?
    public var blocking: Bool

    public init(_ kind: CheckKind, passed: Bool, message: Message) {
        self.name = kind.rawValue
        self.passed = passed
        self.message = message.en
        self.messageZh = message.zh
        self.blocking = kind.blocksApproval
    }

    enum CodingKeys: String, CodingKey {
        case name, passed, message
        case messageZh = "message_zh"
        case blocking
    }

    public var kind: CheckKind? { CheckKind(rawValue: name) }

    /// The check's name as people read it; one this build does not know reads as its code.
    public var label: Message { kind?.label ?? Message(zh: name, en: name) }

    /// What the check found, in both languages.
    public var text: Message { Message(zh: messageZh ?? message, en: message) }
}

/// The checks a document gets, named as in the JSON of `show`.
public enum CheckKind: String, Sendable, CaseIterable {
    case idNumbersValid = "id_numbers_valid"
    case noDuplicateHouseholds = "no_duplicate_households"
    case noticePeriod = "notice_period"
    case totalsMatch = "totals_match"
    case sealValid = "seal_valid"
    case slipsMatchHouseholds = "slips_match_households"
    case noOverDelivery = "no_over_delivery"

    /// The checks that protect money: a household paid twice, totals that are not the sum of their parts,
    /// content changed after the seal, slips for households not released, more delivered than registered.
    /// ID numbers were validated when entered and the notice period before submission: those two inform.
    public var blocksApproval: Bool {
        switch self {
        case .noDuplicateHouseholds, .totalsMatch, .sealValid, .slipsMatchHouseholds, .noOverDelivery: true
        case .idNumbersValid, .noticePeriod: false
        }
    }
}

/// One event of a document's history, oldest first.
public struct HistoryEntry: Sendable, Codable, Hashable {
    public var action: String
    public var unit: String
    /// The unit's name; nil only from a server older than `unit_name`.
    public var unitName: String?
    public var login: String
    public var at: String
    public var comment: String?
    public var fromStatus: String
    public var toStatus: String
    public var step: Int?

    public init(
        action: String, unit: String, unitName: String? = nil, login: String, at: String, comment: String?, fromStatus: String,
        toStatus: String, step: Int?
    ) {
        self.action = action
        self.unit = unit
        self.unitName = unitName
        self.login = login
        self.at = at
        self.comment = comment
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.step = step
    }

    enum CodingKeys: String, CodingKey {
        case action, unit
        case unitName = "unit_name"
        case login, at, comment
        case fromStatus = "from_status"
        case toStatus = "to_status"
        case step
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(unit, forKey: .unit)
        try c.encode(unitName ?? unit, forKey: .unitName)
        try c.encode(login, forKey: .login)
        try c.encode(at, forKey: .at)
        try c.encode(comment, forKey: .comment)
        try c.encode(fromStatus, forKey: .fromStatus)
        try c.encode(toStatus, forKey: .toStatus)
        try c.encode(step, forKey: .step)
    }
}

/// Document ids are printed as `D` and the number (`D42`); the bare number is accepted too.
public enum DocumentID {
    public static func format(_ id: Int64) -> String { "D\(id)" }

    public static func parse(_ text: String) -> Int64? {
        let body = text.hasPrefix("D") || text.hasPrefix("d") ? text.dropFirst() : Substring(text)
        guard let id = Int64(body), id > 0 else { return nil }
        return id
    }
}

/// An inspection's id as people read it: `I` and the number.
public enum InspectionID {
    public static func format(_ id: Int64) -> String { "I\(id)" }

    public static func parse(_ text: String) -> Int64? {
        let body = text.hasPrefix("I") || text.hasPrefix("i") ? text.dropFirst() : Substring(text)
        guard let id = Int64(body), id > 0 else { return nil }
        return id
    }
}
