/// Splits a file of SQL statements at its semicolons, one statement each, because PostgresNIO sends
/// every query through the extended protocol, which takes one statement at a time. Semicolons inside
/// quotes ('…', "…"), dollar-quoted bodies ($$…$$, $tag$…$tag$) and comments do not split.
public enum SQLScript {
    public static func statements(_ script: String) -> [String] {
        let chars = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        func flush() {
            let text = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { statements.append(text) }
            current = String.UnicodeScalarView()
        }
        func copy(until end: Int) {
            current.append(contentsOf: chars[i..<min(end, chars.count)])
            i = min(end, chars.count)
        }
        func find(_ needle: [Unicode.Scalar], from start: Int) -> Int {
            var j = start
            while j + needle.count <= chars.count {
                if Array(chars[j..<j + needle.count]) == needle { return j }
                j += 1
            }
            return chars.count
        }
        while i < chars.count {
            let c = chars[i]
            let next = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "-" where next == "-":
                // A line comment: dropped, up to the end of the line.
                i = find(["\n"], from: i)
            case "/" where next == "*":
                i = find(["*", "/"], from: i + 2) + 2
            case "'", "\"":
                var j = i + 1
                while j < chars.count {
                    if chars[j] == c {
                        if j + 1 < chars.count, chars[j + 1] == c {
                            j += 2
                            continue
                        }
                        break
                    }
                    j += 1
                }
                copy(until: j + 1)
            case "$":
                var j = i + 1
                while j < chars.count, chars[j] == "_" || chars[j].properties.isAlphabetic || ("0"..."9").contains(chars[j]) {
                    j += 1
                }
                if j < chars.count, chars[j] == "$", !(i > 0 && chars[i - 1].properties.isAlphabetic) {
                    let tag = Array(chars[i...j])
                    let close = find(tag, from: j + 1)
                    copy(until: close + tag.count)
                } else {
                    copy(until: i + 1)
                }
            case ";":
                flush()
                i += 1
            default:
                copy(until: i + 1)
            }
        }
        flush()
        return statements
    }
}
