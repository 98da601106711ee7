/// An amount of money in fen (分, 1/100 yuan), exact.
public struct Fen: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: Int64

    public static let zero = Fen(0)

    public init(_ value: Int64) {
        self.value = value
    }

    /// Parses an amount in yuan such as `300`, `1150.5`, `1150.50`; at most 2 decimals, not negative.
    public init(yuan raw: String, field: String = "yuan") throws(InputError) {
        value = try DecimalText.parse(
            raw, places: 2, maxWholeDigits: 12, field: field,
            noun: .init(zh: "金额", en: "amount", precisionZh: "分", precisionEn: "fen"))
    }

    public static func < (a: Fen, b: Fen) -> Bool { a.value < b.value }
    public static func + (a: Fen, b: Fen) -> Fen { Fen(a.value + b.value) }

    /// In yuan with 2 decimals and no grouping: `1150.50`.
    public var yuan: String {
        let sign = value < 0 ? "-" : ""
        let m = value.magnitude
        let f = String(m % 100)
        return sign + String(m / 100) + "." + (f.count == 1 ? "0" : "") + f
    }

    public var description: String { yuan }
}
