/// How text lands in a spreadsheet cell or a terminal column: one rule each, for every writer.
public enum TextLayout {
    /// A text a spreadsheet would run as a formula (CSV/formula injection: it starts with `=`, `+`, `-`,
    /// `@`, tab or CR) gets a leading `'`, so it is shown and never run. A plain negative number stays a
    /// number.
    public static func defused(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        if first == "-", text.count > 1, text.dropFirst().allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }) { return text }
        return "'" + text
    }

    /// Display width in terminal (or spreadsheet) columns: East Asian wide and full-width characters
    /// count two.
    public static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, scalar in
            let v = scalar.value
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return sum + (wide ? 2 : 1)
        }
    }
}
