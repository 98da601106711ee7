import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

/// A check that protects money blocks approval; an informational one is shown and approval goes on.
@Suite struct BlockingCheckTests {
    /// The document as its reviewer sees it, and how many events it has.
    func state(_ f: Fixture, _ id: Int64, as login: String) async throws -> (DocumentStatus, String?, Int?, Int, Int) {
        let shown = try #require(try await f.queries.show(id, for: try await f.user(login)))
        return (shown.status, shown.currentUnit, shown.step, shown.revision, shown.history?.count ?? -1)
    }

    /// Runs SQL as someone with database rights, triggers off, in one transaction.
    func behindTheBack(_ client: PostgresClient, _ sql: PostgresQuery) async throws {
        try await client.withTransaction(logger: TestDatabase.logger) { connection in
            try await connection.query("SET LOCAL session_replication_role = replica", logger: TestDatabase.logger)
            try await connection.query(sql, logger: TestDatabase.logger)
        }
    }

    func expectBlocked(
        _ f: Fixture, _ id: Int64, by login: String, naming check: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try await state(f, id, as: login)
        do {
            _ = try await f.workflow.perform(.approve, on: id, by: try await f.user(login))
            Issue.record("approved although \(check) fails", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(error.code == .blockingCheckFailed && error.kind == .invalid, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.en.contains(check), "\(error)", sourceLocation: sourceLocation)
            #expect(error.details.contains { $0.hasPrefix("\(check):") }, "\(error.details)", sourceLocation: sourceLocation)
        }
        let after = try await state(f, id, as: login)
        #expect(after == before, "the refused approval moved the document or wrote an event", sourceLocation: sourceLocation)
    }

    @Test func totalsAlteredBehindAFormsBackBlockItsApprovalAndNothingMoves() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration()
            try await client.query("UPDATE documents SET stoves = stoves + 1 WHERE id = \(id)", logger: TestDatabase.logger)
            let checks = try #require(try await f.queries.show(id, for: try await f.user("caiyuan"))?.checks)
            #expect(checks.filter { !$0.passed }.map(\.name) == ["totals_match"], "\(checks)")
            try await expectBlocked(f, id, by: "caiyuan", naming: "totals_match")
            // The way on is a return (or a rejection).
            let returned = try await f.workflow.perform(.return, on: id, by: try await f.user("caiyuan"), text: "合计不符")
            #expect(returned.status == .returned)
        }
    }

    @Test func blockingFlagsAreAsDefinedAndAnInformationalFailureDoesNotBlock() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let passing = try await f.submittedRegistration(households: 2)
            let street = try await f.user("caiyuan")
            let checks = try #require(try await f.queries.show(passing, for: street)?.checks)
            #expect(
                Dictionary(uniqueKeysWithValues: checks.map { ($0.name, $0.blocking) }) == [
                    "id_numbers_valid": false, "notice_period": false, "no_duplicate_households": true, "totals_match": true,
                    "no_over_delivery": true,
                ])
            #expect(checks.allSatisfy { $0.passed }, "\(checks)")
            let summary = try await f.draftSummary(households: 1, firstSerial: 300)
            let summaryChecks = try #require(try await f.queries.show(summary, for: street)?.checks)
            #expect(
                Dictionary(uniqueKeysWithValues: summaryChecks.map { ($0.name, $0.blocking) }) == [
                    "seal_valid": true, "slips_match_households": true, "totals_match": true, "no_over_delivery": true,
                ])

            // An ID number that no longer passes GB 11643 (re-sealed behind the form's back): shown, not blocking.
            let informational = try await f.submittedRegistration(households: 2, firstSerial: 100)
            let bad = String(Fixture.idNumber(100).dropLast()) + (Fixture.idNumber(100).hasSuffix("0") ? "1" : "0")
            #expect((try? ResidentIDNumber(bad)) == nil)
            let sealed = try f.keys.seal(bad, purpose: "id_number")
            try await client.query(
                "UPDATE registration_lines SET id_number_enc = \(sealed) WHERE document_id = \(informational) AND line_no = 1",
                logger: TestDatabase.logger)
            let shown = try #require(try await f.queries.show(informational, for: street)?.checks)
            let failing = shown.filter { !$0.passed }
            #expect(failing.map(\.name) == ["id_numbers_valid"] && failing.allSatisfy { !$0.blocking }, "\(shown)")
            let approved = try await f.workflow.perform(.approve, on: informational, by: street)
            #expect(approved.status == .inReview && approved.currentUnit == "fgj")
        }
    }

    @Test func anAmendmentBelowWhatWasDeliveredBlocksTheFormsApproval() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            // Released by the street, delivered 1.5 t, then returned by fgj.
            let id = try await f.releasedRegistration(households: 2, firstSerial: 600)
            _ = try await f.slips.create(
                [
                    .init(
                        idNumber: try ResidentIDNumber(Fixture.idNumber(600)), date: CivilDate(year: 2021, month: 11, day: 3)!,
                        coal: Tons(thousandths: 1500), stoves: 0)
                ], by: try await f.user("demo-coal-a"))
            _ = try await f.workflow.perform(.return, on: id, by: try await f.user("fgj"), text: "核实用煤量")
            // The village corrects the delivered household's coal down to 1 t.
            let clerk = try await f.user("caiyuan-demo1")
            var households = try Fixture.households(2, firstSerial: 600)
            households[0] = try Household(
                name: "户主600", address: "演示路 600 号", idNumber: Fixture.idNumber(600), phone: "13800000600", coalTons: "1",
                stoves: "1")
            #expect(try await f.registrations.amend(id, households: households, by: clerk).action == "amend")
            _ = try await f.registrations.publicize(
                id, from: CivilDate(year: 2021, month: 11, day: 20)!, to: CivilDate(year: 2021, month: 11, day: 26)!, by: clerk)
            _ = try await f.workflow.perform(.submit, on: id, by: clerk)
            let checks = try #require(try await f.queries.show(id, for: try await f.user("caiyuan"))?.checks)
            #expect(checks.filter { !$0.passed }.map(\.name) == ["no_over_delivery"], "\(checks)")
            try await expectBlocked(f, id, by: "caiyuan", naming: "no_over_delivery")
        }
    }

    @Test func moreDeliveredThanRegisteredBlocksTheSummarysApproval() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            // Two households of 1.5 t, each delivered 1.5 t on a summary.
            let summary = try await f.draftSummary(households: 2, firstSerial: 500)
            _ = try await f.workflow.perform(.submit, on: summary, by: try await f.user("demo-coal-a"))
            // The first household's registered coal cut to 1 t behind the form's back (its lines are frozen).
            try await behindTheBack(
                client,
                """
                UPDATE registration_lines SET coal_kg = 1000
                WHERE (document_id, line_no) = (SELECT registration_id, line_no FROM slips WHERE summary_id = \(summary) ORDER BY id LIMIT 1)
                """)
            let checks = try #require(try await f.queries.show(summary, for: try await f.user("caiyuan"))?.checks)
            let failing = checks.filter { !$0.passed }
            #expect(failing.map(\.name) == ["no_over_delivery"] && failing.allSatisfy(\.blocking), "\(checks)")
            #expect(failing.first?.message.contains("delivered 1.500 t") == true, "\(failing)")
            try await expectBlocked(f, summary, by: "caiyuan", naming: "no_over_delivery")
        }
    }
}
