import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

/// Cases and inspections as the server runs them: as coalflow_app, under row-level security.
@Suite struct CaseStoreTests {
    let logger = TestDatabase.logger

    @Test func aCaseIsOpenedHandledReturnedHandledAgainAndClosed() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            try await withPostgresClient(url.connecting(as: ApplicationRole.name), logger: logger) { app in
                let keys = try TestDatabase.keys()
                let cases = CaseStore(client: app, logger: logger, keys: keys)
                let workflow = WorkflowStore(client: app, logger: logger, keys: keys)
                let queries = DocumentQueries(client: app, logger: logger, keys: keys)
                let (street, zfj, jyj) = (try await f.user("caiyuan"), try await f.user("zfj"), try await f.user("jyj"))

                let id = try await cases.open(
                    .init(source: .tipoff, street: "caiyuan", problem: "群众举报流动商贩售散煤", assign: "zfj"), by: street)
                // Waiting at the assigned unit, which reaches no documents otherwise; not at another bureau.
                #expect(try await queries.queue(zfj, type: .case).map(\.id) == [DocumentID.format(id)])
                let shown = try #require(try await queries.show(id, for: zfj))
                #expect(shown.type == .case && shown.status == .inReview && shown.currentUnit == "zfj")
                #expect(shown.source == "tipoff" && shown.assignedUnit == "zfj" && shown.outcome == nil)
                #expect(try await queries.show(id, for: jyj) == nil)
                #expect(try await queries.list(jyj, .init(type: .case)).isEmpty)
                // A plain approval is not a handling: the result must be reported.
                await #expect(throws: StoreError.self) { try await workflow.perform(.approve, on: id, by: zfj) }

                let handled = try await cases.handle(id, outcome: .closedDown, result: "已取缔", by: zfj)
                #expect(handled.status == .inReview && handled.currentUnit == "caiyuan")
                // The opener finds it not done: back to the handler, still in review.
                let returned = try await workflow.perform(.return, on: id, by: street, text: "现场仍有散煤")
                #expect(returned.status == .inReview && returned.currentUnit == "zfj" && returned.step == 1)
                _ = try await cases.handle(id, outcome: .fined, result: "罚款并取缔", by: zfj)
                let closed = try await workflow.perform(.approve, on: id, by: street)
                #expect(closed.status == .filed && closed.currentUnit == nil)

                let final = try #require(try await queries.show(id, for: street))
                #expect(final.outcome == "fined" && final.result == "罚款并取缔")
                #expect(
                    final.history?.map(\.action) == ["create", "submit", "approve", "return", "approve", "approve"],
                    "\(final.history?.map(\.action) ?? [])")
                // Still the handler's to read afterwards.
                #expect(try await queries.show(id, for: zfj)?.status == .filed)
            }
            let audit = try await AuditTrail(client: owner, logger: logger).verify()
            #expect(audit.ok, "\(audit.problems)")
        }
    }

    @Test func aCaseIsTransferredAndTheNewUnitHandlesIt() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            try await withPostgresClient(url.connecting(as: ApplicationRole.name), logger: logger) { app in
                let keys = try TestDatabase.keys()
                let cases = CaseStore(client: app, logger: logger, keys: keys)
                let workflow = WorkflowStore(client: app, logger: logger, keys: keys)
                let queries = DocumentQueries(client: app, logger: logger, keys: keys)
                let (office, zfj, scjgj, jyj) = (
                    try await f.user("office"), try await f.user("zfj"), try await f.user("scjgj"), try await f.user("jyj")
                )
                let id = try await cases.open(
                    .init(source: .tipoff, street: "daimiao", problem: "劣质煤销售", assign: "zfj"), by: office)
                await #expect(throws: StoreError.self) { try await workflow.transfer(id, to: "scjgj", reason: "转", by: jyj) }
                await #expect(throws: StoreError.self) { try await workflow.transfer(id, to: "scjgj", reason: " ", by: zfj) }
                await #expect(throws: StoreError.self) {
                    try await workflow.transfer(id, to: "demo-coal-a", reason: "转", by: zfj)
                }
                let moved = try await workflow.transfer(id, to: "scjgj", reason: "属质量问题", by: zfj)
                #expect(moved.currentUnit == "scjgj" && moved.status == .inReview && moved.action == "transfer")
                #expect(try await queries.queue(zfj, type: .case).isEmpty)
                #expect(try await queries.queue(scjgj, type: .case).map(\.id) == [DocumentID.format(id)])
                #expect(try await queries.show(id, for: scjgj)?.assignedUnit == "scjgj")
                _ = try await cases.handle(id, outcome: .ordered, result: "责令整改", by: scjgj)
                #expect(try await workflow.perform(.approve, on: id, by: office).status == .filed)
            }
        }
    }

    @Test func inspectionsFollowEachUnitsDutyAndScope() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            try await withPostgresClient(url.connecting(as: ApplicationRole.name), logger: logger) { app in
                let store = InspectionStore(client: app, logger: logger)
                let date = CivilDate(year: 2021, month: 12, day: 1)!
                let (jyj, sthj, caiyuan, daimiao, office) = (
                    try await f.user("jyj"), try await f.user("sthj"), try await f.user("caiyuan"), try await f.user("daimiao"),
                    try await f.user("office")
                )
                let transport = try await store.record(
                    .init(kind: .transport, date: date, street: "caiyuan", checked: 12, problems: 1), by: jyj)
                _ = try await store.record(
                    .init(kind: .recurrence, date: date, street: "caiyuan", checked: 40, problems: 2), by: caiyuan)
                _ = try await store.record(
                    .init(kind: .recurrence, date: date, street: "daimiao", checked: 30, problems: 0), by: daimiao)
                // Not its duty, not its street, more problems than checked, a future date: refused, nothing stored.
                for (record, user) in [
                    (InspectionRecord(kind: .market, date: date, street: "caiyuan", checked: 1, problems: 0), jyj),
                    (.init(kind: .recurrence, date: date, street: "daimiao", checked: 1, problems: 0), caiyuan),
                    (.init(kind: .transport, date: date, street: "caiyuan", checked: 1, problems: 2), jyj),
                    (
                        .init(
                            kind: .transport, date: CivilDate(year: 2099, month: 1, day: 1)!, street: "caiyuan", checked: 1,
                            problems: 0), jyj
                    ),
                ] {
                    await #expect(throws: StoreError.self) { try await store.record(record, by: user) }
                }
                #expect(try await store.list(jyj) == [transport])
                #expect(transport.unitName == "区交运局" && transport.streetName == "财源街道", "\(transport)")
                #expect(try await store.list(sthj).isEmpty)
                #expect(Set(try await store.list(caiyuan).map(\.unit)) == ["jyj", "caiyuan"])
                #expect(try await store.list(office).count == 3)
                #expect(try await store.list(office, kind: .recurrence).count == 2)
            }
            let stored = try await owner.query("SELECT count(*)::int FROM inspections", logger: logger).collect().first?.decode(
                Int.self)
            #expect(stored == 3)
        }
    }
}
