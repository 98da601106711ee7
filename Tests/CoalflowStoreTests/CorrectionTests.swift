import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

/// A return is a request to correct: a returned form is amended and posted again, a returned summary is
/// refreshed from the valid slips and sealed anew; the history keeps what changed.
@Suite struct CorrectionTests {
    static let september = (CivilDate(year: 2021, month: 9, day: 10)!, CivilDate(year: 2021, month: 9, day: 16)!)

    /// The fixture's three households with the second one's coal changed to 2.5 t, and a fourth added.
    static func corrected() throws -> [Household] {
        var households = try Fixture.households(4)
        households[1] = try Household(
            name: "户主1", address: "演示路 1 号", idNumber: Fixture.idNumber(1), phone: "13800000001", coalTons: "2.5", stoves: "0")
        return households
    }

    @Test func aReturnedFormIsAmendedPostedAgainAndFiledWithTheAmendedTotals() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration(households: 3)
            let clerk = try await f.user("caiyuan-demo1")
            let street = try await f.user("caiyuan")
            _ = try await f.workflow.perform(.return, on: id, by: street, text: "第 2 户用煤量有误")

            let amended = try await f.registrations.amend(id, households: try Self.corrected(), by: clerk)
            #expect(amended.action == "amend" && amended.status == .draft)
            let draft = try #require(try await f.queries.show(id, for: clerk))
            #expect(draft.status == .draft && draft.noticeFrom == nil && draft.noticeTo == nil)
            // 1.5 + 2.5 + 1.5 + 1.5 t and two stoves: 7 t × 300 + 2 × 400 = 2900 yuan.
            #expect(draft.totals.households == 4 && draft.totals.coalTons == "7.000" && draft.totals.stoves == 2)
            #expect(draft.totals.subsidyFen == 290_000)
            #expect(draft.lines?.map(\.lineNo) == [1, 2, 3, 4] && draft.lines?[1].coalTons == "2.500")
            let amendment = try #require(draft.history?.last)
            #expect(amendment.action == "amend" && amendment.unit == "caiyuan-demo1" && amendment.login == "caiyuan-demo1")
            #expect(amendment.fromStatus == "returned" && amendment.toStatus == "draft")
            #expect(
                amendment.comment
                    == "households 3 → 4; coal 4.500 → 7.000 t; stoves 2 → 2; subsidy 2150.00 → 2900.00 yuan",
                "\(String(describing: amendment.comment))")

            // The changed list has not been posted: no submission until a new notice period.
            do {
                _ = try await f.workflow.perform(.submit, on: id, by: clerk)
                Issue.record("an amended list was submitted without a new notice")
            } catch let error as StoreError {
                #expect(error.kind == .invalid && error.code == .actionRefused, "\(error)")
            }
            #expect(try await f.queries.show(id, for: clerk)?.status == .draft)
            _ = try await f.registrations.publicize(id, from: Self.september.0, to: Self.september.1, by: clerk)
            #expect(try await f.workflow.perform(.submit, on: id, by: clerk).currentUnit == "caiyuan")
            for login in ["caiyuan", "fgj", "czj"] {
                _ = try await f.workflow.perform(.approve, on: id, by: try await f.user(login))
            }
            let filed = try #require(try await f.queries.show(id, for: try await f.user("office")))
            #expect(filed.status == .filed && filed.totals.coalTons == "7.000")
            #expect(
                filed.history?.map(\.action) == [
                    "create", "publicize", "submit", "return", "amend", "publicize", "submit", "approve", "approve", "approve",
                ])
            let progress = try await ReportStore(client: client, logger: TestDatabase.logger).progress(year: 2021, user: street)
            #expect(progress.map(\.registeredCoalTons) == ["7.000"] && progress.map(\.registeredHouseholds) == [4])
            #expect(try await Season.progressDrift(client) == [])
            #expect(try await AuditTrail(client: client, logger: TestDatabase.logger).verify().ok)
        }
    }

    @Test func onlyTheOriginatingVillageAmendsAndOnlyADraftReturnedOrWithdrawnForm() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration(households: 3)
            let clerk = try await f.user("caiyuan-demo1")
            let corrected = try Self.corrected()
            func refused(_ login: String, _ kind: StoreError.Kind, _ code: ErrorCode) async throws {
                do {
                    _ = try await f.registrations.amend(id, households: corrected, by: try await f.user(login))
                    Issue.record("\(login) amended a form")
                } catch let error as StoreError {
                    #expect(error.kind == kind && error.code == code, "\(login): \(error)")
                }
            }
            // In review, the list is what the public and the reviewers saw.
            try await refused("caiyuan-demo1", .conflict, .stateConflict)
            // Another village, of the same street or another, does not see it; its street may not amend it.
            try await refused("caiyuan-demo2", .notFound, .documentNotFound)
            try await refused("daimiao-demo1", .notFound, .documentNotFound)
            try await refused("caiyuan", .forbidden, .notPermitted)
            let untouched = try #require(try await f.queries.show(id, for: clerk))
            #expect(untouched.status == .inReview && untouched.totals.households == 3 && untouched.revision == 3)

            // Withdrawn, the same list again changes nothing: no new notice needed, it goes straight back in.
            _ = try await f.workflow.perform(.withdraw, on: id, by: clerk)
            let same = try await f.registrations.amend(id, households: try Fixture.households(3), by: clerk)
            #expect(same.action == "unchanged" && same.status == .withdrawn)
            #expect(try await f.queries.show(id, for: clerk)?.history?.last?.action == "withdraw")
            // All or nothing: an empty list is refused and the form keeps its households.
            await #expect(throws: StoreError.self) { _ = try await f.registrations.amend(id, households: [], by: clerk) }
            #expect(try await f.workflow.perform(.submit, on: id, by: clerk).status == .inReview)
            #expect(try await f.queries.show(id, for: clerk)?.totals.households == 3)
        }
    }

    @Test func aReturnedSummaryIsRefreshedFromTheValidSlipsAndSealedAnew() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let summary = try await f.draftSummary(households: 2, firstSerial: 500)
            let company = try await f.user("demo-coal-a")
            let street = try await f.user("caiyuan")
            _ = try await f.workflow.perform(.submit, on: summary, by: company)
            _ = try await f.workflow.perform(.return, on: summary, by: street, text: "第 1 张数量开错")
            let slips = try await f.slips.list(company, month: CivilDate(year: 2021, month: 11, day: 1)!)
            let wrong = try #require(slips.first.flatMap { SlipID.parse($0.id) })
            _ = try await f.slips.void(wrong, reason: "数量开错", by: company)
            _ = try await f.slips.create(
                [
                    .init(
                        idNumber: try ResidentIDNumber(Fixture.idNumber(500)), date: CivilDate(year: 2021, month: 11, day: 12)!,
                        coal: Tons(thousandths: 1200), stoves: 0)
                ], by: company)

            // Returned, it still says what it said: the refresh brings the void out and the new slip in.
            #expect(try await f.queries.show(summary, for: company)?.totals.coalTons == "3.000")
            let refreshed = try await f.summaries.refresh(summary, by: company)
            #expect(refreshed.action == "refresh" && refreshed.status == .returned)
            let shown = try #require(try await f.queries.show(summary, for: company))
            #expect(shown.totals.coalTons == "2.700" && shown.totals.households == 2 && shown.totals.subsidyFen == 81_000)
            #expect(shown.checks?.first { $0.name == "seal_valid" }?.passed == false, "the old seal is cleared")
            #expect(shown.history?.last?.action == "amend" && shown.history?.last?.comment?.contains("3.000 → 2.700") == true)
            let voided = try #require(try await f.slips.slip(wrong, for: company))
            #expect(voided.summaryId == nil && voided.status == .void)

            let resubmitted = try await f.workflow.perform(.submit, on: summary, by: company)
            #expect(resubmitted.currentUnit == "caiyuan")
            let sealed = try #require(try await f.queries.show(summary, for: street))
            #expect(sealed.checks?.allSatisfy(\.passed) == true, "\(String(describing: sealed.checks))")
            let seals = sealed.history?.filter { $0.action == "submit" }.compactMap(\.comment) ?? []
            #expect(seals.count == 2 && Set(seals).count == 2 && seals.allSatisfy { $0.hasPrefix("seal sha256:") }, "\(seals)")
            #expect(try await f.workflow.perform(.approve, on: summary, by: street).currentUnit == "fgj")
            _ = try await f.workflow.perform(.approve, on: summary, by: try await f.user("fgj"))
            _ = try await f.workflow.perform(.approve, on: summary, by: try await f.user("czj"))
            #expect(try await Season.progressDrift(client) == [])
            let report = try await AuditTrail(client: client, logger: TestDatabase.logger).verify()
            #expect(report.ok, "\(report.problems)")
        }
    }
}
