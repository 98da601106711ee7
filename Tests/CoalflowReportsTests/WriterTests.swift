import CoalflowCore
import CoalflowReports
import CoalflowTestSupport
import Foundation
import Testing

@Suite struct WriterTests {
    let spec = SheetSpec(
        name: "街道考核", title: "街道考核",
        columns: [
            Column("街道", .text), Column("配送洁净煤(吨)", .tons, summed: true), Column("补贴(元)", .yuan, summed: true),
            Column("完成率", .percent), Column("户数", .integer, summed: true),
        ])

    func rows() -> [[Cell]] {
        [
            [.text("财源街道"), .tons(1_234_567), .yuan(37_037_010), Cell.share(1_234_567, of: 2_000_000), .integer(12)],
            [.text("=HYPERLINK(\"x\")"), .tons(1), .yuan(30), .percent(nil), .integer(1)],
        ]
    }

    func temporary(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString)\(suffix)").path
    }

    @Test func xlsxHasTitleFrozenHeaderFormatsAndTotals() throws {
        let path = temporary(".xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = try XLSXReportWriter(path: path)
        try writer.beginSheet(spec, subtitle: "2021 年度　导出于 2022-04-01 09:00")
        var totals = RunningTotals(spec)
        for row in rows() {
            try writer.write(row)
            totals.add(row)
        }
        try writer.writeTotals(totals.row)
        try writer.close()

        let cells = try XLSXReader.cells(path, sheet: 1)
        #expect(cells["A1"] == "街道考核　2021 年度　导出于 2022-04-01 09:00")
        #expect(cells["A2"] == "街道" && cells["B2"] == "配送洁净煤(吨)")
        #expect(cells["A3"] == "财源街道")
        #expect(cells["B3"] == "1234.567")
        #expect(cells["C3"] == "370370.1")
        #expect(cells["D3"] == "61.7")
        // A formula from the data is written as text, never run.
        #expect(cells["A4"] == "'=HYPERLINK(\"x\")")
        #expect(cells["A5"] == "合计" && cells["B5"] == "1234.568" && cells["E5"] == "13")
        let xml = try XLSXReader.sheetXML(path, sheet: 1)
        #expect(xml.contains(#"<pane ySplit="2""#) && xml.contains(#"state="frozen""#))
        #expect(!xml.contains("<f>"))
        #expect(try XLSXReader.workbookXML(path).contains(#"name="街道考核""#))
    }

    @Test func csvFolderHasABOMAndTheHeader() throws {
        let folder = temporary("")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var writer = try CSVReportWriter.folder(folder)
        try writer.beginSheet(spec, subtitle: "")
        for row in rows() { try writer.write(row) }
        try writer.close()
        let data = try #require(FileManager.default.contents(atPath: folder + "/街道考核.csv"))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: data.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[0] == "街道,配送洁净煤(吨),补贴(元),完成率,户数")
        #expect(lines[1] == "财源街道,1234.567,370370.10,61.7%,12")
        #expect(lines[2].hasPrefix("\"'=HYPERLINK(\"\"x\"\")\""))
    }

    @Test(arguments: ["=1+1", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"])
    func everyFormulaLeadIsDefused(_ text: String) {
        #expect(TextLayout.defused(text) == "'" + text)
    }

    @Test func plainTextAndNegativeNumbersStayAsTheyAre() {
        #expect(TextLayout.defused("财源街道") == "财源街道")
        #expect(TextLayout.defused("-12.5") == "-12.5")
        #expect(TextLayout.defused("-五") == "'-五")
    }

    @Test func aWorkbookThatCannotBeWrittenFailsOnceAndClosesSafelyAgain() throws {
        // Refused before anything is streamed, naming the reason.
        let refused = #expect(throws: ReportWriteError.self) { _ = try XLSXReportWriter(path: "/no/such/folder/x.xlsx") }
        #expect(refused?.description == "cannot write /no/such/folder/x.xlsx: No such file or directory")
        // A folder that disappears while the rows stream: closing fails once, and again is harmless.
        let folder = temporary("-gone")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var writer = try XLSXReportWriter(path: folder + "/x.xlsx")
        try writer.beginSheet(spec, subtitle: "")
        try FileManager.default.removeItem(atPath: folder)
        #expect(throws: ReportWriteError.self) { try writer.close() }
        try writer.close()
    }

    @Test func percentagesRoundHalfUp() {
        #expect(Cell.share(1, of: 3).display == "33.3%")
        #expect(Cell.share(2, of: 3).display == "66.7%")
        #expect(Cell.share(1, of: 2000).display == "0.1%")
        #expect(Cell.share(5, of: 0).display == "")
    }

    /// Exports hold personal data: the files are their owner's only from the start (mode 0600), whatever
    /// the umask, and so is a file they replace.
    @Test func exportFilesAreTheOwnersOnly() throws {
        let xlsx = temporary(".xlsx")
        let csv = temporary(".csv")
        defer {
            try? FileManager.default.removeItem(atPath: xlsx)
            try? FileManager.default.removeItem(atPath: csv)
        }
        try "old".write(toFile: csv, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: csv)
        var writers: [any ReportWriter] = [try XLSXReportWriter(path: xlsx), CSVReportWriter.file(csv)]
        for index in writers.indices {
            try writers[index].beginSheet(spec, subtitle: "")
            try writers[index].write(rows()[0])
            try writers[index].close()
        }
        for path in [xlsx, csv] {
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600, "\(path)")
        }
    }
}
