import CXLSXWriter
import CoalflowCore
import Foundation

/// Excel workbooks through libxlsxwriter in constant-memory mode: each row goes to disk as it is
/// written. A title row with the year and export time, a frozen bold header, widths that fit Chinese
/// text (the header, and the longest text of each column), number formats (`0.000` tons, `#,##0.00` yuan) and a bold totals row. Every sheet prints on A4
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
    /// The current sheet's column widths: those of its spec, widened to the longest text written in each
    /// (a unit's full name), up to `widestColumn`. Set when the sheet is finished and its text is known.
    var widths: [Double] = []
    static let widestColumn = 60.0
    /// The current sheet's title row height, in points.
    var titleHeight = 20.0
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
        widths = spec.columns.map(Self.width)
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
    mutating func writeTitle(_ title: String, across columns: [Column]) throws {
        guard let sheet else { return }
        // Widths count the digits of the 11 pt body font; the title is 14 pt bold, some 1.4 times as wide.
        let tableWidth = widths.reduce(0, +)
        let lines = max(1, (Double(TextLayout.columns(title)) * 1.4 / tableWidth).rounded(.up))
        titleHeight = 20 * lines
        worksheet_set_row(sheet, Self.titleRow, titleHeight, nil)
        if columns.count > 1 {
            let lastColumn = lxw_col_t(columns.count - 1)
            try check(worksheet_merge_range(sheet, Self.titleRow, 0, Self.titleRow, lastColumn, title, formats.title))
        } else {
            worksheet_write_string(sheet, Self.titleRow, 0, title, formats.title)
        }
    }

    /// Printed margins in inches: left and right, top and bottom (the page header and footer sit within).
    static let sideMargin = 0.4
    static let topMargin = 0.75

    /// A4 landscape, one page wide and as many tall as the rows need, the header row repeated on every
    /// page, the sheet's title in the page header and 第 n 页 / 共 m 页 in the footer.
    func setUpPrinting(_ sheet: UnsafeMutablePointer<lxw_worksheet>, title: String) throws {
        worksheet_set_landscape(sheet)
        worksheet_set_paper(sheet, 9)  // A4
        worksheet_fit_to_pages(sheet, 1, 0)
        worksheet_set_margins(sheet, Self.sideMargin, Self.sideMargin, Self.topMargin, Self.topMargin)
        try check(worksheet_repeat_rows(sheet, Self.headerRow, Self.headerRow))
        try check(worksheet_set_header(sheet, "&C" + Self.headerFooterText(title)))
        try check(worksheet_set_footer(sheet, "&C第 &P 页 / 共 &N 页"))
    }

    /// Text for a page header or footer: `&` starts a control code there (`&P` is the page number), so a
    /// literal one is doubled.
    static func headerFooterText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&&")
    }

    /// Sets the finished sheet's column widths and draws its chart, if its spec asks for one, one row
    /// below the table: how wide the text is and where the table ends are known only once its rows have
    /// streamed past. Once only, whatever follows.
    mutating func finishSheet() throws {
        guard let sheet, let spec else { return }
        self.spec = nil
        for (index, width) in widths.enumerated() {
            worksheet_set_column(sheet, lxw_col_t(index), lxw_col_t(index), width, nil)
        }
        guard let chart = spec.chart, let columns = chart.positions(in: spec.columns) else { return }
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
        var titleFont = lxw_chart_font()
        titleFont.size = 12
        titleFont.bold = 1
        chart_title_set_name_font(drawing, &titleFont)
        chart_legend_set_position(drawing, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        if chart.kind == .bar {
            // Categories top down in the table's order, each named (in a smaller font than the table's),
            // the values' axis below them.
            let axis = drawing.pointee.y_axis
            chart_axis_set_reverse(axis)
            chart_axis_set_crossing_max(axis)
            chart_axis_set_interval_unit(axis, 1)
            var font = lxw_chart_font()
            font.size = 7.5
            chart_axis_set_num_font(axis, &font)
        }
        let category = lxw_col_t(columns.categories)
        for value in columns.values.map({ lxw_col_t($0) }) {
            let series = chart_add_series(drawing, nil, nil)
            chart_series_set_categories(series, spec.name, Self.firstDataRow, category, lastDataRow, category)
            chart_series_set_values(series, spec.name, Self.firstDataRow, value, lastDataRow, value)
            chart_series_set_name_range(series, spec.name, Self.headerRow, value)
        }
        // As wide as the table, so it prints on the same page width, and tall enough to read once the
        // page scales a wide table down. A bar chart lays its categories out down the page, a line each.
        let width = widths.map(Self.pixels).reduce(0, +)
        let categories = Double(lastDataRow - Self.firstDataRow + 1)
        var height = max(288, width * 0.4, chart.kind == .bar ? 24 * categories + 96 : 0)
        // A short table prints with its chart on one page: the chart takes the room left on the table's
        // page if that is enough to read, else the page is scaled down to hold both (not by much, or a
        // long table's text would shrink past reading: its chart follows it on the next pages).
        // Above the chart: the title row, then the header, data and totals rows and one blank row.
        let above = titleHeight * 4 / 3 + 20 * Double(row)
        let page = Self.printedPageHeight(tableWidth: width)
        if above + height > page {
            if page - above >= Self.shortestChart {
                height = page - above
            } else if above + height <= page * Self.mostShrunk {
                worksheet_fit_to_pages(sheet, 1, 1)
            }
        }
        var options = lxw_chart_options()
        options.x_scale = width / 480
        options.y_scale = height / 288
        try check(worksheet_insert_chart_opt(sheet, row + 1, 0, drawing, &options))
    }

    /// The lowest a chart is drawn to fit in the room its table's page has left.
    static let shortestChart = 220.0
    /// How much taller than a page a table and its chart may be for both to be scaled onto one.
    static let mostShrunk = 1.6

    /// How many pixels of the sheet one printed page holds from top to bottom: A4 landscape within the
    /// margins, scaled as a table `tableWidth` pixels wide is to fit the page's width (never enlarged),
    /// less a little for the ways spreadsheet programs round.
    static func printedPageHeight(tableWidth: Double) -> Double {
        let (pageWidth, pageHeight) = ((297 / 25.4 - sideMargin * 2) * 96, (210 / 25.4 - topMargin * 2) * 96)
        return pageHeight * max(1, tableWidth / pageWidth) * 0.92
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
                    if index < widths.count {
                        widths[index] = max(widths[index], min(Self.widestColumn, Double(TextLayout.columns(s) + 2)))
                    }
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
