import CoalflowCore
import CoalflowReports
import CoalflowTestSupport
import Foundation
import Testing

/// How the workbooks print, and the charts their sheet specs ask for: read back from the written package.
@Suite struct WorkbookLayoutTests {
    let streets = SheetSpec(
        name: "街道考核", title: "街道考核",
        columns: [
            Column("街道", .text), Column("目标洁净煤(吨)", .tons, summed: true), Column("配送洁净煤(吨)", .tons, summed: true),
            Column("煤完成率", .percent),
        ],
        chart: SheetChart("各街道配送与目标", categories: "街道", values: ["配送洁净煤(吨)", "目标洁净煤(吨)"]))
    let waiting = SheetSpec(
        name: "在审单据", title: "在审 & 超期", columns: [Column("待办单位", .text), Column("单据数", .integer, summed: true)])

    /// A workbook of two sheets: three streets and their totals (charted), then two units (no chart).
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

    /// The chart the spec asks for: its series are the value columns over the data rows (not the totals
    /// row), named by their headers, and it sits below the table.
    @Test func theSpecsChartIsDrawnBelowTheTable() throws {
        let path = try workbook()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let chart = try XLSXReader.member(path, "xl/charts/chart1.xml")
        #expect(chart.contains(#"<c:barDir val="col"/>"#))
        #expect(chart.contains("各街道配送与目标"))
        let references = ["$C$2", "$A$3:$A$5", "$C$3:$C$5", "$B$2", "$A$3:$A$5", "$B$3:$B$5"].map { "<c:f>'街道考核'!\($0)</c:f>" }
        var rest = Substring(chart)
        for reference in references {
            let found = try #require(rest.range(of: reference), "\(reference) in order")
            rest = rest[found.upperBound...]
        }
        #expect(!chart.contains("$6"))
        // Anchored at row 8 (0-based 7): the totals are on row 6, then one empty row.
        let drawing = try XLSXReader.member(path, "xl/drawings/drawing1.xml")
        #expect(drawing.contains("<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>7</xdr:row>"))
        #expect(try XLSXReader.sheetXML(path, sheet: 1).contains("<drawing r:id="))
        // The sheet that asks for no chart has none.
        #expect(try !XLSXReader.sheetXML(path, sheet: 2).contains("<drawing"))
        #expect(try XLSXReader.member(path, "xl/charts/chart2.xml").isEmpty)
    }

    /// A column is as wide as its header and its longest text (a unit's full name), up to 60 characters.
    @Test func columnsWidenToTheirLongestText() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = try XLSXReportWriter(path: path)
        try writer.beginSheet(waiting, subtitle: "")
        try writer.write([.text("散煤清洁化治理工作领导小组办公室"), .integer(1)])
        try writer.write([.text("区发改局"), .integer(2)])
        try writer.beginSheet(SheetSpec(name: "长", title: "长", columns: waiting.columns), subtitle: "")
        try writer.write([.text(String(repeating: "长", count: 40)), .integer(1)])
        try writer.close()
        // 16 characters, two columns each, and a margin of two; the counts keep their header's width.
        let first = try XLSXReader.sheetXML(path, sheet: 1)
        #expect(first.contains(#"<col min="1" max="1" width="34.7109375" customWidth="1"/>"#), "\(first)")
        #expect(first.contains(#"<col min="2" max="2" width="10.7109375" customWidth="1"/>"#))
        #expect(try XLSXReader.sheetXML(path, sheet: 2).contains(#"<col min="1" max="1" width="60.7109375" customWidth="1"/>"#))
    }

    /// The per-unit charts are horizontal bars, the units top down in the table's order, each named.
    /// Below a short table a chart ends within the page the table prints on (A4 landscape, one page
    /// wide); where that leaves too little room for it, table and chart are scaled onto one page.
    @Test func unitChartsAreBarsThatPrintWithTheirTable() throws {
        let spec = PeriodSheet.units.spec
        #expect(spec.chart?.kind == .bar && YearEndSheet.cases.spec.chart?.kind == .bar)
        func workbook(units: Int) throws -> String {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).xlsx").path
            var writer = try XLSXReportWriter(path: path)
            try writer.beginSheet(spec, subtitle: "2021 年 12 月散煤清洁化治理月调度　统计期 2021-12-01 至 2021-12-31")
            for n in 0..<units {
                try writer.write(
                    [.text(n == 0 ? "散煤清洁化治理工作领导小组办公室" : "单位\(n)")] + (1...9).map { _ in Cell.integer(Int64(n)) }
                        + [.text("正常")])
            }
            try writer.writeTotals(RunningTotals(spec).row)
            try writer.close()
            return path
        }
        let short = try workbook(units: 4)
        defer { try? FileManager.default.removeItem(atPath: short) }
        let chart = try XLSXReader.member(short, "xl/charts/chart1.xml")
        #expect(chart.contains(#"<c:barDir val="bar"/>"#))
        let categories = try #require(chart.range(of: "<c:catAx>").map { chart[$0.lowerBound...] })
        #expect(categories.contains(#"<c:orientation val="maxMin"/>"#) && categories.contains(#"<c:tickLblSkip val="1"/>"#))
        // The page: 297 × 210 mm less the margins (0.4 and 0.75 inch), in pixels at 96 per inch, scaled
        // as the table's width (Excel's pixels per column width) is to the page's; 20 pixels a row.
        let sheet = try XLSXReader.sheetXML(short, sheet: 1)
        let widths = try NSRegularExpression(pattern: #"<col [^>]*width="([0-9.]+)""#)
            .matches(in: sheet, range: NSRange(sheet.startIndex..., in: sheet))
            .map { Double(sheet[Range($0.range(at: 1), in: sheet)!])! }
        let tableWidth = widths.map { (($0 - 0.7109375) * 7).rounded() + 5 }.reduce(0, +)
        let (pageWidth, pageHeight) = ((297 / 25.4 - 0.8) * 96, (210 / 25.4 - 1.5) * 96)
        let pageRows = Int(pageHeight * max(1, tableWidth / pageWidth) / 20)
        let drawing = try XLSXReader.member(short, "xl/drawings/drawing1.xml")
        let to = try #require(drawing.range(of: "<xdr:to>").map { drawing[$0.upperBound...] })
        let lastRow = try #require(Int(to.split(separator: "<xdr:row>")[1].prefix { $0.isNumber }))
        #expect(lastRow < pageRows, "the chart ends on row \(lastRow); a page holds \(pageRows)")
        #expect(sheet.contains(#"fitToHeight="0""#))
        // Sixteen units leave too little room below them: the sheet fits one page, chart and all.
        let long = try workbook(units: 16)
        defer { try? FileManager.default.removeItem(atPath: long) }
        #expect(try XLSXReader.sheetXML(long, sheet: 1).contains(#"<pageSetup paperSize="9" orientation="landscape"/>"#))
    }

    /// The last sheet's chart is drawn when the workbook closes, its table having ended there.
    @Test func theLastSheetsChartIsDrawnOnClose() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = try XLSXReportWriter(path: path)
        try writer.beginSheet(streets, subtitle: "")
        try writer.write([.text("财源街道"), .tons(2_000_000), .tons(1_500_000), .percent(750)])
        try writer.close()
        #expect(try XLSXReader.member(path, "xl/charts/chart1.xml").contains("<c:f>'街道考核'!$C$3</c:f>"))
    }

    /// A sheet with no rows has nothing to chart, and a chart naming a column the sheet lacks (a server
    /// of another version) is left off: the table is written all the same.
    @Test func aChartWithoutRowsOrColumnsIsLeftOff() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = try XLSXReportWriter(path: path)
        try writer.beginSheet(streets, subtitle: "")
        try writer.writeTotals(RunningTotals(streets).row)
        let renamed = SheetSpec(name: "街道", title: "街道", columns: [Column("街道", .text)], chart: streets.chart)
        try writer.beginSheet(renamed, subtitle: "")
        try writer.write([.text("财源街道")])
        try writer.close()
        #expect(try XLSXReader.member(path, "xl/charts/chart1.xml").isEmpty)
        #expect(try XLSXReader.cells(path, sheet: 2)["A3"] == "财源街道")
    }

    /// The dispatch report's and the year-end assessment's street sheets chart completion per street:
    /// delivered against the target, and in the dispatch against the pro-rata share due by the period's end.
    @Test func theStreetSheetsChartColumnsTheyHave() throws {
        let period = try #require(PeriodSheet.streets.spec.chart)
        #expect(period.values == ["累计配送煤(吨)", "应完成煤(吨)", "目标洁净煤(吨)"])
        #expect(period.positions(in: PeriodSheet.streets.spec.columns)?.values == [6, 10, 1])
        let yearEnd = try #require(YearEndSheet.streets.spec.chart)
        #expect(yearEnd.values == ["配送洁净煤(吨)", "备案洁净煤(吨)", "目标洁净煤(吨)"])
        #expect(yearEnd.positions(in: YearEndSheet.streets.spec.columns)?.categories == 1)
        #expect(yearEnd.positions(in: YearEndSheet.streets.spec.columns)?.values == [7, 9, 2])
    }

    /// The chart is not part of the API's JSON; a client puts it back from the sheet of that name.
    @Test func theChartStaysOffTheWireAndComesBackByName() throws {
        let json = String(decoding: try JSONEncoder().encode(streets), as: UTF8.self)
        #expect(!json.contains("chart") && !json.contains("各街道配送与目标"))
        let received = try JSONDecoder().decode(SheetSpec.self, from: Data(json.utf8))
        #expect(received.chart == nil)
        #expect(received.charted(like: [waiting, streets]) == streets)
        #expect(received.charted(like: [waiting]).chart == nil)
    }

    /// CSV has no charts: a charted sheet writes just its table.
    @Test func csvIgnoresTheChart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = CSVReportWriter.file(path)
        try writer.beginSheet(streets, subtitle: "2021")
        try writer.write([.text("财源街道"), .tons(1), .tons(2), .percent(nil)])
        try writer.close()
        let text = String(decoding: try #require(FileManager.default.contents(atPath: path)).dropFirst(3), as: UTF8.self)
        #expect(text == "街道考核 2021\r\n街道,目标洁净煤(吨),配送洁净煤(吨),煤完成率\r\n财源街道,0.001,0.002,\r\n")
    }
}
