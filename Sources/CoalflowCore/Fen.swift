/// An amount of money in fen (分, 1/100 yuan), exact.
public struct Fen: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: Int64

    public static let zero = Fen(0)

    public init(_ value: Int64) {
        self.value = value
    }

    /// Parses an amount in yuan such as `300`, `1150.5`, `1150.50`; at most 2 decimals, not negative.
    public init(yuan raw: String, field: String = "yuan") throws(InputError) {
        let text = raw.trimmingSpaces()
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let isDigits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard !text.isEmpty, parts.count <= 2, !parts[0].isEmpty, parts.allSatisfy(isDigits),
              parts.count == 1 || !parts[1].isEmpty else {
            throw InputError(field: field, zh: "金额「\(text)」不是非负的元数", en: "amount '\(text)' is not a non-negative number of yuan")
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 2 else {
            throw InputError(field: field, zh: "金额「\(text)」最多 2 位小数（精确到分）", en: "amount '\(text)' has more than 2 decimals (fen precision)")
        }
        let whole = parts[0].drop { $0 == "0" }
        guard whole.count <= 12, let w = Int64(whole.isEmpty ? "0" : String(whole)) else {
            throw InputError(field: field, zh: "金额「\(text)」过大", en: "amount '\(text)' is too large")
        }
        value = w * 100 + Int64(fraction + String(repeating: "0", count: 2 - fraction.count))!
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
