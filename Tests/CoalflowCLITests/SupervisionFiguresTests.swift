import CoalflowCore
import CoalflowTestSupport
import Foundation
import Testing

/// The supervision figures of the monthly dispatch and of the year-end assessment, read back from the
/// workbooks the command line writes, equal what the command line's own JSON says (`progress`,
/// `coverage`, `list --type case`, `show`, `inspection list`, `sample list`), summed here, over the
/// generated season and its member units' work.
@Suite struct SupervisionFiguresTests {
    /// A sheet of a workbook as its data rows (below the header, above 合计), each keyed by column header,
    /// and its totals row.
    struct Sheet {
        var rows: [[String: String]] = []
        var totals: [String: String] = [:]

        /// The row whose first column reads `first`.
        func row(_ column: String, _ first: String) -> [String: String]? { rows.first { $0[column] == first } }
    }

    static func sheet(_ path: String, _ name: String) throws -> Sheet {
        let workbook = try XLSXReader.workbookXML(path)
        let names = try NSRegularExpression(pattern: #"<sheet name="([^"]+)""#)
            .matches(in: workbook, range: NSRange(workbook.startIndex..., in: workbook))
            .map { String(workbook[Range($0.range(at: 1), in: workbook)!]) }
        let index = try #require(names.firstIndex(of: name), "no sheet \(name) in \(names)") + 1
        let cells = try XLSXReader.cells(path, sheet: index)
        let letters = (0..<26).map { String(UnicodeScalar(UInt8(65 + $0))) }
        let header = letters.compactMap { letter in cells[letter + "2"].map { (letter, $0) } }
        var sheet = Sheet()
        var row = 3
        while let first = cells["A\(row)"] {
            let values = Dictionary(
                uniqueKeysWithValues: header.compactMap { letter, name in cells[letter + "\(row)"].map { (name, $0) } })
            if first == "合计" { sheet.totals = values } else { sheet.rows.append(values) }
            row += 1
        }
        return sheet
    }

    /// A number as the workbook holds it, or as JSON gives it.
    static func number(_ text: String?) -> Decimal? { text.flatMap { Decimal(string: $0) } }

    static func yuan(_ fen: Int) -> Decimal { Decimal(fen) / 100 }

    /// A share in percent to one decimal, rounded half up, as the workbooks show it; nil for none of nothing.
    static func percent(_ part: Int, of whole: Int) -> Decimal? {
        whole > 0 ? Decimal((part * 2000 + whole) / (2 * whole)) / 10 : nil
    }

    @Test func theWorkbooksSupervisionFiguresEqualTheJSON() async throws {
        try await TestDatabase.withClient { client, url in
            let f = try await Fixture(client)
            try await Season.generate(f)
            try await Season.supervise(f)
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let office = server.cli(databaseURL: url.urlString)
                #expect(try office.run(["login", "--login", "office", "--password-stdin"], stdin: "demo-2021\n").status == 0)
                func json(_ arguments: String...) throws -> [[String: Any]] {
                    let run = try office.run(arguments)
                    #expect(run.status == 0 && run.stderr.isEmpty, "\(arguments): \(run)")
                    return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
                }
                // Per street; the district total row aside.
                let progress = try json("progress", "--year", "2021", "--json").filter { $0["street"] as? String != "total" }
                let coverage = try json("coverage", "--year", "2021", "--json")
                let cases = try json("list", "--type", "case", "--year", "2021", "--json")
                let inspections = try json("inspection", "list", "--json")
                let samples = try json("sample", "list", "--json")
                #expect(inspections.count == 15 && cases.count == 9 && samples.count == 5 && coverage.count == 4)

                let units = Taishan2021.plan.units + Taishan2021.demo.units
                let name = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0.name) })
                func string(_ item: [String: Any], _ key: String) -> String { item[key] as? String ?? "" }
                func int(_ item: [String: Any], _ key: String) -> Int { item[key] as? Int ?? 0 }
                func sum(_ items: [[String: Any]], _ key: String) -> Int { items.map { int($0, key) }.reduce(0, +) }
                func inDecember(_ date: String) -> Bool { date.hasPrefix("2021-12") }
                /// The number of an id such as `Q12`: later records have larger ones.
                func serial(_ item: [String: Any]) -> Int { Int(string(item, "id").dropFirst()) ?? 0 }
                // When a closed case was closed: the event that filed it, from its history.
                var closedOn: [String: String] = [:]
                for item in cases where string(item, "status") == "filed" {
                    let shown = try #require(
                        try JSONSerialization.jsonObject(
                            with: Data(try office.run("show", string(item, "id"), "--json").stdout.utf8))
                            as? [String: Any])
                    let history = shown["history"] as? [[String: Any]] ?? []
                    closedOn[string(item, "id")] = history.last { string($0, "to_status") == "filed" }.map { string($0, "at") }
                }
                let overdue = cases.filter { string($0, "status") == "in_review" && $0["overdue"] as? Bool == true }
                #expect(overdue.count == 3, "the season's overdue cases: \(overdue.map { string($0, "id") })")
                // The products of a company whose latest sample up to `until` failed (待复检).
                func pending(_ company: String, before until: String) -> [String] {
                    let mine = samples.filter { string($0, "company") == company && string($0, "date") < until }
                    return ["coal", "stove"].compactMap { product in
                        let latest = mine.filter { string($0, "product") == product }.max { a, b in
                            (string(a, "date"), serial(a)) < (string(b, "date"), serial(b))
                        }
                        guard let latest, latest["passed"] as? Bool == false else { return nil }
                        return product == "coal" ? "洁净煤" : "炉具"
                    }
                }

                let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "coalflow-figures-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let monthly = folder.appendingPathComponent("2021-12.xlsx").path
                let yearEnd = folder.appendingPathComponent("2021.xlsx").path
                let wrote = try office.run("report", "monthly", "--month", "2021-12", "--format", "xlsx", "-o", monthly)
                #expect(wrote.status == 0, "\(wrote)")
                let exported = try office.run("export", "year-end", "--year", "2021", "--format", "xlsx", "-o", yearEnd)
                #expect(exported.status == 0, "\(exported)")

                // 街道进度 (year to date at the end of December is the whole season) and 街道考核, by `progress`.
                let streetProgress = try Self.sheet(monthly, "街道进度")
                let streetAssessment = try Self.sheet(yearEnd, "街道考核")
                for item in progress {
                    let street = string(item, "street")
                    let row = try #require(streetProgress.row("街道", name[street] ?? street), "\(street) in 街道进度")
                    #expect(Self.number(row["累计配送煤(吨)"]) == Self.number(string(item, "delivered_coal_tons")), "\(street)")
                    #expect(Self.number(row["累计配送炉具(台)"]) == Decimal(int(item, "delivered_stoves")), "\(street)")
                    #expect(Self.number(row["累计备案补贴(元)"]) == Self.yuan(int(item, "filed_subsidy_fen")), "\(street)")
                    #expect(Self.number(row["目标洁净煤(吨)"]) == Self.number(item["target_coal_tons"] as? String), "\(street)")
                    let assessed = try #require(streetAssessment.row("街道代码", street))
                    #expect(Self.number(assessed["配送洁净煤(吨)"]) == Self.number(string(item, "delivered_coal_tons")))
                    #expect(Self.number(assessed["登记洁净煤(吨)"]) == Self.number(string(item, "registered_coal_tons")))
                    #expect(Self.number(assessed["备案补贴(元)"]) == Self.yuan(int(item, "filed_subsidy_fen")))
                }

                // 摸底覆盖 per street in both workbooks, by `coverage` summed per street and by `progress`.
                for workbook in [monthly, yearEnd] {
                    let sheet = try Self.sheet(workbook, "摸底覆盖")
                    for item in progress {
                        let street = string(item, "street")
                        let villages = coverage.filter { string($0, "street") == street }
                        let (burning, registered) = (sum(villages, "burning_coal"), sum(villages, "registered"))
                        #expect(burning == int(item, "surveyed_burning_coal") && registered == int(item, "surveyed_registered"))
                        let notRegistered = villages.map { ($0["not_registered"] as? [Any] ?? []).count }.reduce(0, +)
                        let row = try #require(sheet.row("街道", name[street] ?? street), "\(street) in 摸底覆盖")
                        #expect(
                            [row["摸底户数"], row["烧煤户数"], row["已登记"], row["未登记"]].map(Self.number)
                                == [sum(villages, "surveyed"), burning, registered, notRegistered].map { Decimal($0) },
                            "\(street): \(row)")
                        #expect(Self.number(row["覆盖率"]) == Self.percent(registered, of: burning), "\(street): \(row)")
                    }
                    #expect(Self.number(sheet.totals["摸底户数"]) == Decimal(sum(coverage, "surveyed")))
                    #expect(
                        Self.number(sheet.totals["未登记"]) == Decimal(sum(coverage, "burning_coal") - sum(coverage, "registered")))

                    // 村级覆盖: every village, with its coordinator as `coverage` names them.
                    let villages = try Self.sheet(workbook, "村级覆盖")
                    let demoVillages = Taishan2021.demo.units.filter { $0.kind == .village }
                    #expect(villages.rows.count == demoVillages.count, "\(villages.rows)")
                    for village in demoVillages {
                        let row = try #require(villages.row("村(社区)", village.name), "\(village.code) in 村级覆盖")
                        #expect(row["街道"] == name[village.parent ?? ""])
                        let item = coverage.first { string($0, "village") == village.code } ?? [:]
                        #expect(
                            [row["摸底户数"], row["烧煤户数"], row["已登记"]].map(Self.number)
                                == [sum([item], "surveyed"), sum([item], "burning_coal"), sum([item], "registered")].map {
                                    Decimal($0)
                                },
                            "\(village.code): \(row)")
                        if let coordinator = item["coordinator"] as? [String: Any] {
                            #expect(row["协查员"] == string(coordinator, "name") && row["协查员电话"] == string(coordinator, "phone"))
                        }
                    }
                    #expect(villages.row("村(社区)", name["caiyuan-demo1"] ?? "")?["协查员"] == "王建国", "the coordinator set last")
                    #expect(villages.row("村(社区)", name["shanggao-demo1"] ?? "")?["协查员"] == "赵协查", "named though nothing surveyed")
                    #expect(villages.row("村(社区)", name["shanggao-demo1"] ?? "")?["协查员电话"]?.contains("****") == true)
                    #expect(villages.row("村(社区)", name["qiujiadian-demo1"] ?? "")?["协查员"] == nil)
                }

                // 成员单位 (December): inspections and samples by their date, cases by when they were opened
                // and closed, overdue ones where they wait now.
                let unitSheet = try Self.sheet(monthly, "成员单位")
                let memberUnits = Taishan2021.plan.units.filter { [.office, .bureau, .street].contains($0.kind) }
                #expect(unitSheet.rows.count == memberUnits.count)
                for unit in memberUnits {
                    let row = try #require(unitSheet.row("单位", unit.name), "\(unit.code) in 成员单位")
                    let mine = inspections.filter { string($0, "unit") == unit.code && inDecember(string($0, "date")) }
                    let opened = cases.filter { inDecember(string($0, "created_at")) }
                    let taken = samples.filter { string($0, "unit") == unit.code && inDecember(string($0, "date")) }
                    let late = overdue.filter { string($0, "current_unit") == unit.code }.count
                    let expected = [
                        mine.count, sum(mine, "checked"), sum(mine, "problems"),
                        opened.filter { string($0, "origin_unit") == unit.code }.count,
                        opened.filter { string($0, "assigned_unit") == unit.code }.count,
                        cases.filter { string($0, "assigned_unit") == unit.code && inDecember(closedOn[string($0, "id")] ?? "") }
                            .count,
                        late, taken.count, taken.filter { $0["passed"] as? Bool == false }.count,
                    ]
                    let columns = ["本期检查(次)", "检查点(户)", "发现问题", "本期立案", "本期交办", "本期办结", "在办超期", "本期抽检", "抽检不合格"]
                    #expect(columns.map { Self.number(row[$0]) } == expected.map { Decimal($0) }, "\(unit.code): \(row)")
                    if late > 0 { #expect(row["进度"] == "滞后", "\(unit.code) has an overdue case") }
                }
                let recordedByMembers = inspections.filter { item in
                    memberUnits.contains { $0.code == string(item, "unit") } && inDecember(string(item, "date"))
                }
                #expect(Self.number(unitSheet.totals["本期检查(次)"]) == Decimal(recordedByMembers.count))

                // 企业配送: each company marked by a product waiting for its re-test at the end of December, or a
                // case against it now overdue.
                let companies = try Self.sheet(monthly, "企业配送")
                for company in Taishan2021.demo.units.filter({ $0.kind == .company }) {
                    let row = try #require(companies.row("企业", company.name), "\(company.code) in 企业配送")
                    let products = pending(company.code, before: "2022-01-01")
                    let late = overdue.filter { string($0, "company") == company.code }.count
                    var marks: [String] = []
                    if !products.isEmpty { marks.append("待复检：" + products.joined(separator: "、")) }
                    if late > 0 { marks.append("问题超期 \(late) 件") }
                    #expect(row["标记"] == (marks.isEmpty ? "正常" : marks.joined(separator: "；")), "\(company.code): \(row)")
                }
                #expect(companies.row("企业", name["demo-coal-b"] ?? "")?["标记"] == "待复检：洁净煤；问题超期 1 件")
                #expect(companies.row("企业", name["demo-coal-a"] ?? "")?["标记"] == "正常", "its later sample passed")

                // 执法检查: the year's inspections per unit and kind.
                let inspected = try Self.sheet(yearEnd, "执法检查")
                for unit in memberUnits {
                    let row = try #require(inspected.row("单位", unit.name))
                    let mine = inspections.filter { string($0, "unit") == unit.code }
                    for kind in InspectionKind.allCases {
                        let count = mine.filter { string($0, "kind") == kind.rawValue }.count
                        #expect(Self.number(row[kind.label.zh + "(次)"]) == Decimal(count), "\(unit.code) \(kind)")
                    }
                    #expect(Self.number(row["检查点(户)"]) == Decimal(sum(mine, "checked")), "\(unit.code)")
                    #expect(Self.number(row["发现问题"]) == Decimal(sum(mine, "problems")), "\(unit.code)")
                }

                // 问题办理: the year's cases per unit handling them now.
                let handled = try Self.sheet(yearEnd, "问题办理")
                for code in Set(cases.map { string($0, "assigned_unit") }) {
                    let row = try #require(handled.row("承办单位", name[code] ?? code), "\(code) in 问题办理")
                    let mine = cases.filter { string($0, "assigned_unit") == code }
                    let expected = [
                        mine.count, mine.filter { string($0, "status") == "filed" }.count,
                        mine.filter { string($0, "status") == "in_review" }.count,
                        overdue.filter { string($0, "assigned_unit") == code }.count,
                    ]
                    #expect(
                        ["交办", "办结", "在办", "超期"].map { Self.number(row[$0]) } == expected.map { Decimal($0) }, "\(code): \(row)")
                }
                #expect(Self.number(handled.totals["交办"]) == Decimal(cases.count))

                // 质量抽检: the year's samples per company; 待复检 as the latest samples leave it.
                let sampled = try Self.sheet(yearEnd, "质量抽检")
                for company in Taishan2021.demo.units.filter({ $0.kind == .company }) {
                    let row = try #require(sampled.row("企业代码", company.code))
                    let mine = samples.filter { string($0, "company") == company.code }
                    let expected = [
                        mine.count, mine.filter { $0["passed"] as? Bool == false }.count,
                        mine.filter { string($0, "product") == "coal" }.count,
                        mine.filter { string($0, "product") == "stove" }.count,
                    ]
                    #expect(["抽检次数", "不合格", "煤样", "炉具样"].map { Self.number(row[$0]) } == expected.map { Decimal($0) })
                    let products = pending(company.code, before: "2022-04-01").joined(separator: "、")
                    #expect(row["待复检"] == (products.isEmpty ? nil : products), "\(company.code): \(row)")
                }
            }
        }
    }
}
