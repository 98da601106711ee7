/// A quantity of clean coal in tons, exact to the kilogram (at most 3 decimals). Never a Double:
/// it is held as whole thousandths of a ton.
public struct Tons: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Thousandths of a ton (kilograms).
    public let thousandths: Int64

    public static let zero = Tons(thousandths: 0)

    public init(thousandths: Int64) {
        self.thousandths = thousandths
    }

    /// Parses `12`, `12.5`, `12.500`; refuses signs, exponents, more than 3 decimals and overflow.
    public init(parsing raw: String, field: String = "coal_tons") throws(InputError) {
        thousandths = try DecimalText.parse(
            raw, places: 3, maxWholeDigits: 9, field: field,
            noun: .init(zh: "吨数", en: "tons", precisionZh: "千克", precisionEn: "kilogram"))
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
