import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import HTTPTypes
import PostgresNIO
import Testing

/// Blocking checks through the API: a single approval is refused with 422, the bulk approval skips the
/// document, and `show` says which checks block.
@Suite struct BlockingCheckAPITests {
    @Test func aFailingBlockingCheckRefusesApprovalSingleAndBulk() async throws {
        try await APITest.run { api in
            let good = DocumentID.format(try await api.fixture.submittedRegistration(households: 2))
            let badID = try await api.fixture.submittedRegistration(households: 2, firstSerial: 100)
            let bad = DocumentID.format(badID)
            try await api.fixture.client.query(
                "UPDATE documents SET stoves = stoves + 1 WHERE id = \(badID)", logger: TestDatabase.logger)

            let single = try await api.act("approve", bad, as: "caiyuan")
            #expect(single.status == .unprocessableContent && single.errorCode == "blocking_check_failed", "\(single.object)")
            let details = (single.object["error"] as? [String: Any])?["details"] as? [String] ?? []
            #expect(details.count == 1 && details.first?.hasPrefix("totals_match:") == true, "\(details)")

            let street = try await api.token("caiyuan")
            let bulk = try await api.call(.post, "/api/v1/queue/approve-passing", token: street)
            #expect(bulk.status == .ok)
            let approved = bulk.object["approved"] as? [[String: Any]] ?? []
            let skipped = bulk.object["skipped"] as? [[String: Any]] ?? []
            #expect(approved.map { $0["id"] as? String } == [good], "\(bulk.object)")
            #expect(skipped.map { $0["id"] as? String } == [bad], "\(bulk.object)")
            let failed = skipped.first?["failed"] as? [[String: Any]] ?? []
            #expect(failed.map { $0["name"] as? String } == ["totals_match"])
            #expect(failed.first?["blocking"] as? Bool == true && failed.first?["passed"] as? Bool == false)

            let shown = try await api.call(.get, "/api/v1/documents/\(bad)", token: street)
            #expect(shown.object["status"] as? String == "in_review" && shown.object["current_unit"] as? String == "caiyuan")
            let history = shown.object["history"] as? [[String: Any]] ?? []
            #expect(history.map { $0["action"] as? String } == ["create", "publicize", "submit"], "nothing was written")
            let checks = shown.object["checks"] as? [[String: Any]] ?? []
            var blocking: [String: Bool] = [:]
            for check in checks {
                if let name = check["name"] as? String { blocking[name] = check["blocking"] as? Bool }
            }
            #expect(
                blocking == [
                    "id_numbers_valid": false, "notice_period": false, "no_duplicate_households": true, "totals_match": true,
                    "no_over_delivery": true,
                ])
        }
    }
}
