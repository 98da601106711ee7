/// Reads CSV text as Excel writes it: UTF-8 with or without a BOM, comma-separated, fields optionally
/// in double quotes (a quote inside doubled), CRLF or LF line ends. Blank lines are skipped.
public enum CSV {
    /// One field as written: defused against formula injection (`TextLayout.defused`), and quoted when it
    /// holds a comma, a quote or a line break.
    public static func field(_ value: String) -> String {
        let text = TextLayout.defused(value)
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
    }

    public struct Row: Sendable, Hashable {
        /// The line the row starts on, counting the header as line 1.
        public let line: Int
        public let fields: [String]
    }

    public static func parse(_ text: String) throws(InputError) -> [Row] {
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var rows: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var iterator = scalars.makeIterator()
        var pending = iterator.next()
        func endRow() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
        }
        while let c = pending {
            pending = iterator.next()
            if inQuotes {
                if c == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
            case "\r" where pending == "\n": continue
            case "\n", "\r":
                endRow()
                line += 1
                rowLine = line
            default: field.append(c)
            }
        }
        if inQuotes {
            throw InputError(field: "file", zh: "第 \(rowLine) 行的引号没有闭合", en: "line \(rowLine): a quoted field is not closed")
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }

    /// Maps a header row to the canonical column names, accepting either of the given spellings
    /// for each column, in any order.
    public static func columns(_ header: Row, _ spellings: [(canonical: String, alternatives: [String])]) throws(InputError)
        -> [String: Int]
    {
        var index: [String: Int] = [:]
        let names = header.fields.map { $0.trimmingSpaces() }
        for (canonical, alternatives) in spellings {
            guard let position = names.firstIndex(where: { $0 == canonical || alternatives.contains($0) }) else {
                throw InputError(
                    field: "header",
                    zh: "表头缺少「\(alternatives.first ?? canonical)」列（或 \(canonical)）",
                    en: "the header has no column '\(canonical)' (or \(alternatives.joined(separator: ", ")))")
            }
            index[canonical] = position
        }
        return index
    }
}
