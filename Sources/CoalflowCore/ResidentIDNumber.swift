/// A mainland resident ID number (居民身份证号码), GB 11643-1999: 6-digit area code, 8-digit birth
/// date, 3-digit sequence and an ISO 7064 MOD 11-2 check character.
public struct ResidentIDNumber: Sendable, Hashable, CustomStringConvertible {
    /// The normalised 18 characters (a lowercase check `x` becomes `X`).
    public let value: String

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkMap = Array("10X98765432")

    public init(_ raw: String, field: String = "id_number") throws(InputError) {
        let text = raw.trimmingSpaces().uppercased()
        let chars = Array(text)
        guard chars.count == 18 else {
            throw InputError(
                field: field, zh: "身份证号应为 18 位，实为 \(chars.count) 位", en: "ID number must have 18 characters, has \(chars.count)")
        }
        let digits = chars.prefix(17).compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == 17, chars[17] == "X" || (chars[17].isASCII && chars[17].isNumber) else {
            throw InputError(
                field: field, zh: "身份证号前 17 位应为数字，末位为数字或 X", en: "ID number must be 17 digits followed by a digit or X")
        }
        let y = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let m = digits[10] * 10 + digits[11]
        let d = digits[12] * 10 + digits[13]
        guard y >= 1900, CivilDate(year: y, month: m, day: d) != nil else {
            throw InputError(
                field: field, zh: "身份证号中的出生日期 \(String(chars[6..<14])) 不存在",
                en: "ID number birth date \(String(chars[6..<14])) is not a real date")
        }
        let sum = zip(digits, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        let expected = Self.checkMap[sum % 11]
        guard chars[17] == expected else {
            throw InputError(
                field: field, zh: "身份证号校验位错误（应为 \(expected)）", en: "ID number check character is wrong (expected \(expected))")
        }
        value = text
    }

    /// The number of a person born on `birth` in `area` (6 digits), with `sequence` (0–999) and its check
    /// character: for demo data.
    public init(area: String, birth: CivilDate, sequence: Int) throws(InputError) {
        let body = area + String(format: "%04d%02d%02d%03d", birth.year, birth.month, birth.day, sequence % 1000)
        let sum = zip(body.compactMap(\.wholeNumberValue), Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        try self.init(body + String(Self.checkMap[sum % 11]))
    }

    /// The birth date encoded in the number.
    public var birthDate: CivilDate {
        let c = Array(value)
        return CivilDate(year: Int(String(c[6..<10]))!, month: Int(String(c[10..<12]))!, day: Int(String(c[12..<14]))!)!
    }

    /// Shown to those who do not need the full number: area code and last four kept, `370902********123X`.
    public var masked: String {
        String(value.prefix(6)) + String(repeating: "*", count: 8) + String(value.suffix(4))
    }

    public var description: String { masked }
}

extension String {
    /// Trims ASCII and full-width spaces, tabs and line ends at both ends.
    public func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{3000}" || $0 == "\t" || $0.isNewline }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
