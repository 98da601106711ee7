import CoalflowCore
import CoalflowTestSupport
import PostgresNIO
import Testing

@testable import CoalflowStore

@Suite struct ReportStoreTests {
    @Test func progressEqualsTheRawRows() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            try await Season.generate(f)
            let e = try await Season.expected(client)
            let rows = try await ReportStore(client: client, logger: TestDatabase.logger).progress(
                year: 2021, user: try await f.user("office"))
            #expect(rows.map(\.street) == Taishan2021.streets.map(\.code) + ["total"])
            for row in rows where row.street != "total" {
                let s = row.street
                #expect(row.registeredCoalTons == Tons(thousandths: e.registeredKg[s] ?? 0).description, "\(s)")
                #expect(row.registeredStoves == e.registeredStoves[s] ?? 0, "\(s)")
                #expect(row.deliveredCoalTons == Tons(thousandths: e.deliveredKg[s] ?? 0).description, "\(s)")
                #expect(row.deliveredStoves == e.deliveredStoves[s] ?? 0, "\(s)")
                #expect(row.filedCoalTons == Tons(thousandths: e.filedKg[s] ?? 0).description, "\(s)")
                #expect(row.filedStoves == e.filedStoves[s] ?? 0, "\(s)")
                #expect(row.filedSubsidyFen == e.filedSubsidy[s] ?? 0, "\(s)")
            }
            let total = try #require(rows.last)
            #expect(total.deliveredCoalTons == Tons(thousandths: e.deliveredKg.values.reduce(0, +)).description)
            #expect(total.filedSubsidyFen == e.filedSubsidy.values.reduce(0, +))
            #expect(total.targetCoalTons == "5000.000" && total.targetStoves == 300)
            // The season has something in every column it claims to test.
            #expect(e.filedSubsidy.values.reduce(0, +) > 0 && e.registeredKg["xujialou"] == nil)
            let caiyuan = try #require(rows.first)
            let expectedPct = Cell.share(e.deliveredKg["caiyuan"] ?? 0, of: 2_000_000)
            #expect(caiyuan.completionCoalPct.map { $0 + "%" } == expectedPct.display)
            #expect(rows.first { $0.street == "shanggao" }?.completionCoalPct == nil)
            #expect(try await Season.progressDrift(client) == [])
            #expect(try await Season.countDrift(client) == [])
            // Rebuilt from the rows (after a load that bypassed the triggers), the totals are the same.
            try await client.query("SELECT running_totals_rebuild()", logger: TestDatabase.logger)
            let rebuilt = try await ReportStore(client: client, logger: TestDatabase.logger).progress(
                year: 2021, user: try await f.user("office"))
            #expect(rebuilt == rows)
            #expect(try await Season.countDrift(client) == [])
        }
    }

    /// The overview's counts come from running counts (sql/0020) and cases as they are, its latest
    /// actions from a function that applies the reader's scope (sql/0021): for each kind of reader they
    /// equal the documents and events it may see, read one by one.
    @Test func overviewCountsEqualTheDocumentsEachReaderSees() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            try await Season.generate(f)
            try await Season.supervise(f)
            let reports = ReportStore(client: client, logger: TestDatabase.logger, keys: f.keys)
            for login in ["office", "fgj", "scjgj", "caiyuan", "daimiao", "caiyuan-demo1", "demo-coal-a"] {
                let user = try await f.user(login)
                let overview = try #require(try await reports.overview(year: 2021, user: user))
                let reach = DocumentQueries.scopeParameters(user)
                let visible = """
                    d.year = 2021 AND (\(reach.all) OR d.street_code = '\(reach.street ?? "")' OR d.origin_unit = '\(reach.origin ?? "")'
                         OR (d.document_type = 'case' AND '\(user.unit)' = ANY (d.parties)))
                    """
                var byStatus: [DocumentStatus: Int] = [:]
                for row in try await client.query(
                    PostgresQuery(unsafeSQL: "SELECT d.status, count(*)::int FROM documents d WHERE \(visible) GROUP BY 1"),
                    logger: TestDatabase.logger
                ).collect() {
                    let (status, count) = try row.decode((String, Int).self)
                    byStatus[DocumentStatus(rawValue: status)!] = count
                }
                #expect(overview.byStatus == byStatus, "\(login)")
                var waiting: [String: Int] = [:]
                for row in try await client.query(
                    PostgresQuery(
                        unsafeSQL:
                            "SELECT d.current_unit, count(*)::int FROM documents d WHERE d.status = 'in_review' AND \(visible) GROUP BY 1"
                    ), logger: TestDatabase.logger
                ).collect() {
                    let (unit, count) = try row.decode((String, Int).self)
                    waiting[unit] = count
                }
                #expect(Dictionary(uniqueKeysWithValues: overview.waiting.map { ($0.unit, $0.count) }) == waiting, "\(login)")
                let latest = try await client.query(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT e.document_id, e.action FROM workflow_events e JOIN documents d ON d.id = e.document_id
                            WHERE \(visible) ORDER BY e.seq DESC LIMIT 10
                            """), logger: TestDatabase.logger
                ).collect().map { row in
                    let (id, action) = try row.decode((Int64, String).self)
                    return "\(DocumentID.format(id)) \(action)"
                }
                #expect(overview.latest.map { "\($0.document) \($0.action)" } == latest, "\(login)")
                #expect(!latest.isEmpty || login == "demo-coal-a", "\(login) sees some of the season")
            }
            #expect(try await Season.countDrift(client) == [])
        }
    }

    /// Writers in one street at once (slips issued and voided, forms released) leave the running totals
    /// equal to what the rows add up to: each adds in its own transaction, none lost, none twice.
    @Test func runningTotalsStayExactUnderConcurrentWriters() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let form = try await f.releasedRegistration(households: 24)
            let company = try await f.user("demo-coal-a")
            let street = try await f.user("caiyuan")
            let forms = try await withThrowingTaskGroup(of: Int64?.self) { group in
                for writer in 0..<6 {
                    group.addTask {
                        let slips = try await f.slips.create(
                            (0..<4).map { i in
                                .init(
                                    idNumber: try ResidentIDNumber(Fixture.idNumber(writer * 4 + i)),
                                    date: CivilDate(year: 2021, month: 10, day: 1 + i)!, coal: Tons(thousandths: 1500), stoves: 0)
                            }, by: company)
                        _ = try await f.slips.void(slips[writer % 4], reason: "数量开错", by: company)
                        return nil
                    }
                    group.addTask {
                        let id = try await f.submittedRegistration(households: 2, firstSerial: 100 + writer * 2)
                        _ = try await f.workflow.perform(.approve, on: id, by: street)
                        return id
                    }
                }
                return try await group.reduce(into: [Int64]()) { if let id = $1 { $0.append(id) } }
            }
            #expect(forms.count == 6 && form > 0)
            #expect(try await Season.progressDrift(client) == [])
            #expect(try await Season.countDrift(client) == [])
            let caiyuan = try #require(
                try await ReportStore(client: client, logger: TestDatabase.logger).progress(year: 2021, user: street).first)
            // 24 slips of 1.5 t, 6 of them void; 7 released forms (24 + 6 × 2 households).
            #expect(caiyuan.deliveredCoalTons == "27.000" && caiyuan.registeredHouseholds == 36)
        }
    }

    @Test func aStreetSeesOnlyItsOwnRowAndVillagesNone() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let reports = ReportStore(client: client, logger: TestDatabase.logger)
            #expect(try await reports.progress(year: 2021, user: try await f.user("daimiao")).map(\.street) == ["daimiao"])
            #expect(try await reports.progress(year: 2021, user: try await f.user("jyj")).count == 8)
            await #expect(throws: StoreError.self) {
                _ = try await reports.progress(year: 2021, user: try await f.user("caiyuan-demo1"))
            }
            await #expect(throws: StoreError.self) {
                try await reports.yearEnd(.households, year: 2021, user: try await f.user("jyj")) { _ in }
            }
        }
    }

    @Test func monthlyReportAndYearEndSheetsAddUp() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            try await Season.generate(f)
            let e = try await Season.expected(client)
            let office = try await f.user("office")
            let reports = ReportStore(client: client, logger: TestDatabase.logger, keys: f.keys)

            let report = try await reports.period(
                from: CivilDate(year: 2021, month: 11, day: 1)!, until: CivilDate(year: 2021, month: 12, day: 1)!,
                title: "月调度", user: office)
            let streets = try #require(report.sheets.first)
            // Year to date by the end of November: valid slips dated before December.
            let ytd = try await client.query(
                """
                SELECT coalesce(sum(coal_kg), 0)::bigint FROM slips WHERE status = 'valid' AND delivered_on < '2021-12-01'
                """, logger: TestDatabase.logger
            ).collect().first!.decode(Int64.self)
            #expect(streets.totals?[6] == .tons(ytd))
            let november = try await client.query(
                """
                SELECT coalesce(sum(subsidy_fen), 0)::bigint FROM slips WHERE status = 'valid' AND delivered_on >= '2021-11-01' AND delivered_on < '2021-12-01'
                """, logger: TestDatabase.logger
            ).collect().first!.decode(Int64.self)
            #expect(streets.totals?[5] == .yuan(november))
            // Behind the pro-rata schedule: every targeted street (each delivered far below 5000 t).
            #expect(streets.rows.filter { $0.last == .text("滞后") }.count == 3)
            let waiting = report.sheets[1]
            #expect(waiting.rows.contains { $0.first == .text("fgj") })

            var rows: [[Cell]] = []
            try await reports.yearEnd(.streets, year: 2021, user: office) { rows.append($0) }
            #expect(rows.count == 7)
            let byCode = Dictionary(uniqueKeysWithValues: rows.map { ($0[0].display, $0) })
            for (street, kg) in e.deliveredKg { #expect(byCode[street]?[7] == .tons(kg), "\(street)") }
            for (street, subsidy) in e.filedSubsidy { #expect(byCode[street]?[13] == .yuan(subsidy), "\(street)") }
            #expect(rows.prefix(3).map { $0[18] } == [.integer(1), .integer(2), .integer(3)])

            var households = 0
            var filed: Int64 = 0
            try await reports.yearEnd(.households, year: 2021, user: office) { row in
                households += 1
                if case .yuan(let fen) = row[11] { filed += fen }
                #expect(row[4].display.contains("********"))
            }
            #expect(households == 39)
            #expect(filed == e.filedSubsidy.values.reduce(0, +))

            var units: [String] = []
            try await reports.yearEnd(.timeliness, year: 2021, user: office) { units.append($0[0].display) }
            #expect(Set(units).isSuperset(of: ["caiyuan", "fgj", "czj"]))
        }
    }
}
