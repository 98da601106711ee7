import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

/// Two `coalflow serve` processes on one database, as a district runs them behind a load balancer.
@Suite struct TwoServersTests {
    /// 32 reviewers of three units, half on each server, approve the same documents as fast as they can:
    /// each document ends filed after exactly one approval per step, in route order; every other attempt
    /// is a clean refusal; the audit chain verifies, and both servers' sealers leave nothing unsealed.
    /// A logout on one server is refused on the other within a second.
    @Test func reviewersSplitOverTwoServersNeverSkipDoubleOrLoseAStep() async throws {
        try await TestDatabase.withClient { client, url in
            let f = try await Fixture(client)
            let race = try await f.approvalRace()
            let (docs, logins) = (race.documents.map(DocumentID.format), race.reviewers.map(\.login))
            try await ServerProcess.with(databaseURL: url.urlString) { first in
                try await ServerProcess.with(databaseURL: url.urlString) { second in
                    let servers = [first, second]
                    let outcomes = try await withThrowingTaskGroup(of: [Int: Int].self) { group in
                        for (n, login) in logins.enumerated() {
                            group.addTask {
                                let server = servers[n % 2]
                                let token = try await server.token(login, password: "password-\(login)")
                                var counts: [Int: Int] = [:]
                                for _ in 0..<200 {
                                    var pending = false
                                    for id in docs.shuffled() {
                                        let status = try await server.send(
                                            "POST", "/api/v1/documents/\(id)/approve", token: token
                                        )
                                        .status
                                        counts[status, default: 0] += 1
                                        if status == 403 { pending = true }
                                    }
                                    if !pending { break }
                                }
                                return counts
                            }
                        }
                        return try await group.reduce(into: [Int: Int]()) { $0.merge($1, uniquingKeysWith: +) }
                    }
                    #expect(outcomes[200] == docs.count * 3, "\(outcomes)")
                    #expect(Set(outcomes.keys).isSubset(of: [200, 403, 409]), "only approvals and clean refusals: \(outcomes)")
                    #expect((outcomes[409] ?? 0) > 0, "the reviewers did not actually race: \(outcomes)")

                    let office = try await f.user("office")
                    for id in docs {
                        let shown = try #require(try await f.queries.show(DocumentID.parse(id)!, for: office))
                        #expect(shown.status == .filed, "\(id)")
                        let approvals = shown.history?.filter { $0.action == "approve" } ?? []
                        #expect(
                            approvals.map(\.unit) == ["caiyuan", "fgj", "czj"] && approvals.map(\.step) == [1, 2, 3], "\(id)")
                    }
                    // The servers seal what they wrote, twice a second each: nothing is left waiting for long.
                    #expect(try await eventually { try await unsealed(client) == 0 }, "events left unsealed")
                    let report = try await AuditTrail(client: client, logger: TestDatabase.logger).verify()
                    #expect(report.ok, "\(report.problems)")

                    let token = try await first.token("fgj")
                    #expect(try await second.send("GET", "/api/v1/whoami", token: token).status == 200)
                    #expect(try await first.send("POST", "/api/v1/logout", token: token).status == 204)
                    let start = ContinuousClock.now
                    #expect(try await eventually { try await second.send("GET", "/api/v1/whoami", token: token).status == 401 })
                    // Milliseconds on a quiet machine; the bound leaves room for a test run that loads both cores.
                    #expect(ContinuousClock.now - start < .seconds(5))
                }
            }
        }
    }

    func unsealed(_ client: PostgresClient) async throws -> Int {
        try await client.query("SELECT count(*)::int FROM audit_unsealed", logger: TestDatabase.logger).collect().first?
            .decode(Int.self) ?? -1
    }
}
