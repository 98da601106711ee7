import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

@Suite struct SlipStoreTests {
    func delivery(_ serial: Int, coal: String = "0", stoves: Int = 0, on day: Int = 10) throws -> SlipStore.Delivery {
        SlipStore.Delivery(
            idNumber: try ResidentIDNumber(Fixture.idNumber(serial)), date: CivilDate(year: 2021, month: 11, day: day)!,
            coal: try Tons(parsing: coal), stoves: stoves)
    }

    func refusal(_ body: () async throws -> Void) async -> StoreError? {
        do {
            try await body()
            return nil
        } catch { return error as? StoreError }
    }

    @Test func issuesWithExactAmountAndSubsidy() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            _ = try await f.releasedRegistration(households: 1)
            let company = try await f.user("demo-coal-a")
            let ids = try await f.slips.create([try delivery(0, coal: "1.234")], by: company)
            let slip = try #require(try await f.slips.slip(ids[0], for: company))
            // 1.234 t × 1100 yuan = 1357.40 yuan; subsidy 1.234 × 300 = 370.20 yuan.
            #expect(slip.amountFen == 135_740 && slip.subsidyFen == 37_020 && slip.unitPriceFen == 110_000)
            #expect(slip.street == "caiyuan" && slip.village == "caiyuan-demo1" && slip.status == .valid && slip.summaryId == nil)
        }
    }

    @Test func overDeliveryIsRefusedWithWhatRemains() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            _ = try await f.releasedRegistration(households: 1)  // 1.5 t and 1 stove registered
            let company = try await f.user("demo-coal-a")
            _ = try await f.slips.create([try delivery(0, coal: "1.2")], by: company)
            let error = await refusal { _ = try await f.slips.create([try delivery(0, coal: "0.301")], by: company) }
            #expect(error?.kind == .invalid)
            #expect(error?.message.en.contains("0.300 t remain") == true, "\(String(describing: error))")
            _ = try await f.slips.create([try delivery(0, coal: "0.3")], by: company)
        }
    }

    @Test func onlyReleasedHouseholdsOfContractedStreets() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            _ = try await f.submittedRegistration(households: 1)  // not yet street-approved
            _ = try await f.releasedRegistration(by: "taiqian-demo1", households: 1, firstSerial: 10)
            let coalA = try await f.user("demo-coal-a")
            let notReleased = await refusal { _ = try await f.slips.create([try delivery(0, coal: "1")], by: coalA) }
            #expect(notReleased?.message.en.contains("street-approved") == true)
            // 泰前 is served by demo-coal-b, not demo-coal-a.
            let otherStreet = await refusal { _ = try await f.slips.create([try delivery(10, coal: "1")], by: coalA) }
            #expect(otherStreet?.message.en.contains("no 2021 delivery contract") == true)
            // demo-coal-b serves 泰前 with coal, but not with stoves.
            let wrongProduct = await refusal {
                _ = try await f.slips.create([try delivery(10, stoves: 1)], by: try await f.user("demo-coal-b"))
            }
            #expect(wrongProduct?.message.en.contains("does not cover stove") == true)
            let outside = await refusal {
                _ = try await f.slips.create(
                    [
                        SlipStore.Delivery(
                            idNumber: try ResidentIDNumber(Fixture.idNumber(10)),
                            date: CivilDate(year: 2022, month: 4, day: 1)!, coal: Tons(thousandths: 1000), stoves: 0)
                    ], by: try await f.user("demo-coal-b"))
            }
            #expect(outside?.message.en.contains("outside every program year") == true)
            #expect(try await f.slips.list(try await f.user("fgj"), month: nil).isEmpty)
        }
    }

    @Test func importIsAllOrNothing() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            _ = try await f.releasedRegistration(households: 3)
            let company = try await f.user("demo-coal-a")
            let error = await refusal {
                _ = try await f.slips.create(
                    [try delivery(0, coal: "1"), try delivery(1, coal: "9"), try delivery(2, coal: "1")], by: company)
            }
            #expect(
                error?.details.count == 1 && error?.details.first?.hasPrefix("row 2:") == true, "\(String(describing: error))")
            #expect(try await f.slips.list(company, month: nil).isEmpty)
        }
    }

    @Test func visibleToTheFiveCopiesOnlyAndMaskedForTheBureaus() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            _ = try await f.releasedRegistration(households: 1)
            let ids = try await f.slips.create([try delivery(0, coal: "1")], by: try await f.user("demo-coal-a"))
            let full = Fixture.idNumber(0)
            #expect(try await f.slips.slip(ids[0], for: try await f.user("caiyuan"))?.idNumber == full)
            #expect(try await f.slips.slip(ids[0], for: try await f.user("demo-coal-a"))?.idNumber == full)
            #expect(
                try await f.slips.slip(ids[0], for: try await f.user("fgj"))?.idNumber == String(full.prefix(6)) + "********"
                    + String(full.suffix(4)))
            #expect(try await f.slips.slip(ids[0], for: try await f.user("czj"))?.phone.contains("****") == true)
            for outsider in ["daimiao", "demo-coal-b", "caiyuan-demo1", "office", "jyj"] {
                #expect(try await f.slips.slip(ids[0], for: try await f.user(outsider)) == nil, "\(outsider)")
                #expect(try await f.slips.list(try await f.user(outsider), month: nil).isEmpty, "\(outsider)")
            }
        }
    }

    @Test func voidKeepsTheSlipAndLocksOnceSubmitted() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let summary = try await f.draftSummary(households: 2)
            let company = try await f.user("demo-coal-a")
            let slips = try await f.slips.list(company, month: CivilDate(year: 2021, month: 11, day: 1)!)
            #expect(slips.count == 2 && slips.allSatisfy { $0.summaryId == DocumentID.format(summary) })
            _ = try await f.workflow.perform(.submit, on: summary, by: company)
            let locked = await refusal { _ = try await f.slips.void(SlipID.parse(slips[0].id)!, reason: "开错", by: company) }
            #expect(locked?.code == .slipLocked)
            // Returned: the slips are free again; void one, replace it, resubmit, which re-seals.
            _ = try await f.workflow.perform(.return, on: summary, by: try await f.user("caiyuan"), text: "第一张数量不对")
            let voided = try await f.slips.void(SlipID.parse(slips[0].id)!, reason: "数量开错", by: company)
            #expect(voided.status == .void && voided.voidReason == "数量开错")
            let replacement = SlipStore.Delivery(
                idNumber: try ResidentIDNumber(Fixture.idNumber(500)),
                date: CivilDate(year: 2021, month: 11, day: 20)!, coal: Tons(thousandths: 1000), stoves: 0)
            _ = try await f.slips.create([replacement], by: company)
            _ = try await f.workflow.perform(.submit, on: summary, by: company)
            let shown = try #require(try await f.queries.show(summary, for: company))
            #expect(shown.totals.coalTons == "2.500")
            #expect(shown.checks?.allSatisfy(\.passed) == true, "\(String(describing: shown.checks))")
            let rows = try await client.query("SELECT count(*) FROM slips", logger: TestDatabase.logger).collect()
            #expect(try rows.first!.decode(Int.self) == 3)
        }
    }

    @Test func theDatabaseRefusesEditingOrDeletingASlip() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            _ = try await f.draftSummary(households: 1)
            for sql in ["UPDATE slips SET coal_kg = 9", "DELETE FROM slips"] {
                let error = await #expect(throws: PSQLError.self) {
                    try await client.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
                }
                #expect(error?.serverInfo?[.sqlState] == "23001", "\(sql)")
            }
        }
    }
}
