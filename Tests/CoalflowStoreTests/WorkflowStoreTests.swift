import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

@Suite struct WorkflowStoreTests {
    func expectRefusal(
        _ kind: StoreError.Kind, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        do {
            try await body()
            Issue.record("expected a \(kind) refusal", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func registrationWalksAllStepsToFiled() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration()
            var result = try await f.workflow.perform(.approve, on: id, by: try await f.user("caiyuan"))
            #expect(result.status == .inReview && result.currentUnit == "fgj" && result.step == 2)
            result = try await f.workflow.perform(.approve, on: id, by: try await f.user("fgj"))
            #expect(result.currentUnit == "czj" && result.step == 3)
            result = try await f.workflow.perform(.approve, on: id, by: try await f.user("czj"), text: "备案")
            #expect(result.status == .filed && result.currentUnit == nil)
            let shown = try #require(try await f.queries.show(id, for: try await f.user("office")))
            #expect(shown.history?.map(\.action) == ["create", "publicize", "submit", "approve", "approve", "approve"])
            #expect(shown.history?.map(\.unit) == ["caiyuan-demo1", "caiyuan-demo1", "caiyuan-demo1", "caiyuan", "fgj", "czj"])
            #expect(shown.history?.last?.comment == "备案")
        }
    }

    @Test func summaryWalksAllStepsToFiled() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.draftSummary()
            _ = try await f.workflow.perform(.submit, on: id, by: try await f.user("demo-coal-a"))
            for login in ["caiyuan", "fgj"] {
                #expect(try await f.workflow.perform(.approve, on: id, by: try await f.user(login)).status == .inReview)
            }
            #expect(try await f.workflow.perform(.approve, on: id, by: try await f.user("czj")).status == .filed)
        }
    }

    @Test func returnFixResubmitFiled() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration()
            _ = try await f.workflow.perform(.approve, on: id, by: try await f.user("caiyuan"))
            await expectRefusal(.invalid) {
                _ = try await f.workflow.perform(.return, on: id, by: try await f.user("fgj"), text: "  ")
            }
            let returned = try await f.workflow.perform(.return, on: id, by: try await f.user("fgj"), text: "第 2 户地址不全")
            #expect(returned.status == .returned && returned.currentUnit == nil)
            let clerk = try await f.user("caiyuan-demo1")
            let resubmitted = try await f.workflow.perform(.submit, on: id, by: clerk)
            #expect(resubmitted.status == .inReview && resubmitted.currentUnit == "caiyuan" && resubmitted.step == 1)
            for login in ["caiyuan", "fgj", "czj"] {
                _ = try await f.workflow.perform(.approve, on: id, by: try await f.user(login))
            }
            let shown = try #require(try await f.queries.show(id, for: clerk))
            #expect(shown.status == .filed)
            #expect(shown.history?.first { $0.action == "return" }?.comment == "第 2 户地址不全")
        }
    }

    @Test func rejectIsFinal() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration()
            await expectRefusal(.invalid) { _ = try await f.workflow.perform(.reject, on: id, by: try await f.user("caiyuan")) }
            #expect(
                try await f.workflow.perform(.reject, on: id, by: try await f.user("caiyuan"), text: "重复申报").status == .rejected)
            await expectRefusal(.conflict) {
                _ = try await f.workflow.perform(.submit, on: id, by: try await f.user("caiyuan-demo1"))
            }
            await expectRefusal(.conflict) { _ = try await f.workflow.perform(.approve, on: id, by: try await f.user("caiyuan")) }
            await expectRefusal(.conflict) { _ = try await f.workflow.perform(.approve, on: id, by: try await f.user("fgj")) }
        }
    }

    @Test func withdrawOnlyBeforeAnyoneActs() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let clerk = try await f.user("caiyuan-demo1")
            let first = try await f.submittedRegistration()
            // A comment is not an action on the step.
            _ = try await f.workflow.perform(.comment, on: first, by: try await f.user("caiyuan"), text: "收到")
            #expect(try await f.workflow.perform(.withdraw, on: first, by: clerk).status == .withdrawn)

            let second = try await f.submittedRegistration(by: "caiyuan-demo2", firstSerial: 100)
            _ = try await f.workflow.perform(.approve, on: second, by: try await f.user("caiyuan"))
            await expectRefusal(.conflict) {
                _ = try await f.workflow.perform(.withdraw, on: second, by: try await f.user("caiyuan-demo2"))
            }
            // Only the originator withdraws.
            await expectRefusal(.forbidden) {
                _ = try await f.workflow.perform(.withdraw, on: second, by: try await f.user("fgj"))
            }
        }
    }

    @Test func scopeAndRoleRefusals() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration()
            // Another street neither sees nor acts on it: not found.
            await expectRefusal(.notFound) { _ = try await f.workflow.perform(.approve, on: id, by: try await f.user("daimiao")) }
            #expect(try await f.queries.show(id, for: try await f.user("daimiao")) == nil)
            #expect(try await f.queries.show(id, for: try await f.user("caiyuan-demo2")) == nil)
            #expect(try await f.queries.show(id, for: try await f.user("jyj")) == nil)
            // In scope but not their step or role: forbidden.
            await expectRefusal(.forbidden) { _ = try await f.workflow.perform(.approve, on: id, by: try await f.user("fgj")) }
            await expectRefusal(.forbidden) {
                _ = try await f.workflow.perform(.approve, on: id, by: try await f.user("caiyuan-demo1"))
            }
            let streetClerk = try await f.addUser("caiyuan-clerk", unit: "caiyuan", role: .clerk)
            await expectRefusal(.forbidden) { _ = try await f.workflow.perform(.approve, on: id, by: streetClerk) }
            let officeViewer = try await f.addUser("office-viewer", unit: "office", role: .viewer)
            await expectRefusal(.forbidden) { _ = try await f.workflow.perform(.urge, on: id, by: officeViewer) }
            // Nothing moved.
            let shown = try #require(try await f.queries.show(id, for: try await f.user("office")))
            #expect(shown.status == .inReview && shown.currentUnit == "caiyuan" && shown.revision == 3)
        }
    }

    @Test func submitWaitsForTheNoticePeriod() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let clerk = try await f.user("caiyuan-demo1")
            let id = try await f.registrations.create(year: 2021, households: Fixture.households(2), by: clerk)
            await expectRefusal(.invalid) { _ = try await f.workflow.perform(.submit, on: id, by: clerk) }
            _ = try await f.registrations.publicize(
                id, from: CivilDate(year: 2099, month: 1, day: 1)!, to: CivilDate(year: 2099, month: 1, day: 7)!, by: clerk)
            do {
                _ = try await f.workflow.perform(.submit, on: id, by: clerk)
                Issue.record("submitted during the notice period")
            } catch let error as StoreError {
                #expect(error.kind == .invalid)
                #expect(error.message.en.contains("2099-01-08"))
            }
        }
    }

    @Test func urgesAreCountedInTheQueue() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration()
            _ = try await f.workflow.perform(.urge, on: id, by: try await f.user("office"))
            _ = try await f.workflow.perform(.urge, on: id, by: try await f.user("caiyuan-demo1"))
            let queue = try await f.queries.queue(try await f.user("caiyuan"), type: nil)
            #expect(queue.map(\.id) == [DocumentID.format(id)])
            #expect(queue.first?.urges == 2 && queue.first?.timeLimitDays == 5 && queue.first?.overdue == false)
            #expect(try await f.queries.queue(try await f.user("fgj"), type: nil).isEmpty)
            let tracked = try await f.queries.track(try await f.user("office"), overdueOnly: false)
            #expect(tracked.map(\.currentUnit) == ["caiyuan"])
            await expectRefusal(.forbidden) { _ = try await f.queries.track(try await f.user("caiyuan"), overdueOnly: false) }
        }
    }

    @Test func listIsScoped() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let a = try await f.submittedRegistration(by: "caiyuan-demo1")
            let b = try await f.submittedRegistration(by: "daimiao-demo1", firstSerial: 100)
            let all = DocumentQueries.Filter()
            #expect(Set(try await f.queries.list(try await f.user("fgj"), all).map(\.id)) == Set([a, b].map(DocumentID.format)))
            #expect(try await f.queries.list(try await f.user("caiyuan"), all).map(\.id) == [DocumentID.format(a)])
            #expect(try await f.queries.list(try await f.user("daimiao-demo1"), all).map(\.id) == [DocumentID.format(b)])
            #expect(try await f.queries.list(try await f.user("gaj"), all).isEmpty)
            #expect(
                try await f.queries.list(try await f.user("fgj"), .init(street: "daimiao")).map(\.id) == [DocumentID.format(b)])
        }
    }

    @Test func personalDataIsMaskedForTheBureaus() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration(households: 1)
            let full = Fixture.idNumber(0)
            let forVillage = try #require(try await f.queries.show(id, for: try await f.user("caiyuan-demo1")))
            #expect(forVillage.lines?.first?.idNumber == full)
            let forStreet = try #require(try await f.queries.show(id, for: try await f.user("caiyuan")))
            #expect(forStreet.lines?.first?.idNumber == full)
            let forFGJ = try #require(try await f.queries.show(id, for: try await f.user("fgj")))
            #expect(forFGJ.lines?.first?.idNumber == String(full.prefix(6)) + "********" + String(full.suffix(4)))
            #expect(forFGJ.lines?.first?.phone == "138****0000")
        }
    }

    @Test func staleRevisionIsAConflict() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration()
            await expectRefusal(.conflict) {
                _ = try await f.workflow.perform(.approve, on: id, by: try await f.user("caiyuan"), expectedRevision: 1)
            }
            #expect(
                try await f.workflow.perform(.approve, on: id, by: try await f.user("caiyuan"), expectedRevision: 3).step == 2)
        }
    }
}
