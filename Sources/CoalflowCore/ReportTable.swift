/// One value of a report table. Quantities stay exact until a writer formats them.
public enum Cell: Sendable, Hashable, Codable {
    case text(String)
    case integer(Int64)
    /// Coal, in thousandths of a ton.
    case tons(Int64)
    /// Money, in fen.
    case yuan(Int64)
    /// A share in tenths of a percent (`455` is 45.5 %); nil when there is nothing to compare with.
    case percent(Int64?)
    /// A duration in days, to one decimal (in tenths of a day).
    case days(Int64?)

    /// The value as a person reads it in a table or a CSV file.
    public var display: String {
        switch self {
        case .text(let s): s
        case .integer(let n): String(n)
        case .tons(let t): Tons(thousandths: t).description
        case .yuan(let f): Fen(f).yuan
        case .percent(let p): p.map { Self.tenths($0) + "%" } ?? ""
        case .days(let d): d.map(Self.tenths) ?? ""
        }
    }

    public static func tenths(_ value: Int64) -> String {
        let sign = value < 0 ? "-" : ""
        return sign + "\(value.magnitude / 10).\(value.magnitude % 10)"
    }

    /// `part` of `whole` in tenths of a percent, rounded half up; nil when the whole is zero.
    public static func share(_ part: Int64, of whole: Int64) -> Cell {
        guard whole > 0 else { return .percent(nil) }
        return .percent((part * 2000 + whole) / (2 * whole))
    }
}

/// A column of a report table: its Chinese header, and what kind of values it holds.
public struct Column: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case text, integer, tons, yuan, percent, days
    }

    public let name: String
    public let kind: Kind
    /// Whether the totals row adds this column up.
    public let summed: Bool

    public init(_ name: String, _ kind: Kind, summed: Bool = false) {
        self.name = name
        self.kind = kind
        self.summed = summed
    }
}

/// A native chart that a workbook draws below a sheet's table: one category per data row (the totals
/// row left out), one series per value column, each named by its column's header. CSV has no charts.
public struct SheetChart: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Vertical bars, the series side by side in each category.
        case column
        /// Horizontal bars, the series side by side in each category.
        case bar
        /// A line through each series' points.
        case line
    }

    public let title: String
    public let kind: Kind
    /// The header of the column whose values name the categories, e.g. 街道.
    public let categories: String
    /// The headers of the columns drawn, one series each, in this order.
    public let values: [String]

    public init(_ title: String, _ kind: Kind = .column, categories: String, values: [String]) {
        self.title = title
        self.kind = kind
        self.categories = categories
        self.values = values
    }

    /// The positions of the category column and the value columns among `columns`; nil if one is missing.
    public func positions(in columns: [Column]) -> (categories: Int, values: [Int])? {
        let names = columns.map(\.name)
        guard let category = names.firstIndex(of: categories) else { return nil }
        let values = self.values.compactMap { names.firstIndex(of: $0) }
        return values.count == self.values.count ? (category, values) : nil
    }
}

/// The shape of one sheet (or one CSV file) of a report.
public struct SheetSpec: Sendable, Hashable, Codable {
    /// Sheet name and CSV file name, e.g. 街道考核.
    public let name: String
    public let title: String
    public let columns: [Column]
    /// The chart a workbook draws of the sheet, if any. It is how this build presents the sheet, not
    /// part of it: the API leaves it out (see `CodingKeys`), and a client takes it back with `charted(like:)`.
    public var chart: SheetChart?

    enum CodingKeys: String, CodingKey {
        case name, title, columns
    }

    public init(name: String, title: String, columns: [Column], chart: SheetChart? = nil) {
        self.name = name
        self.title = title
        self.columns = columns
        self.chart = chart
    }

    /// This spec (as the server sent it) with the chart of the sheet of the same name among `known`.
    public func charted(like known: [SheetSpec]) -> SheetSpec {
        var spec = self
        spec.chart = known.first { $0.name == name }?.chart
        return spec
    }

    /// The totals row for `rows`: sums of the summed columns, 合计 in the first.
    public func totals(_ sums: [Int64?]) -> [Cell] {
        columns.enumerated().map { index, column in
            if index == 0 { return .text("合计") }
            guard column.summed, let sum = sums[index] else { return .text("") }
            switch column.kind {
            case .tons: return .tons(sum)
            case .yuan: return .yuan(sum)
            default: return .integer(sum)
            }
        }
    }
}

/// Adds up the summed columns of rows as they stream past, so a totals row needs no second pass.
public struct RunningTotals: Sendable {
    let spec: SheetSpec
    var sums: [Int64?]

    public init(_ spec: SheetSpec) {
        self.spec = spec
        sums = spec.columns.map { $0.summed ? 0 : nil }
    }

    public mutating func add(_ row: [Cell]) {
        for (index, cell) in row.enumerated() where index < sums.count && sums[index] != nil {
            switch cell {
            case .integer(let n), .tons(let n), .yuan(let n): sums[index]! += n
            default: break
            }
        }
    }

    public var row: [Cell] { spec.totals(sums) }
}

extension Cell {
    /// The cell as one compact JSON value: text as a string, quantities as whole numbers in their exact
    /// unit (kilograms, fen, tenths), nothing as null. `kind` reads it back.
    public var json: String {
        switch self {
        case .text(let s): Self.quoted(s)
        case .integer(let n), .tons(let n), .yuan(let n): String(n)
        case .percent(let p), .days(let p): p.map(String.init) ?? "null"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
