/// A small report: a few sheets whose rows fit in memory (the monthly and quarterly dispatch).
public struct Report: Sendable, Codable {
    public struct Sheet: Sendable, Codable {
        public var spec: SheetSpec
        public var rows: [[Cell]]
        public var totals: [Cell]?

        public init(spec: SheetSpec, rows: [[Cell]], totals: [Cell]?) {
            self.spec = spec
            self.rows = rows
            self.totals = totals
        }
    }

    public var title: String
    public var subtitle: String
    public var sheets: [Sheet]

    public init(title: String, subtitle: String, sheets: [Sheet]) {
        self.title = title
        self.subtitle = subtitle
        self.sheets = sheets
    }
}
