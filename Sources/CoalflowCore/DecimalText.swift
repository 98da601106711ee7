/// Reads a non-negative decimal such as `12`, `12.5` or `12.500` into whole units of its last place
/// (thousandths of a ton, fen), exactly: no signs, exponents, separators or Double.
enum DecimalText {
    struct Noun {
        let zh: String
        let en: String
        /// What the smallest place is, for the "too many decimals" message: 千克 / kilogram.
        let precisionZh: String
        let precisionEn: String
    }

    static func parse(_ raw: String, places: Int, maxWholeDigits: Int, field: String, noun: Noun) throws(InputError) -> Int64 {
        let text = raw.trimmingSpaces()
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let isDigits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard !text.isEmpty, parts.count <= 2, !parts[0].isEmpty, parts.allSatisfy(isDigits),
            parts.count == 1 || !parts[1].isEmpty
        else {
            throw InputError(
                field: field, zh: "\(noun.zh)「\(text)」不是非负数", en: "\(noun.en) '\(text)' is not a non-negative number")
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= places else {
            throw InputError(
                field: field, zh: "\(noun.zh)「\(text)」最多 \(places) 位小数（精确到\(noun.precisionZh)）",
                en: "\(noun.en) '\(text)' has more than \(places) decimals (\(noun.precisionEn) precision)")
        }
        let whole = parts[0].drop { $0 == "0" }
        guard whole.count <= maxWholeDigits, let w = Int64(whole.isEmpty ? "0" : String(whole)) else {
            throw InputError(field: field, zh: "\(noun.zh)「\(text)」过大", en: "\(noun.en) '\(text)' is too large")
        }
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        return w * scale + Int64(fraction + String(repeating: "0", count: places - fraction.count))!
    }
}
