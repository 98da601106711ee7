/// Quality samples (质量抽检): scjgj samples each delivery company's coal and stoves (plan §五(三), §六(二)).
/// Pass or fail follows the program year's limits, held as data; a failed sample opens a case.
public enum QualitySample {
    /// The unit the plan charges with sampling; it also handles the cases failed samples open.
    public static let samplingUnit = "scjgj"

    /// scjgj records samples and opens their cases, and so may the office; viewers only read.
    public static func mayBeRecorded(by user: ActingUser) -> Bool {
        user.role != .viewer && (user.unit == samplingUnit || user.unitKind == .office)
    }
}

/// What a sample measures: of coal, total sulfur St,d, ash Ad, volatile matter Vdaf (%) and net
/// calorific value Qnet,ar (MJ/kg); of a stove, its thermal efficiency (%).
public enum QualityIndicator: String, Sendable, CaseIterable, Codable {
    case sulfur, ash, volatile, heat, efficiency

    public static func measured(on product: Product) -> [QualityIndicator] {
        product == .coal ? [.sulfur, .ash, .volatile, .heat] : [.efficiency]
    }

    /// More is better for heat and efficiency, so their limit is a minimum; the others' is a maximum.
    public var limitIsMinimum: Bool { self == .heat || self == .efficiency }

    /// The top of the plausible range: 100 % for a percentage, 40 MJ/kg for heat.
    public var maximum: QualityMeasure { QualityMeasure(thousandths: self == .heat ? 40_000 : 100_000) }

    public var unit: String { self == .heat ? "MJ/kg" : "%" }

    /// How `coalflow admin quality-limits set` names its limit: `sulfur-max`, `heat-min`.
    public var limitFlag: String { rawValue + (limitIsMinimum ? "-min" : "-max") }

    public var label: Message {
        switch self {
        case .sulfur: Message(zh: "全硫 St,d", en: "total sulfur St,d")
        case .ash: Message(zh: "灰分 Ad", en: "ash Ad")
        case .volatile: Message(zh: "挥发分 Vdaf", en: "volatile matter Vdaf")
        case .heat: Message(zh: "低位发热量 Qnet,ar", en: "net calorific value Qnet,ar")
        case .efficiency: Message(zh: "热效率", en: "thermal efficiency")
        }
    }

    /// A limit as people write it: `≤ 0.5`, `≥ 23`.
    public func bound(_ limit: QualityMeasure) -> String { "\(limitIsMinimum ? "≥" : "≤") \(limit)" }

    /// A reading at the limit passes.
    public func passes(_ reading: QualityMeasure, limit: QualityMeasure) -> Bool {
        limitIsMinimum ? reading >= limit : reading <= limit
    }
}

/// A reading or a limit: a percentage or MJ/kg, exact to the thousandth. Never a Double: it is held
/// as whole thousandths.
public struct QualityMeasure: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let thousandths: Int64

    public init(thousandths: Int64) {
        self.thousandths = thousandths
    }

    /// Parses `0.5`, `23.45`; refuses signs, exponents, more than 3 decimals and values beyond the
    /// indicator's plausible range (0–100 %, 0–40 MJ/kg), naming `field`.
    public init(parsing raw: String, for indicator: QualityIndicator, field: String) throws(InputError) {
        let noun = DecimalText.Noun(
            zh: indicator.label.zh, en: indicator.label.en, precisionZh: "0.001", precisionEn: "0.001")
        thousandths = try DecimalText.parse(raw, places: 3, maxWholeDigits: 3, field: field, noun: noun)
        guard thousandths <= indicator.maximum.thousandths else {
            throw InputError(
                field: field, zh: "\(indicator.label.zh)「\(raw)」应在 0–\(indicator.maximum) \(indicator.unit) 之间",
                en: "\(indicator.label.en) '\(raw)' must be within 0–\(indicator.maximum) \(indicator.unit)")
        }
    }

    public static func < (a: QualityMeasure, b: QualityMeasure) -> Bool { a.thousandths < b.thousandths }

    /// Without trailing zeros: `0.5`, `23`, `23.45`.
    public var description: String {
        var fraction = String(thousandths % 1000).leftPadded(to: 3)
        while fraction.last == "0" { fraction.removeLast() }
        return String(thousandths / 1000) + (fraction.isEmpty ? "" : "." + fraction)
    }
}

/// What one sample measured: exactly the indicators of its product, each within its range.
public struct QualityReadings: Sendable, Hashable {
    public let product: Product
    public let values: [QualityIndicator: QualityMeasure]

    /// Checks the readings as typed, naming the first wrong one.
    public init(product: Product, texts: [QualityIndicator: String]) throws(InputError) {
        try Self.checkGiven(Set(texts.keys), for: product)
        var values: [QualityIndicator: QualityMeasure] = [:]
        for indicator in QualityIndicator.measured(on: product) {
            values[indicator] = try QualityMeasure(parsing: texts[indicator]!, for: indicator, field: indicator.rawValue)
        }
        self.product = product
        self.values = values
    }

    /// Readings keyed by indicator name (`"sulfur"`), as the API carries them; an unknown name is refused.
    public static func byIndicator(_ texts: [String: String]) throws(InputError) -> [QualityIndicator: String] {
        var readings: [QualityIndicator: String] = [:]
        for (name, text) in texts {
            guard let indicator = QualityIndicator(rawValue: name) else {
                let known = QualityIndicator.allCases.map(\.rawValue).joined(separator: ", ")
                throw InputError(
                    field: "readings", zh: "未知指标「\(name)」，应为 \(known) 之一", en: "unknown indicator '\(name)'; one of \(known)")
            }
            readings[indicator] = text
        }
        return readings
    }

    /// A coal sample gives the four coal indicators, a stove sample its efficiency, and nothing else.
    public static func checkGiven(_ given: Set<QualityIndicator>, for product: Product) throws(InputError) {
        let needed = QualityIndicator.measured(on: product)
        let name = product == .coal ? Message(zh: "洁净煤", en: "coal") : Message(zh: "炉具", en: "stove")
        if let missing = needed.first(where: { !given.contains($0) }) {
            throw InputError(
                field: missing.rawValue, zh: "\(name.zh)抽检须给出\(missing.label.zh)",
                en: "a \(name.en) sample needs its \(missing.label.en)")
        }
        if let extra = QualityIndicator.allCases.first(where: { given.contains($0) && !needed.contains($0) }) {
            throw InputError(
                field: extra.rawValue, zh: "\(name.zh)抽检不测\(extra.label.zh)", en: "a \(name.en) sample has no \(extra.label.en)")
        }
    }
}

/// A program year's limits, set by the office (the plan names no numbers): a maximum for sulfur, ash and
/// volatile matter, a minimum for heat and stove efficiency.
public struct QualityLimits: Sendable, Hashable {
    public var values: [QualityIndicator: QualityMeasure]
    /// Demo limits (`admin seed --demo`), made up: what is judged against them is demo too.
    public var isDemo: Bool

    public init(_ values: [QualityIndicator: QualityMeasure], isDemo: Bool = false) {
        self.values = values
        self.isDemo = isDemo
    }

    /// The limits a sample of this product is judged by that are not set.
    public func missing(for product: Product) -> [QualityIndicator] {
        QualityIndicator.measured(on: product).filter { values[$0] == nil }
    }

    /// The readings outside their limit, in the indicators' order. Judge only with none `missing`.
    public func failures(of readings: QualityReadings) -> [QualityIndicator] {
        QualityIndicator.measured(on: readings.product).filter { indicator in
            guard let reading = readings.values[indicator], let limit = values[indicator] else { return false }
            return !indicator.passes(reading, limit: limit)
        }
    }

    /// What the case a failed sample opens says: each failed reading against its limit; 【演示】 first
    /// when the limits are demo limits.
    public func problem(of readings: QualityReadings, failed: [QualityIndicator], date: CivilDate) -> String {
        let product = readings.product == .coal ? "洁净煤" : "炉具"
        let items = failed.map { indicator in
            "\(indicator.label.zh) \(readings.values[indicator]!) \(indicator.unit)（限值 \(indicator.bound(values[indicator]!))）"
        }
        // Judged against made-up limits, the case is marked 演示 like the rest of the demo.
        return (isDemo ? "【演示】" : "") + "质量抽检不合格（\(product)，\(date)）：" + items.joined(separator: "；")
    }
}

/// A sample's id as people read it: `Q` and the number.
public enum SampleID {
    public static func format(_ id: Int64) -> String { "Q\(id)" }
}

/// A quality sample as people and programs read it (the JSON keys of the command-line contract).
public struct SampleView: Sendable, Codable, Hashable {
    public var id: String
    /// The unit that recorded it.
    public var unit: String
    public var company: String
    public var product: Product
    public var date: String
    public var lab: String?
    /// The readings by indicator name (`"sulfur": "0.45"`), exact decimals as text.
    public var readings: [String: String]
    public var passed: Bool
    public var failed: [QualityIndicator]
    /// The case a failed sample opened (`D12`).
    public var caseID: String?

    public init(
        id: String, unit: String, company: String, product: Product, date: String, lab: String?,
        readings: [String: String], failed: [QualityIndicator], caseID: String?
    ) {
        self.id = id
        self.unit = unit
        self.company = company
        self.product = product
        self.date = date
        self.lab = lab
        self.readings = readings
        self.passed = failed.isEmpty
        self.failed = failed
        self.caseID = caseID
    }

    /// `lab` and `case_id` are present as null rather than left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(unit, forKey: .unit)
        try c.encode(company, forKey: .company)
        try c.encode(product, forKey: .product)
        try c.encode(date, forKey: .date)
        try c.encode(lab, forKey: .lab)
        try c.encode(readings, forKey: .readings)
        try c.encode(passed, forKey: .passed)
        try c.encode(failed, forKey: .failed)
        try c.encode(caseID, forKey: .caseID)
    }

    enum CodingKeys: String, CodingKey {
        case id, unit, company, product, date, lab, readings, passed, failed
        case caseID = "case_id"
    }
}

/// A village's coordinator (协查员, plan §六(四)): a named village committee member, the phone masked.
public struct VillageCoordinator: Sendable, Codable, Hashable {
    public var village: String
    public var name: String
    public var phone: String

    public init(village: String, name: String, phone: String) {
        self.village = village
        self.name = name
        self.phone = phone
    }
}
