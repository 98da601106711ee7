/// A calendar date without time or zone (`YYYY-MM-DD`), as printed on forms and slips.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Refuses dates that do not exist, such as 2021-02-29.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init(parsing text: String, field: String = "date") throws(InputError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) })
        else {
            throw InputError(field: field, zh: "日期「\(text)」格式应为 YYYY-MM-DD", en: "date '\(text)' must be YYYY-MM-DD")
        }
        guard let date = CivilDate(year: y, month: m, day: d) else {
            throw InputError(field: field, zh: "日期「\(text)」不存在", en: "date '\(text)' does not exist")
        }
        self = date
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Text that is no date is refused like any value a person typed: an `InputError` naming the field
    /// (the key it was read from), which the API answers with a 422.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try CivilDate(parsing: text, field: decoder.codingPath.last?.stringValue ?? "date")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension CivilDate {
    /// The following day.
    public var next: CivilDate {
        if let d = CivilDate(year: year, month: month, day: day + 1) { return d }
        if let d = CivilDate(year: year, month: month + 1, day: 1) { return d }
        return CivilDate(year: year + 1, month: 1, day: 1)!
    }
}

extension CivilDate {
    /// The day before.
    public var previous: CivilDate {
        if let d = CivilDate(year: year, month: month, day: day - 1) { return d }
        if month > 1 { return CivilDate(year: year, month: month - 1, day: CivilDate.daysIn(month: month - 1, year: year))! }
        return CivilDate(year: year - 1, month: 12, day: 31)!
    }
}
