import CXLSXWriter
import CoalflowCore
import Foundation

/// Excel workbooks through libxlsxwriter in constant-memory mode: each row goes to disk as it is
/// written. A title row with the year and export time, a frozen bold header, widths that fit Chinese
/// text, number formats (`0.000` tons, `#,##0.00` yuan) and a bold totals row. Every sheet prints on A4
/// landscape, one page wide, with its header row, title and page numbers on every page; a sheet whose
/// spec asks for a chart gets it below the table.
public struct XLSXReportWriter: ReportWriter {
    let workbook: UnsafeMutablePointer<lxw_workbook>
    /// workbook_close frees the workbook even when writing fails: a second close would touch freed memory.
    var closed = false
    var sheet: UnsafeMutablePointer<lxw_worksheet>?
    /// The current sheet's spec, until the sheet is finished.
    var spec: SheetSpec?
    var row: lxw_row_t = 0
    /// The current sheet's totals row, once written: its chart stops above it.
    var totalsRow: lxw_row_t?
    static let titleRow: lxw_row_t = 0
    static let headerRow: lxw_row_t = 1
    static let firstDataRow: lxw_row_t = 2
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
        func format(bold: Bool = false, number: String? = nil, size: Double? = nil, wrapped: Bool = false)
            -> UnsafeMutablePointer<lxw_format>
        {
            let f = workbook_add_format(workbook)!
            if bold { format_set_bold(f) }
            if let number { format_set_num_format(f, number) }
            if let size { format_set_font_size(f, size) }
            if wrapped {
                format_set_text_wrap(f)
                format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
            }
            return f
        }
        formats = Formats(
            title: format(bold: true, size: 14, wrapped: true), header: format(bold: true), tons: format(number: "0.000"),
            yuan: format(number: "#,##0.00"),
            integer: format(number: "0"), percent: format(number: "0.0\"%\""), days: format(number: "0.0"), text: format(),
            totalText: format(bold: true), totalTons: format(bold: true, number: "0.000"),
            totalYuan: format(bold: true, number: "#,##0.00"),
            totalInteger: format(bold: true, number: "0"))
    }

    public mutating func beginSheet(_ spec: SheetSpec, subtitle: String) throws {
        try finishSheet()
        guard let sheet = workbook_add_worksheet(workbook, spec.name) else {
            throw ReportWriteError("cannot add sheet \(spec.name)")
        }
        self.sheet = sheet
        self.spec = spec
        for (index, column) in spec.columns.enumerated() {
            worksheet_set_column(sheet, lxw_col_t(index), lxw_col_t(index), Self.width(column), nil)
        }
        try writeTitle(spec.title + "　" + subtitle, across: spec.columns)
        for (index, column) in spec.columns.enumerated() {
            worksheet_write_string(sheet, Self.headerRow, lxw_col_t(index), column.name, formats.header)
        }
        worksheet_freeze_panes(sheet, Self.firstDataRow, 0)
        try setUpPrinting(sheet, title: spec.title)
        row = Self.firstDataRow
        totalsRow = nil
    }

    /// The title row, merged across the table and wrapped onto as many lines as it needs: text running
    /// past the last column would be cut off the printed page.
    func writeTitle(_ title: String, across columns: [Column]) throws {
        guard let sheet else { return }
        // Widths count the digits of the 11 pt body font; the title is 14 pt bold, some 1.4 times as wide.
        let tableWidth = columns.map(Self.width).reduce(0, +)
        let lines = max(1, (Double(TextLayout.columns(title)) * 1.4 / tableWidth).rounded(.up))
        worksheet_set_row(sheet, Self.titleRow, 20 * lines, nil)
        if columns.count > 1 {
            let lastColumn = lxw_col_t(columns.count - 1)
            try check(worksheet_merge_range(sheet, Self.titleRow, 0, Self.titleRow, lastColumn, title, formats.title))
        } else {
            worksheet_write_string(sheet, Self.titleRow, 0, title, formats.title)
        }
    }

    /// A4 landscape, one page wide and as many tall as the rows need, the header row repeated on every
    /// page, the sheet's title in the page header and 第 n 页 / 共 m 页 in the footer.
    func setUpPrinting(_ sheet: UnsafeMutablePointer<lxw_worksheet>, title: String) throws {
        worksheet_set_landscape(sheet)
        worksheet_set_paper(sheet, 9)  // A4
        worksheet_fit_to_pages(sheet, 1, 0)
        worksheet_set_margins(sheet, 0.4, 0.4, 0.75, 0.75)
        try check(worksheet_repeat_rows(sheet, Self.headerRow, Self.headerRow))
        try check(worksheet_set_header(sheet, "&C" + Self.headerFooterText(title)))
        try check(worksheet_set_footer(sheet, "&C第 &P 页 / 共 &N 页"))
    }

    /// Text for a page header or footer: `&` starts a control code there (`&P` is the page number), so a
    /// literal one is doubled.
    static func headerFooterText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&&")
    }

    /// Draws the finished sheet's chart, if its spec asks for one, one row below the table: where the
    /// table ends is known only once its rows have streamed past. Once only, whatever follows.
    mutating func finishSheet() throws {
        guard let sheet, let spec, let chart = spec.chart, let columns = chart.positions(in: spec.columns) else { return }
        self.spec = nil
        let lastDataRow = (totalsRow ?? row) - 1
        guard lastDataRow >= Self.firstDataRow else { return }
        let kind: lxw_chart_type =
            switch chart.kind {
            case .column: LXW_CHART_COLUMN
            case .bar: LXW_CHART_BAR
            case .line: LXW_CHART_LINE
            }
        guard let drawing = workbook_add_chart(workbook, UInt8(kind.rawValue)) else {
            throw ReportWriteError("cannot add a chart to \(spec.name)")
        }
        chart_title_set_name(drawing, chart.title)
        chart_legend_set_position(drawing, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        let category = lxw_col_t(columns.categories)
        for value in columns.values.map({ lxw_col_t($0) }) {
            let series = chart_add_series(drawing, nil, nil)
            chart_series_set_categories(series, spec.name, Self.firstDataRow, category, lastDataRow, category)
            chart_series_set_values(series, spec.name, Self.firstDataRow, value, lastDataRow, value)
            chart_series_set_name_range(series, spec.name, Self.headerRow, value)
        }
        // As wide as the table, so it prints on the same page width, and tall enough to read once the
        // page scales a wide table down.
        let width = spec.columns.map { Self.pixels(Self.width($0)) }.reduce(0, +)
        var options = lxw_chart_options()
        options.x_scale = width / 480
        options.y_scale = max(288, width * 0.4) / 288
        try check(worksheet_insert_chart_opt(sheet, row + 1, 0, drawing, &options))
    }

    /// A column's width on screen: Excel's character width units in pixels of its default font.
    static func pixels(_ width: Double) -> Double {
        (width * 7).rounded() + 5
    }

    func check(_ result: lxw_error) throws {
        guard result == LXW_NO_ERROR else {
            throw ReportWriteError("cannot write \(path): \(String(cString: lxw_strerror(result)))")
        }
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
        totalsRow = row
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
        // The last sheet's chart first; the workbook is closed (and freed) whether or not it could be drawn.
        let chart = Result { try finishSheet() }
        let result = workbook_close(workbook)
        try chart.get()
        try check(result)
    }
}
