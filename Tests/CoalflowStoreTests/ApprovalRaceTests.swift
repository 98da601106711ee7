import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

/// 32 reviewers of three units approve the same documents at the same time, as fast as they can.
/// Every document must end filed after exactly one approval per step, in route order; every other
/// attempt must be a clean refusal (a conflict, or "not your step yet"); the audit chain must hold.
@Suite struct ApprovalRaceTests {
    @Test func thirtyTwoReviewersNeverSkipDoubleOrLoseAStep() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let (docs, reviewers) = try await f.approvalRace()
            let workflow = f.workflow
            let outcomes = try await withThrowingTaskGroup(of: [String: Int].self) { group in
                for reviewer in reviewers {
                    group.addTask {
                        var counts: [String: Int] = [:]
                        // Keep trying until no document waits for this reviewer's unit any more.
                        for _ in 0..<200 {
                            var pending = false
                            for id in docs.shuffled() {
                                do {
                                    _ = try await workflow.perform(.approve, on: id, by: reviewer)
                                    counts["approved", default: 0] += 1
                                } catch let error as StoreError where error.kind == .conflict {
                                    counts["conflict", default: 0] += 1
                                } catch let error as StoreError where error.kind == .forbidden {
                                    counts["not yet", default: 0] += 1
                                    pending = true
                                }
                            }
                            if !pending { break }
                        }
                        return counts
                    }
                }
                return try await group.reduce(into: [String: Int]()) { total, counts in total.merge(counts, uniquingKeysWith: +) }
            }
            #expect(outcomes["approved"] == docs.count * 3, "\(outcomes)")
            #expect((outcomes["conflict"] ?? 0) > 0, "the reviewers did not actually race: \(outcomes)")

            let office = try await f.user("office")
            for id in docs {
                let shown = try #require(try await f.queries.show(id, for: office))
                #expect(shown.status == .filed)
                let approvals = shown.history?.filter { $0.action == "approve" } ?? []
                #expect(approvals.map(\.unit) == ["caiyuan", "fgj", "czj"])
                #expect(approvals.map(\.step) == [1, 2, 3])
            }
            let report = try await AuditTrail(client: client, logger: TestDatabase.logger).verify()
            #expect(report.ok, "\(report.problems)")
        }
    }
}
