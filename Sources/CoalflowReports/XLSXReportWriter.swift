import CXLSXWriter
import CoalflowCore
import Foundation

/// Excel workbooks through libxlsxwriter in constant-memory mode: each row goes to disk as it is
/// written. A title row with the year and export time, a frozen bold header, widths that fit Chinese
/// text, number formats (`0.000` tons, `#,##0.00` yuan) and a bold totals row.
public struct XLSXReportWriter: ReportWriter {
    let workbook: UnsafeMutablePointer<lxw_workbook>
    /// workbook_close frees the workbook even when writing fails: a second close would touch freed memory.
    var closed = false
    var sheet: UnsafeMutablePointer<lxw_worksheet>?
    var spec: SheetSpec?
    var row: lxw_row_t = 0
    let path: String
    let formats: Formats

    struct Formats {
        let title, header, tons, yuan, integer, percent, days, text: UnsafeMutablePointer<lxw_format>
        let totalText, totalTons, totalYuan, totalInteger: UnsafeMutablePointer<lxw_format>
    }

    public init(path: String) throws {
        var options = lxw_workbook_options(
            constant_memory: UInt8(LXW_TRUE.rawValue), tmpdir: nil, use_zip64: UInt8(LXW_TRUE.rawValue))
        // libxlsxwriter writes the file when the workbook closes, over this one: it keeps the mode.
        try PrivateFile.create(path).close()
        guard let workbook = workbook_new_opt(path, &options) else { throw ReportWriteError("cannot create \(path)") }
        self.workbook = workbook
        self.path = path
        func format(bold: Bool = false, number: String? = nil, size: Double? = nil) -> UnsafeMutablePointer<lxw_format> {
            let f = workbook_add_format(workbook)!
            if bold { format_set_bold(f) }
            if let number { format_set_num_format(f, number) }
            if let size { format_set_font_size(f, size) }
            return f
        }
        formats = Formats(
            title: format(bold: true, size: 14), header: format(bold: true), tons: format(number: "0.000"),
            yuan: format(number: "#,##0.00"),
            integer: format(number: "0"), percent: format(number: "0.0\"%\""), days: format(number: "0.0"), text: format(),
            totalText: format(bold: true), totalTons: format(bold: true, number: "0.000"),
            totalYuan: format(bold: true, number: "#,##0.00"),
            totalInteger: format(bold: true, number: "0"))
    }

    public mutating func beginSheet(_ spec: SheetSpec, subtitle: String) throws {
        guard let sheet = workbook_add_worksheet(workbook, spec.name) else {
            throw ReportWriteError("cannot add sheet \(spec.name)")
        }
        self.sheet = sheet
        self.spec = spec
        for (index, column) in spec.columns.enumerated() {
            worksheet_set_column(sheet, lxw_col_t(index), lxw_col_t(index), Self.width(column), nil)
        }
        worksheet_write_string(sheet, 0, 0, spec.title + "　" + subtitle, formats.title)
        for (index, column) in spec.columns.enumerated() {
            worksheet_write_string(sheet, 1, lxw_col_t(index), column.name, formats.header)
        }
        worksheet_freeze_panes(sheet, 2, 0)
        row = 2
    }

    /// Wide enough for the header (a CJK character is two columns) and for typical values.
    static func width(_ column: Column) -> Double {
        let header = TextLayout.columns(column.name)
        let value =
            switch column.kind {
            case .text: 14
            case .tons, .yuan: 14
            default: 8
            }
        return Double(max(header, value) + 2)
    }

    public mutating func write(_ cells: [Cell]) throws {
        try put(cells, totals: false)
    }

    public mutating func writeTotals(_ cells: [Cell]) throws {
        try put(cells, totals: true)
    }

    mutating func put(_ cells: [Cell], totals: Bool) throws {
        guard let sheet else { throw ReportWriteError("no sheet begun") }
        for (index, cell) in cells.enumerated() {
            let col = lxw_col_t(index)
            switch cell {
            case .text(let s):
                if !s.isEmpty {
                    worksheet_write_string(sheet, row, col, TextLayout.defused(s), totals ? formats.totalText : formats.text)
                }
            case .integer(let n):
                worksheet_write_number(sheet, row, col, Double(n), totals ? formats.totalInteger : formats.integer)
            case .tons(let t):
                worksheet_write_number(sheet, row, col, Double(t) / 1000, totals ? formats.totalTons : formats.tons)
            case .yuan(let f):
                worksheet_write_number(sheet, row, col, Double(f) / 100, totals ? formats.totalYuan : formats.yuan)
            case .percent(let p):
                if let p { worksheet_write_number(sheet, row, col, Double(p) / 10, formats.percent) }
            case .days(let d):
                if let d { worksheet_write_number(sheet, row, col, Double(d) / 10, formats.days) }
            }
        }
        row += 1
    }

    public mutating func close() throws {
        guard !closed else { return }
        closed = true
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw ReportWriteError("cannot write \(path): \(String(cString: lxw_strerror(result)))")
        }
    }
}
