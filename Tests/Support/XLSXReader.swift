import Foundation

/// Reads cells back from an .xlsx file for tests: unzips one sheet's XML and collects its cells.
/// Numbers come back as their text; strings written inline (constant-memory mode) or shared.
public enum XLSXReader {
    public static func sheetXML(_ path: String, sheet: Int) throws -> String {
        try member(path, "xl/worksheets/sheet\(sheet).xml")
    }

    public static func workbookXML(_ path: String) throws -> String {
        try member(path, "xl/workbook.xml")
    }

    /// One file of the zip archive that an .xlsx is, e.g. `xl/charts/chart1.xml`; empty if there is none.
    public static func member(_ path: String, _ name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-p", path, name]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Cell references (`A1`) to values.
    public static func cells(_ path: String, sheet: Int) throws -> [String: String] {
        let xml = try sheetXML(path, sheet: sheet)
        var cells: [String: String] = [:]
        let pattern = try NSRegularExpression(
            pattern: #"<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)"#, options: [.dotMatchesLineSeparators])
        let value = try NSRegularExpression(pattern: #"<(?:v|t)[^>]*>(.*?)</(?:v|t)>"#, options: [.dotMatchesLineSeparators])
        let ns = xml as NSString
        for match in pattern.matches(in: xml, range: NSRange(location: 0, length: ns.length)) {
            let ref = ns.substring(with: match.range(at: 1))
            guard match.range(at: 2).location != NSNotFound else { continue }
            let inner = ns.substring(with: match.range(at: 2)) as NSString
            if let v = value.firstMatch(in: inner as String, range: NSRange(location: 0, length: inner.length)) {
                cells[ref] = unescape(inner.substring(with: v.range(at: 1)))
            }
        }
        return cells
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(
                of: "&amp;", with: "&")
    }
}
