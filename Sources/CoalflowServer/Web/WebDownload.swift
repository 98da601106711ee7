import CoalflowCore
import CoalflowReports
import CoalflowStore
import Foundation
import HTTPTypes
import Hummingbird

/// Workbooks for the browser: written to a private temporary file, then sent as an attachment.
enum WebDownload {
    /// The workbook `write` fills, as a download named `name`.
    static func workbook(named name: String, _ write: (inout XLSXReportWriter) throws -> Void) throws -> Response {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = try XLSXReportWriter(path: path)
        try write(&writer)
        try writer.close()
        return attachment(name, body: .init(byteBuffer: ByteBuffer(data: try Data(contentsOf: URL(fileURLWithPath: path)))))
    }

    /// The year-end assessment, every sheet the user may read (household detail only for those who may
    /// see households), read from the database a row at a time and sent from the file in pieces.
    static func yearEnd(year: Int, user: ActingUser, reports: ReportStore, subtitle: String) async throws -> Response {
        let path = temporaryPath()
        do {
            var writer = try XLSXReportWriter(path: path)
            for sheet in YearEndSheet.allCases where sheet != .households || user.seesHouseholdDetail {
                try writer.beginSheet(sheet.spec, subtitle: subtitle)
                var totals = RunningTotals(sheet.spec)
                try await reports.yearEnd(sheet, year: year, user: user) { cells in
                    try writer.write(cells)
                    totals.add(cells)
                }
                try writer.writeTotals(totals.row)
            }
            try writer.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        // Opened, then unlinked: the file lives until the last piece is read, and never longer.
        let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        try? FileManager.default.removeItem(atPath: path)
        return attachment(
            "\(year)-年考核.xlsx",
            body: ResponseBody { writer in
                defer { try? file.close() }
                while let data = try file.read(upToCount: 256 * 1024), !data.isEmpty {
                    try await writer.write(ByteBuffer(data: data))
                }
                try await writer.finish(nil)
            })
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).xlsx").path
    }

    static func attachment(_ name: String, body: ResponseBody) -> Response {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "report.xlsx"
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                .contentDisposition: "attachment; filename=\"report.xlsx\"; filename*=UTF-8''\(encoded)",
            ],
            body: body)
    }
}
