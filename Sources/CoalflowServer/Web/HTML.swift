/// A piece of HTML. Interpolated strings are escaped, interpolated `HTML` is kept as it is: text from
/// users (names, addresses, reasons) can only reach a page as text.
struct HTML: ExpressibleByStringInterpolation, Sendable {
    let text: String

    init(stringLiteral value: String) { text = value }

    init(stringInterpolation: Interpolation) { text = stringInterpolation.text }

    private init(raw: String) { text = raw }

    static let empty = HTML(raw: "")

    struct Interpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) { text += literal }
        mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }
        mutating func appendInterpolation(_ value: Int) { text += String(value) }
        mutating func appendInterpolation(_ value: HTML) { text += value.text }
        mutating func appendInterpolation(_ values: [HTML]) { for value in values { text += value.text } }
    }

    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attribute values.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Pieces joined, e.g. table rows.
    static func join(_ pieces: [HTML]) -> HTML { HTML(raw: pieces.map(\.text).joined()) }

    /// `value` if `condition`, nothing otherwise.
    static func when(_ condition: Bool, _ value: @autoclosure () -> HTML) -> HTML { condition ? value() : .empty }
}
