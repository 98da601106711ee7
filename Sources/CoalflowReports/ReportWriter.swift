import CoalflowCore

/// Writes report sheets row by row: nothing is held beyond the current row, so memory stays flat
/// however many rows there are.
public protocol ReportWriter {
    /// Starts a sheet; `subtitle` goes under the title (the year and the export time).
    mutating func beginSheet(_ spec: SheetSpec, subtitle: String) throws
    mutating func write(_ row: [Cell]) throws
    /// The sheet's last row, set apart.
    mutating func writeTotals(_ row: [Cell]) throws
    mutating func close() throws
}

public struct ReportWriteError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A text cell a spreadsheet would run as a formula (CSV/formula injection) is defused with a quote.
public func neutralised(_ text: String) -> String {
    guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
    // A plain negative number is a number, not a formula.
    if first == "-", text.count > 1, text.dropFirst().allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }) { return text }
    return "'" + text
}
