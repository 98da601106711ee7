import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

/// The survey ledger and coverage, as the server runs them: as coalflow_app, under row-level security.
@Suite struct SurveyStoreTests {
    let logger = TestDatabase.logger

    func home(_ serial: Int, _ heating: String) throws -> SurveyedHome {
        try SurveyedHome(
            name: "摸底\(serial)", address: "演示村 \(serial) 号", idNumber: Fixture.idNumber(serial), heating: heating,
            coalUseTons: heating == "electric" ? "0" : "2.5", coalStockTons: "0.5")
    }

    @Test func coverageCountsConfirmedHomesBurningCoalAgainstLiveForms() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            // Homes 0 and 1 are on a live form of another village, in another street: matched by ID digest.
            _ = try await f.submittedRegistration(by: "daimiao-demo1", households: 2)
            try await withPostgresClient(url.connecting(as: ApplicationRole.name), logger: logger) { app in
                let keys = try TestDatabase.keys()
                let surveys = SurveyStore(client: app, logger: logger, keys: keys)
                let workflow = WorkflowStore(client: app, logger: logger, keys: keys)
                let queries = DocumentQueries(client: app, logger: logger, keys: keys)
                let (village, street) = (try await f.user("caiyuan-demo1"), try await f.user("caiyuan"))
                let homes = [try home(0, "散煤"), try home(1, "clean_coal"), try home(500, "loose_coal"), try home(501, "电代煤")]
                let id = try await surveys.create(year: 2021, homes: homes, by: village)
                // Not confirmed yet: no coverage.
                #expect(try await surveys.coverage(year: 2021, street: nil, user: try await f.user("office")).isEmpty)
                _ = try await workflow.perform(.submit, on: id, by: village)
                let shown = try #require(try await queries.show(id, for: street))
                #expect(shown.homes?.count == 4 && shown.homes?.first?.idNumber == Fixture.idNumber(0), "the street sees IDs")
                #expect(try await queries.show(id, for: try await f.user("fgj"))?.homes?.first?.idNumber.contains("*") == true)
                #expect(try await workflow.perform(.approve, on: id, by: street).status == .filed)

                for reader in ["office", "caiyuan", "caiyuan-demo1"] {
                    let rows = try await surveys.coverage(year: 2021, street: nil, user: try await f.user(reader))
                    #expect(rows.count == 1, "\(reader): \(rows)")
                    let row = try #require(rows.first)
                    #expect(row.street == "caiyuan" && row.village == "caiyuan-demo1")
                    #expect(row.surveyed == 4 && row.burningCoal == 3 && row.registered == 2, "\(row)")
                    #expect(row.notRegistered.map(\.name) == ["摸底500"])
                    #expect(row.notRegistered.first?.idNumber == Masking.idNumber(Fixture.idNumber(500)))
                }
                // Other streets and villages see nothing of it; bureaus without documents may not ask.
                #expect(try await surveys.coverage(year: 2021, street: nil, user: try await f.user("daimiao")).isEmpty)
                #expect(try await surveys.coverage(year: 2021, street: nil, user: try await f.user("caiyuan-demo2")).isEmpty)
                await #expect(throws: StoreError.self) {
                    try await surveys.coverage(year: 2021, street: nil, user: try await f.user("jyj"))
                }
            }
        }
    }

    @Test func aSurveyIsAllOrNothingAndOnlyAVillagesOwn() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            try await withPostgresClient(url.connecting(as: ApplicationRole.name), logger: logger) { app in
                let surveys = SurveyStore(client: app, logger: logger, keys: try TestDatabase.keys())
                let village = try await f.user("caiyuan-demo1")
                await #expect(throws: StoreError.self) {
                    try await surveys.create(year: 2021, homes: [try home(1, "gas"), try home(1, "gas")], by: village)
                }
                await #expect(throws: StoreError.self) {
                    try await surveys.create(year: 2021, homes: [try home(1, "gas")], by: try await f.user("caiyuan"))
                }
                #expect(throws: InputError.self) { try home(2, "柴火") }
            }
            let stored = try await owner.query("SELECT count(*)::int FROM survey_lines", logger: logger).collect().first?
                .decode(Int.self)
            #expect(stored == 0)
        }
    }
}
