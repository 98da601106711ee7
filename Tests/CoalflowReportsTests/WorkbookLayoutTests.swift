import CoalflowCore
import CoalflowReports
import CoalflowTestSupport
import Foundation
import Testing

/// How the workbooks print: read back from the written package.
@Suite struct WorkbookLayoutTests {
    let streets = SheetSpec(
        name: "街道考核", title: "街道考核",
        columns: [
            Column("街道", .text), Column("目标洁净煤(吨)", .tons, summed: true), Column("配送洁净煤(吨)", .tons, summed: true),
            Column("煤完成率", .percent),
        ])
    let waiting = SheetSpec(
        name: "在审单据", title: "在审 & 超期", columns: [Column("待办单位", .text), Column("单据数", .integer, summed: true)])

    /// A workbook of two sheets: three streets and their totals, then two units.
    func workbook() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).xlsx").path
        var writer = try XLSXReportWriter(path: path)
        try writer.beginSheet(streets, subtitle: "2021 年度　导出于 2022-04-01 09:00")
        var totals = RunningTotals(streets)
        for (name, target, delivered) in [("财源街道", 2_000_000, 1_500_000), ("凤凰街道", 1_000_000, 900_000), ("上高街道", 0, 0)] {
            let row: [Cell] = [
                .text(name), .tons(Int64(target)), .tons(Int64(delivered)), Cell.share(Int64(delivered), of: Int64(target)),
            ]
            try writer.write(row)
            totals.add(row)
        }
        try writer.writeTotals(totals.row)
        try writer.beginSheet(
            waiting, subtitle: "2021 年 11 月散煤清洁化治理月调度　2021 年度（2021-10-15 至 2022-03-15）统计期 2021-11-01 至 2021-11-30")
        try writer.write([.text("街道"), .integer(3)])
        try writer.write([.text("发改局"), .integer(1)])
        try writer.close()
        return path
    }

    @Test func everySheetPrintsOnA4LandscapeOnePageWide() throws {
        let path = try workbook()
        defer { try? FileManager.default.removeItem(atPath: path) }
        for sheet in 1...2 {
            let xml = try XLSXReader.sheetXML(path, sheet: sheet)
            #expect(xml.contains(#"<pageSetUpPr fitToPage="1"/>"#), "sheet \(sheet)")
            #expect(xml.contains(#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>"#), "sheet \(sheet)")
            #expect(xml.contains("<pageMargins left=\"0.4\" right=\"0.4\""), "sheet \(sheet)")
            #expect(xml.contains("<oddFooter>&amp;C第 &amp;P 页 / 共 &amp;N 页</oddFooter>"), "sheet \(sheet)")
        }
        let workbook = try XLSXReader.workbookXML(path)
        #expect(workbook.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="0">'街道考核'!$2:$2</definedName>"#))
        #expect(workbook.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="1">'在审单据'!$2:$2</definedName>"#))
    }

    /// The title stands in the page header; an `&` of the title is doubled there, so it prints as itself
    /// rather than starting a code.
    @Test func thePageHeaderHasTheSheetTitle() throws {
        let path = try workbook()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try XLSXReader.sheetXML(path, sheet: 1).contains("<oddHeader>&amp;C街道考核</oddHeader>"))
        #expect(try XLSXReader.sheetXML(path, sheet: 2).contains("<oddHeader>&amp;C在审 &amp;&amp; 超期</oddHeader>"))
    }

    /// The title row is merged across the table and wraps, taller when the text is longer than the table
    /// is wide, so nothing of it runs past the printed page.
    @Test func theTitleRowStaysWithinTheTable() throws {
        let path = try workbook()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streetsXML = try XLSXReader.sheetXML(path, sheet: 1)
        #expect(streetsXML.contains(#"<mergeCell ref="A1:D1"/>"#))
        // 44 columns of text at 14 pt over a table 58 wide: two lines.
        #expect(streetsXML.contains(#"<row r="1" ht="40" customHeight="1""#))
        let waitingXML = try XLSXReader.sheetXML(path, sheet: 2)
        #expect(waitingXML.contains(#"<mergeCell ref="A1:B1"/>"#))
        // 116 columns of text over a table 26 wide: seven lines.
        #expect(waitingXML.contains(#"<row r="1" ht="140" customHeight="1""#))
        #expect(try XLSXReader.cells(path, sheet: 2)["A1"]?.hasPrefix("在审 & 超期　2021 年 11 月") == true)
        let styles = try XLSXReader.member(path, "xl/styles.xml")
        #expect(styles.contains(#"<alignment vertical="center" wrapText="1"/>"#))
    }
}
