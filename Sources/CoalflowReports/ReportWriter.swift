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
