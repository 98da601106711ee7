import CoalflowAPI
import CoalflowCore
import CoalflowStore
import Foundation
import Hummingbird
import HummingbirdCore

/// Progress against targets, the monthly and quarterly dispatch reports, and the year-end export.
struct ReportController {
    let reports: ReportStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(RouterPath(APIPath.progress)) { request, context -> [ProgressRow] in
            try await reports.logging(to: context.logger).progress(
                year: try Self.year(request.uri), user: try context.requireUser())
        }
        group.get(RouterPath(APIPath.monthlyReport)) { request, context -> Report in
            let (first, until) = try Self.month(String(request.uri.queryParameters["month"] ?? ""))
            return try await reports.logging(to: context.logger).period(
                from: first, until: until, title: Self.monthlyTitle(first), user: try context.requireUser())
        }
        group.get(RouterPath(APIPath.quarterlyReport)) { request, context -> Report in
            let text = String(request.uri.queryParameters["quarter"] ?? "")
            let parts = text.uppercased().split(separator: "Q")
            guard parts.count == 2, let year = Int(parts[0]), let q = Int(parts[1]), (1...4).contains(q),
                ProgramYear.range.contains(year)
            else {
                throw APIError.badRequest("quarter 应形如 2021Q4", "quarter must look like 2021Q4")
            }
            let first = CivilDate(year: year, month: q * 3 - 2, day: 1)!
            let until = q == 4 ? CivilDate(year: year + 1, month: 1, day: 1)! : CivilDate(year: year, month: q * 3 + 1, day: 1)!
            return try await reports.logging(to: context.logger).period(
                from: first, until: until, title: "\(year) 年第 \(q) 季度散煤清洁化治理季检查",
                user: try context.requireUser())
        }
        // One sheet as NDJSON: a header line with the sheet's shape, then one JSON array per row,
        // streamed from a database cursor as it is read.
        group.get(RouterPath(APIPath.yearEndExport)) { request, context -> Response in
            let user = try context.requireUser()
            let year = try Self.year(request.uri)
            guard let sheet = request.uri.queryParameters["sheet"].flatMap({ YearEndSheet(rawValue: String($0)) }) else {
                throw APIError.badRequest(
                    "sheet 应为 " + YearEndSheet.allCases.map(\.rawValue).joined(separator: "、"),
                    "sheet must be one of " + YearEndSheet.allCases.map(\.rawValue).joined(separator: ", "))
            }
            try ReportStore.checkYearEnd(sheet, user)
            let header = try JSONEncoder().encode(ExportSheetHeader(spec: sheet.spec, subtitle: "\(year) 年度　导出于 \(Self.now())"))
            let reports = reports.logging(to: context.logger)
            return Response(
                status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"],
                body: ResponseBody { writer in
                    var buffer = ByteBuffer(data: header)
                    buffer.writeString("\n")
                    try await reports.yearEnd(sheet, year: year, user: user) { cells in
                        buffer.writeString("[" + cells.map(\.json).joined(separator: ",") + "]\n")
                        if buffer.readableBytes >= 64 * 1024 {
                            try await writer.write(buffer)
                            buffer.clear()
                        }
                    }
                    try await writer.write(buffer)
                    try await writer.finish(nil)
                })
        }
    }

    /// `YYYY-MM`: its first day and the first day of the next month.
    static func month(_ text: String) throws -> (first: CivilDate, until: CivilDate) {
        let years = ProgramYear.range
        guard let first = try? CivilDate(parsing: text + "-01"), years.contains(first.year),
            let until = CivilDate(year: first.month == 12 ? first.year + 1 : first.year, month: first.month % 12 + 1, day: 1)
        else {
            throw APIError.badRequest(
                "month 应为 YYYY-MM（\(years.lowerBound)–\(years.upperBound) 年）",
                "month must be YYYY-MM within \(years.lowerBound)–\(years.upperBound)")
        }
        return (first, until)
    }

    static func monthlyTitle(_ first: CivilDate) -> String { "\(first.year) 年 \(first.month) 月散煤清洁化治理月调度" }

    static func year(_ uri: URI) throws -> Int {
        guard let year = uri.queryParameters["year"].flatMap({ Int(String($0)) }), ProgramYear.range.contains(year) else {
            throw APIError.badRequest("year 应为年度，如 2021", "year must be a program year such as 2021")
        }
        return year
    }

    /// The time in China, for report headers.
    static func now() -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: ProgramClock.timeZoneIdentifier)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date())
    }
}
