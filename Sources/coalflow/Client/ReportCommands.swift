import ArgumentParser
import CoalflowAPI
import CoalflowClient
import CoalflowCore
import CoalflowReports
import Foundation

struct ProgressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Per street: targets, registered, delivered, filed and completion, with a district total.",
        discussion: """
            Registered counts households on forms the street has approved; delivered counts valid slips;
            filed counts slips of summaries 财政局 has filed. Completion is delivered against target.
            Example: coalflow progress --year 2021
            """)

    @Option(help: "Program year.") var year: Int
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let rows: [ProgressRow] = try await client.client().get(APIPath.progress, query: [("year", String(year))])
        if client.output.json { return try Output.json(rows) }
        let zh = client.style.language == .zh
        let header =
            zh
            ? ["街道", "目标煤(吨)", "登记煤", "配送煤", "备案煤", "目标炉具", "登记", "配送", "备案", "备案补贴(元)", "摸底覆盖", "煤完成率", ""]
            : [
                "street", "target t", "registered", "delivered", "filed", "target stoves", "reg.", "deliv.", "filed",
                "filed subsidy", "coverage", "coal %", "",
            ]
        Output.line(
            Table(
                header: header,
                rows: rows.map { r in
                    [
                        zh ? r.streetName : r.street, r.targetCoalTons ?? "-", r.registeredCoalTons, r.deliveredCoalTons,
                        r.filedCoalTons,
                        r.targetStoves.map(String.init) ?? "-", String(r.registeredStoves), String(r.deliveredStoves),
                        String(r.filedStoves),
                        Fen(r.filedSubsidyFen).yuan,
                        r.coveragePct.map { "\(r.surveyedRegistered)/\(r.surveyedBurningCoal) \($0)%" } ?? "-",
                        r.completionCoalPct.map { $0 + "%" } ?? "-", Self.bar(r.completionCoalPct),
                    ]
                }
            ).render())
    }

    /// Twenty cells for 100 %.
    static func bar(_ percent: String?) -> String {
        guard let percent, let value = Double(percent) else { return "" }
        let filled = min(20, Int(value / 5))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled)
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Dispatch reports: monthly (月调度) and quarterly (季检查).",
        subcommands: [MonthlyReportCommand.self, QuarterlyReportCommand.self])
}

enum ReportFormat: String, ExpressibleByArgument { case table, csv, xlsx }

/// Writes a small report as a table on stdout, or as CSV or XLSX to a file.
func output(_ report: Report, format: ReportFormat, to path: String?, _ options: ClientOptions) throws {
    if options.output.json { return try Output.json(report) }
    switch format {
    case .table:
        Output.line(report.title + "\n" + report.subtitle)
        for sheet in report.sheets {
            Output.line("\n" + sheet.spec.title)
            let rows = sheet.rows + (sheet.totals.map { [$0] } ?? [])
            Output.line(
                rows.isEmpty
                    ? "（无）" : Table(header: sheet.spec.columns.map(\.name), rows: rows.map { $0.map(\.display) }).render())
        }
    case .csv, .xlsx:
        guard let path else { throw Failure.usage(zh: "csv 与 xlsx 格式须用 -o 指定文件", en: "csv and xlsx need -o FILE") }
        var writer: any ReportWriter = format == .csv ? CSVReportWriter.file(path) : try XLSXReportWriter(path: path)
        // The server sends the sheets; their charts are this build's (see `SheetSpec.chart`).
        try writer.write(report) { $0.charted(like: PeriodSheet.allCases.map(\.spec)) }
        try writer.close()
        Output.error(options.style.language == .zh ? "已写入 \(path)" : "Wrote \(path)")
    }
}

struct MonthlyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monthly",
        abstract:
            "The monthly dispatch (月调度): street progress against the pro-rata schedule, what waits where, overdue items, companies.",
        discussion: "Example: coalflow report monthly --month 2021-11 --format xlsx -o 2021-11.xlsx")

    @Option(help: "Month (YYYY-MM).") var month: String
    @Option(help: "table, csv or xlsx.") var format: ReportFormat = .table
    @Option(name: .shortAndLong, help: "Output file (csv, xlsx).") var output: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let report: Report = try await client.client().get(APIPath.monthlyReport, query: [("month", month)])
        try coalflow.output(report, format: format, to: output, client)
    }
}

struct QuarterlyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarterly",
        abstract: "The quarterly inspection (季检查): the monthly report's content over a quarter.",
        discussion: "Example: coalflow report quarterly --quarter 2021Q4 --format csv -o 2021Q4.csv")

    @Option(help: "Quarter, e.g. 2021Q4.") var quarter: String
    @Option(help: "table, csv or xlsx.") var format: ReportFormat = .table
    @Option(name: .shortAndLong, help: "Output file (csv, xlsx).") var output: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let report: Report = try await client.client().get(APIPath.quarterlyReport, query: [("quarter", quarter)])
        try coalflow.output(report, format: format, to: output, client)
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Exports for the office.", subcommands: [YearEndExportCommand.self])
}

struct YearEndExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "year-end",
        abstract: "The year-end assessment (年考核): 街道考核, 企业汇总, 农户明细 and 审批时效.",
        discussion: """
            xlsx: one workbook with a sheet each; csv: a folder with one UTF-8 (BOM) file each. Rows are
            streamed from the server and written one by one, so memory stays flat however large the year.
            Household detail needs a unit that may see households; for the other bureaus it is left out.
            Example: coalflow export year-end --year 2021 --format xlsx -o 2021-年考核.xlsx
            """)

    enum Format: String, ExpressibleByArgument { case xlsx, csv }

    @Option(help: "Program year.") var year: Int
    @Option(help: "xlsx or csv.") var format: Format
    @Option(name: .shortAndLong, help: "The workbook (xlsx) or the folder (csv) to write.") var output: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let api = try client.client()
        var writer: any ReportWriter = format == .xlsx ? try XLSXReportWriter(path: output) : try CSVReportWriter.folder(output)
        let progress = ProgressLine(enabled: isatty(2) == 1 && !client.output.json)
        var counts: [String: Int] = [:]
        do {
            for sheet in YearEndSheet.allCases {
                var header: ExportSheetHeader?
                var totals: RunningTotals?
                var rows = 0
                do {
                    try await api.streamLines(APIPath.yearEndExport, query: [("year", String(year)), ("sheet", sheet.rawValue)]) {
                        line in
                        guard let header else {
                            let decoded = try JSONDecoder().decode(ExportSheetHeader.self, from: line)
                            try writer.beginSheet(decoded.spec.charted(like: [sheet.spec]), subtitle: decoded.subtitle)
                            header = decoded
                            totals = RunningTotals(decoded.spec)
                            return
                        }
                        guard let values = try JSONSerialization.jsonObject(with: line) as? [Any] else { return }
                        let cells = zip(values, header.spec.columns).map { Cell(json: $0, kind: $1.kind) }
                        try writer.write(cells)
                        totals?.add(cells)
                        rows += 1
                        if rows % 10_000 == 0 { progress.show("\(header.spec.name): \(rows)") }
                    }
                } catch let error as ClientError where error.kind == .forbidden && sheet == .households {
                    Output.error(
                        client.style.language == .zh ? "未导出农户明细：\(error.message)" : "household detail left out: \(error.message)")
                    continue
                }
                if let totals { try writer.writeTotals(totals.row) }
                counts[sheet.spec.name] = rows
            }
            try writer.close()
        } catch {
            try? writer.close()
            throw error
        }
        progress.clear()
        if client.output.json { return try Output.json(["path": AnyEncodable(output), "rows": AnyEncodable(counts)]) }
        client.style.say(
            .init(
                zh: "已导出 \(output)：" + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) 行" }.joined(separator: "，"),
                en: "Exported \(output): "
                    + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) rows" }.joined(separator: ", ")))
    }
}

extension Cell {
    /// Reads back a value of `Cell.json`, as JSONSerialization gives it.
    init(json value: Any, kind: Column.Kind) {
        let number = (value as? NSNumber)?.int64Value
        switch kind {
        case .text: self = .text(value as? String ?? "")
        case .integer: self = number.map(Cell.integer) ?? .text("")
        case .tons: self = number.map(Cell.tons) ?? .text("")
        case .yuan: self = number.map(Cell.yuan) ?? .text("")
        case .percent: self = .percent(value is NSNull ? nil : number)
        case .days: self = .days(value is NSNull ? nil : number)
        }
    }
}

/// A one-line progress count on a terminal's stderr; silent otherwise.
struct ProgressLine {
    let enabled: Bool

    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
