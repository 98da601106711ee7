import CoalflowCore
import CoalflowTestSupport
import Foundation
import Testing

@Suite struct SupervisionCommandTests {
    func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func progressReportsAndTheYearEndExport() async throws {
        try await TestDatabase.withClient { client, url in
            let f = try await Fixture(client)
            try await Season.generate(f)
            let e = try await Season.expected(client)
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let office = server.cli(databaseURL: url.urlString)
                #expect(try office.run(["login", "--login", "office", "--password-stdin"], stdin: "demo-2021\n").status == 0)

                let progress = try office.run("progress", "--year", "2021", "--json")
                #expect(progress.status == 0, "\(progress)")
                let rows = json(progress.stdout) as? [[String: Any]] ?? []
                let caiyuan = rows.first { $0["street"] as? String == "caiyuan" }
                for key in [
                    "street", "target_coal_tons", "target_stoves", "registered_coal_tons", "registered_stoves",
                    "delivered_coal_tons",
                    "delivered_stoves", "filed_coal_tons", "filed_stoves", "filed_subsidy_fen",
                ] {
                    #expect(caiyuan?.keys.contains(key) == true, "\(key)")
                }
                #expect(caiyuan?["target_coal_tons"] as? String == "2000.000")
                #expect(
                    caiyuan?["delivered_coal_tons"] as? String == Tons(thousandths: e.deliveredKg["caiyuan"] ?? 0).description)
                #expect(caiyuan?["filed_subsidy_fen"] as? Int64 == e.filedSubsidy["caiyuan"])
                #expect(rows.first { $0["street"] as? String == "shanggao" }?["target_coal_tons"] is NSNull)
                let table = try office.run("progress", "--year", "2021")
                #expect(table.stdout.contains("财源街道") && table.stdout.contains("全区合计") && table.stdout.contains("░"))

                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-export-\(UUID().uuidString)")
                    .path
                defer { try? FileManager.default.removeItem(atPath: folder) }
                let xlsx = folder + ".xlsx"
                defer { try? FileManager.default.removeItem(atPath: xlsx) }
                let exported = try office.run("export", "year-end", "--year", "2021", "--format", "xlsx", "-o", xlsx)
                #expect(exported.status == 0, "\(exported)")
                // Sheet 1 (街道考核): row 3 is 财源街道, H is delivered coal, N the filed subsidy.
                let streets = try XLSXReader.cells(xlsx, sheet: 1)
                #expect(streets["A1"]?.hasPrefix("街道考核　2021 年度　导出于") == true)
                #expect(streets["B2"] == "街道")
                let row = (3...9).first { streets["A\($0)"] == "caiyuan" }
                let caiyuanRow = try #require(row)
                #expect(Decimal(string: streets["H\(caiyuanRow)"] ?? "") == Decimal(e.deliveredKg["caiyuan"] ?? 0) / 1000)
                #expect(Decimal(string: streets["N\(caiyuanRow)"] ?? "") == Decimal(e.filedSubsidy["caiyuan"] ?? 0) / 100)
                #expect(streets["A10"] == "合计")
                let households = try XLSXReader.cells(xlsx, sheet: 3)
                #expect(households["D3"] != nil && households["E3"]?.contains("********") == true)
                #expect(households["A42"] == "合计")
                let workbook = try XLSXReader.workbookXML(xlsx)
                for name in ["街道考核", "企业汇总", "农户明细", "审批时效"] { #expect(workbook.contains("name=\"\(name)\""), "\(name)") }
                // The street sheet's chart (the client's own, not sent by the server): delivered, filed and target per street.
                let chart = try XLSXReader.member(xlsx, "xl/charts/chart1.xml")
                for range in ["$B$3:$B$9", "$H$3:$H$9", "$J$3:$J$9", "$C$3:$C$9"] {
                    #expect(chart.contains("'街道考核'!\(range)"), "\(range)")
                }

                let csv = try office.run("export", "year-end", "--year", "2021", "--format", "csv", "-o", folder)
                #expect(csv.status == 0, "\(csv)")
                let data = try #require(FileManager.default.contents(atPath: folder + "/企业汇总.csv"))
                #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
                #expect(String(decoding: data.dropFirst(3), as: UTF8.self).hasPrefix("企业代码,企业,销售单数,"))
                #expect(FileManager.default.fileExists(atPath: folder + "/农户明细.csv"))

                let monthly = try office.run("report", "monthly", "--month", "2021-11")
                #expect(monthly.status == 0 && monthly.stdout.contains("各街道进度") && monthly.stdout.contains("滞后"), "\(monthly)")
                let quarterly = folder + "-q.xlsx"
                defer { try? FileManager.default.removeItem(atPath: quarterly) }
                #expect(
                    try office.run("report", "quarterly", "--quarter", "2021Q4", "--format", "xlsx", "-o", quarterly).status == 0)
                #expect(try XLSXReader.cells(quarterly, sheet: 1)["A1"]?.contains("季检查") == true)
                // Year to date delivered against the pro-rata share due and the target, per street.
                let progressChart = try XLSXReader.member(quarterly, "xl/charts/chart1.xml")
                for range in ["$A$3:$A$9", "$G$3:$G$9", "$K$3:$K$9", "$B$3:$B$9"] {
                    #expect(progressChart.contains("'街道进度'!\(range)"), "\(range)")
                }
                #expect(try office.run("report", "monthly", "--month", "2021-13").status == 65)

                // A member bureau gets the aggregates but no household detail.
                let bureau = server.cli(databaseURL: url.urlString)
                #expect(try bureau.run(["login", "--login", "sthj", "--password-stdin"], stdin: "demo-2021\n").status == 0)
                let partial = folder + "-sthj"
                defer { try? FileManager.default.removeItem(atPath: partial) }
                let bureauExport = try bureau.run("export", "year-end", "--year", "2021", "--format", "csv", "-o", partial)
                #expect(bureauExport.status == 0, "\(bureauExport)")
                #expect(!FileManager.default.fileExists(atPath: partial + "/农户明细.csv"))
                #expect(FileManager.default.fileExists(atPath: partial + "/街道考核.csv"))
            }
        }
    }
}
