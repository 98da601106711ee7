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

extension ReportWriter {
    /// Every sheet of `report`, rows then totals. `shaped` gives each sheet's layout as written (a client
    /// restores the charts the wire leaves out).
    public mutating func write(_ report: Report, shaped: (SheetSpec) -> SheetSpec = { $0 }) throws {
        for sheet in report.sheets {
            try beginSheet(shaped(sheet.spec), subtitle: report.title + "　" + report.subtitle)
            for row in sheet.rows { try write(row) }
            if let totals = sheet.totals { try writeTotals(totals) }
        }
    }
}
