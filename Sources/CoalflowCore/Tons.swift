/// A quantity of clean coal in tons, exact to the kilogram (at most 3 decimals). Never a Double:
/// it is held as whole thousandths of a ton.
public struct Tons: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Thousandths of a ton (kilograms).
    public let thousandths: Int64

    /// The largest quantity the database column `numeric(12,3)` holds.
    public static let max = Tons(thousandths: 999_999_999_999)
    public static let zero = Tons(thousandths: 0)

    public init(thousandths: Int64) {
        self.thousandths = thousandths
    }

    /// Parses `12`, `12.5`, `12.500`; refuses signs, exponents, more than 3 decimals and overflow.
    public init(parsing raw: String, field: String = "coal_tons") throws(InputError) {
        let text = raw.trimmingSpaces()
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let isDigits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard !text.isEmpty, parts.count <= 2, !parts[0].isEmpty, parts.allSatisfy(isDigits),
              parts.count == 1 || !parts[1].isEmpty else {
            throw InputError(field: field, zh: "吨数「\(text)」不是非负数", en: "tons '\(text)' is not a non-negative number")
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 3 else {
            throw InputError(field: field, zh: "吨数「\(text)」最多 3 位小数（精确到千克）", en: "tons '\(text)' has more than 3 decimals (kilogram precision)")
        }
        let whole = parts[0].drop { $0 == "0" }
        guard whole.count <= 9, let w = Int64(whole.isEmpty ? "0" : String(whole)) else {
            throw InputError(field: field, zh: "吨数「\(text)」过大", en: "tons '\(text)' is too large")
        }
        let f = Int64(fraction + String(repeating: "0", count: 3 - fraction.count))!
        thousandths = w * 1000 + f
    }

    public static func < (a: Tons, b: Tons) -> Bool { a.thousandths < b.thousandths }
    public static func + (a: Tons, b: Tons) -> Tons { Tons(thousandths: a.thousandths + b.thousandths) }
    public static func - (a: Tons, b: Tons) -> Tons { Tons(thousandths: a.thousandths - b.thousandths) }

    /// Always 3 decimals, as the spec's JSON wants: `"12.500"`.
    public var description: String {
        let sign = thousandths < 0 ? "-" : ""
        let m = thousandths.magnitude
        let f = String(m % 1000)
        return sign + String(m / 1000) + "." + String(repeating: "0", count: 3 - f.count) + f
    }
}
