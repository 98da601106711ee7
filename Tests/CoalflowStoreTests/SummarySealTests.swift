import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

@Suite struct SummarySealTests {
    @Test func tamperingASealedSlipBreaksTheSealAndStopsApproval() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let summary = try await f.draftSummary(households: 2)
            _ = try await f.workflow.perform(.submit, on: summary, by: try await f.user("demo-coal-a"))
            _ = try await f.workflow.perform(.approve, on: summary, by: try await f.user("caiyuan"))
            // Someone with database rights edits a slip, bypassing the triggers.
            try await client.withConnection { connection in
                try await connection.query("SET session_replication_role = replica", logger: TestDatabase.logger)
                try await connection.query(
                    "UPDATE slips SET subsidy_fen = subsidy_fen + 100 WHERE summary_id = \(summary)", logger: TestDatabase.logger)
                try await connection.query("SET session_replication_role = origin", logger: TestDatabase.logger)
            }
            let shown = try #require(try await f.queries.show(summary, for: try await f.user("fgj")))
            #expect(shown.checks?.first { $0.name == "seal_valid" }?.passed == false)
            do {
                _ = try await f.workflow.perform(.approve, on: summary, by: try await f.user("fgj"))
                Issue.record("approved a summary whose seal is broken")
            } catch let error as StoreError {
                #expect(error.code == .sealBroken)
            }
            #expect(try await f.queries.show(summary, for: try await f.user("fgj"))?.currentUnit == "fgj")
        }
    }

    /// 10,000 slips: the summary's subsidy is exactly the sum of the slips', computed here independently.
    @Test func tenThousandSlipsAddUpExactly() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let count = 10_000
            let clerk = try await f.user("caiyuan-demo1")
            // Odd quantities (kilogram precision) so that rounding would show.
            let households = try (0..<count).map { i in
                try Household(
                    name: "户\(i)", address: "演示路\(i)号", idNumber: Fixture.idNumber(i), phone: "13800000000",
                    coalTons: "\(1 + i % 3).\(String(format: "%03d", (i * 37) % 1000))", stoves: "0")
            }
            let registration = try await f.registrations.create(year: 2021, households: households, by: clerk)
            _ = try await f.registrations.publicize(
                registration, from: CivilDate(year: 2021, month: 9, day: 1)!, to: CivilDate(year: 2021, month: 9, day: 2)!,
                by: clerk)
            _ = try await f.workflow.perform(.submit, on: registration, by: clerk)
            _ = try await f.workflow.perform(.approve, on: registration, by: try await f.user("caiyuan"))
            let company = try await f.user("demo-coal-a")
            let deliveries = households.enumerated().map { i, h in
                SlipStore.Delivery(
                    idNumber: h.idNumber, date: CivilDate(year: 2021, month: 11, day: 1 + i % 28)!, coal: h.coal, stoves: 0)
            }
            _ = try await f.slips.create(deliveries, by: company)
            let summary = try await f.summaries.create(
                street: "caiyuan", month: CivilDate(year: 2021, month: 11, day: 1)!, by: company)
            let shown = try #require(try await f.queries.show(summary, for: company))

            // Independently: 300 yuan per ton is 30 fen per kilogram, exactly.
            let expectedSubsidy = households.reduce(Int64(0)) { $0 + $1.coal.thousandths * 30 }
            let expectedKg = households.reduce(Int64(0)) { $0 + $1.coal.thousandths }
            #expect(shown.totals.subsidyFen == expectedSubsidy)
            #expect(shown.totals.coalTons == Tons(thousandths: expectedKg).description)
            #expect(shown.totals.households == count)
            let rows = try await client.query(
                "SELECT sum(subsidy_fen)::bigint, count(*)::int FROM slips WHERE summary_id = \(summary)",
                logger: TestDatabase.logger
            ).collect()
            let (sum, slips) = try rows.first!.decode((Int64, Int).self)
            #expect(sum == expectedSubsidy && slips == count)
            #expect(shown.checks?.allSatisfy(\.passed) == false)  // not sealed until submitted
            _ = try await f.workflow.perform(.submit, on: summary, by: company)
            #expect(try await f.queries.show(summary, for: company)?.checks?.allSatisfy(\.passed) == true)
        }
    }

    @Test func aSummaryNeedsSlips() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            do {
                _ = try await f.summaries.create(
                    street: "caiyuan", month: CivilDate(year: 2021, month: 12, day: 1)!, by: try await f.user("demo-coal-a"))
                Issue.record("a summary without slips was made")
            } catch let error as StoreError {
                #expect(error.code == .noSlips)
            }
        }
    }
}
