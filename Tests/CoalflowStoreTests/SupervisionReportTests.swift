import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

/// The dispatch's and the assessment's figures for every member unit equal what the test itself
/// recorded: inspections per unit and kind, cases per handler, coverage per street.
@Suite struct SupervisionReportTests {
    let logger = TestDatabase.logger

    @Test func unitWorkAndCoverageAddUpFromTheRawRows() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            _ = try await f.submittedRegistration(by: "caiyuan-demo1", households: 2)
            try await withPostgresClient(url.connecting(as: ApplicationRole.name), logger: logger) { app in
                let keys = try TestDatabase.keys()
                let inspections = InspectionStore(client: app, logger: logger)
                let cases = CaseStore(client: app, logger: logger, keys: keys)
                let workflow = WorkflowStore(client: app, logger: logger, keys: keys)
                let surveys = SurveyStore(client: app, logger: logger, keys: keys)
                let reports = ReportStore(client: app, logger: logger, keys: keys)
                let office = try await f.user("office")

                // December 2021 inspections: (login, kind, street, checked, problems, day).
                let recorded: [(String, InspectionKind, String, Int, Int, Int)] = [
                    ("jyj", .transport, "caiyuan", 10, 1, 3), ("jyj", .transport, "daimiao", 6, 0, 9),
                    ("zfj", .market, "caiyuan", 4, 2, 5), ("zfj", .vendor, "taiqian", 7, 1, 20),
                    ("caiyuan", .recurrence, "caiyuan", 50, 3, 12), ("rmt", .publicity, "daimiao", 200, 0, 1),
                ]
                for (login, kind, street, checked, problems, day) in recorded {
                    _ = try await inspections.record(
                        .init(
                            kind: kind, date: CivilDate(year: 2021, month: 12, day: day)!, street: street, checked: checked,
                            problems: problems),
                        by: try await f.user(login))
                }
                // One November inspection, outside the December dispatch.
                _ = try await inspections.record(
                    .init(
                        kind: .transport, date: CivilDate(year: 2021, month: 11, day: 30)!, street: "caiyuan", checked: 3,
                        problems: 0),
                    by: try await f.user("jyj"))

                // Cases: one closed by zfj, one in hand at zfj, one transferred to scjgj and in hand there.
                let street = try await f.user("caiyuan")
                let closed = try await cases.open(
                    .init(source: .tipoff, street: "caiyuan", problem: "一", assign: "zfj"), by: street)
                _ = try await cases.handle(closed, outcome: .closedDown, result: "取缔", by: try await f.user("zfj"))
                _ = try await workflow.perform(.approve, on: closed, by: street)
                _ = try await cases.open(.init(source: .tipoff, street: "caiyuan", problem: "二", assign: "zfj"), by: street)
                let moved = try await cases.open(
                    .init(source: .tipoff, street: "daimiao", problem: "三", assign: "zfj"), by: office)
                _ = try await workflow.transfer(moved, to: "scjgj", reason: "转", by: office)

                // A confirmed survey of caiyuan-demo1: homes 0 and 1 registered above, 700 burning coal, 701 electric.
                let village = try await f.user("caiyuan-demo1")
                let homes = try [(0, "散煤"), (1, "洁净煤"), (700, "散煤"), (701, "电代煤")].map { serial, heating in
                    try SurveyedHome(
                        name: "摸底\(serial)", address: "一村", idNumber: Fixture.idNumber(serial), heating: heating,
                        coalUseTons: "1",
                        coalStockTons: "0")
                }
                let survey = try await surveys.create(year: 2021, homes: homes, by: village)
                _ = try await workflow.perform(.submit, on: survey, by: village)
                _ = try await workflow.perform(.approve, on: survey, by: street)

                // The December dispatch, as the office reads it.
                let report = try await reports.period(
                    from: CivilDate(year: 2021, month: 12, day: 1)!, until: CivilDate(year: 2022, month: 1, day: 1)!, title: "t",
                    user: office)
                let units = try #require(report.sheets.first { $0.spec.name == PeriodSheet.units.spec.name })
                func unitRow(_ name: String) -> [Cell]? { units.rows.first { $0.first == .text(name) } }
                for (login, name) in [("jyj", "区交运局"), ("zfj", "区综合行政执法局"), ("rmt", "区融媒体中心"), ("sthj", "市生态环境局泰山分局")] {
                    let mine = recorded.filter { $0.0 == login }
                    let row = try #require(unitRow(name), "\(name) in \(units.rows)")
                    #expect(row[1] == .integer(Int64(mine.count)), "\(name) inspections")
                    #expect(row[2] == .integer(Int64(mine.map(\.3).reduce(0, +))), "\(name) checked")
                    #expect(row[3] == .integer(Int64(mine.map(\.4).reduce(0, +))), "\(name) problems")
                }
                #expect(unitRow("区市场监管局")?[9] == .integer(0), "no sample taken in December")
                // sthj inspected nothing while others did: behind.
                #expect(unitRow("市生态环境局泰山分局")?.last == .text("滞后"))
                #expect(unitRow("区财政局")?.last == .text("正常"), "czj owes no inspection")
                #expect(unitRow("散煤清洁化治理工作领导小组办公室")?.last == .text("正常"), "nor does the office")
                #expect(units.totals?[1] == .integer(Int64(recorded.count)))

                let coverage = try #require(report.sheets.first { $0.spec.name == PeriodSheet.coverage.spec.name })
                let caiyuan = try #require(coverage.rows.first { $0.first == .text("财源街道") }, "\(coverage.rows)")
                #expect(Array(caiyuan[1...4]) == [.integer(4), .integer(3), .integer(2), .integer(1)], "\(caiyuan)")
                #expect(caiyuan[5] == .share(2, of: 3))

                // The assessment: inspections per unit and kind for the whole year, cases per handler.
                var byUnit: [String: [Cell]] = [:]
                try await reports.yearEnd(.inspections, year: 2021, user: office) { cells in
                    if case .text(let name) = cells[0] { byUnit[name] = cells }
                }
                let jyj = try #require(byUnit["区交运局"])
                let transport = 1 + InspectionKind.allCases.firstIndex(of: .transport)!
                #expect(jyj[transport] == .integer(3) && jyj.last == .integer(1), "\(jyj)")
                var handlers: [String: [Cell]] = [:]
                try await reports.yearEnd(.cases, year: 2021, user: office) { cells in
                    if case .text(let name) = cells[0] { handlers[name] = cells }
                }
                #expect(Array(handlers["区综合行政执法局"]?[1...4] ?? []) == [.integer(2), .integer(1), .integer(1), .integer(0)])
                #expect(Array(handlers["区市场监管局"]?[1...4] ?? []) == [.integer(1), .integer(0), .integer(1), .integer(0)])
                // Samples: demo-coal-a fails and stays marked; demo-coal-b fails, then passes, and is not.
                let samples = SampleStore(client: app, logger: logger, keys: keys)
                let scjgj = try await f.user("scjgj")
                for (company, sulfur, day) in [("demo-coal-a", "0.9", 1), ("demo-coal-b", "0.9", 2), ("demo-coal-b", "0.3", 3)] {
                    _ = try await samples.record(
                        .init(
                            company: company, product: .coal, date: CivilDate(year: 2021, month: 12, day: day)!,
                            readings: [.sulfur: sulfur, .ash: "10", .volatile: "8", .heat: "26"]),
                        by: scjgj)
                }
                var sampled: [String: [Cell]] = [:]
                try await reports.yearEnd(.samples, year: 2021, user: office) { cells in
                    if case .text(let code) = cells[0] { sampled[code] = cells }
                }
                #expect(
                    Array(sampled["demo-coal-a"]?[2...] ?? []) == [
                        .integer(1), .integer(1), .integer(1), .integer(0), .text("洁净煤"),
                    ])
                #expect(
                    Array(sampled["demo-coal-b"]?[2...] ?? []) == [.integer(2), .integer(1), .integer(2), .integer(0), .text("")])
                var covered: [[Cell]] = []
                try await reports.yearEnd(.coverage, year: 2021, user: office) { covered.append($0) }
                #expect(covered.first { $0.first == .text("财源街道") } == caiyuan)
            }
        }
    }
}
