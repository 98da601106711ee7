import CoalflowCore

/// The first line of a year-end export sheet (`GET /api/v1/exports/year-end`, NDJSON): the sheet's
/// columns and its subtitle. Each line after it is one row, a JSON array of the columns' values.
public struct ExportSheetHeader: Sendable, Codable {
    public var spec: SheetSpec
    public var subtitle: String

    public init(spec: SheetSpec, subtitle: String) {
        self.spec = spec
        self.subtitle = subtitle
    }
}
