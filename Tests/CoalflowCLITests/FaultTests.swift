import CoalflowCore
import CoalflowPostgres
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Faults a real deployment meets: the database going away under load, the server killed mid-write.
/// Each test has a PostgreSQL cluster of its own, so stopping it disturbs no other test.
@Suite struct FaultTests {
    let logger = TestDatabase.logger

    /// A migrated, seeded cluster with `forms` registrations waiting for the street, and its URL.
    func withCluster(forms: Int, _ body: @Sendable (LocalPostgres, DatabaseURL, [Int64]) async throws -> Void) async throws {
        let cluster = LocalPostgres(
            folder: "/tmp/coalflow-fault-\(UUID().uuidString.prefix(8))", programs: try TestDatabase.programs(), durable: false)
        try cluster.start()
        defer {
            try? cluster.stop()
            try? FileManager.default.removeItem(atPath: cluster.folder)
        }
        let url = cluster.url(TestDatabase.settings)
        let ids = try await withPostgresClient(url, logger: logger) { client in
            try await TestDatabase.migrator().migrate(client, logger: logger)
            let f = try await Fixture(client)
            var ids: [Int64] = []
            for n in 0..<forms { ids.append(try await f.submittedRegistration(households: 1, firstSerial: n * 10)) }
            return ids
        }
        try await body(cluster, url, ids)
    }

    /// Approves `ids` one after another as `token`; the HTTP statuses.
    static func approve(_ ids: [Int64], on server: ServerProcess, token: String) async -> [Int] {
        var statuses: [Int] = []
        for id in ids {
            statuses.append(
                (try? await server.send("POST", "/api/v1/documents/\(DocumentID.format(id))/approve", token: token).status) ?? -1)
        }
        return statuses
    }

    /// Polls `path` until it answers `status`, for at most `seconds`.
    static func wait(for status: Int, at path: String, on server: ServerProcess, seconds: Int) async throws -> Bool {
        for _ in 0..<(seconds * 10) {
            if (try? await server.send("GET", path).status) == status { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Waits until `count` approvals have landed: faults strike once the load is under way, which a fixed
    /// wait cannot promise on a loaded machine.
    func waitForApprovals(_ count: Int, _ url: DatabaseURL) async throws {
        try await withPostgresClient(url, logger: logger) { client in
            for _ in 0..<600 {
                let landed =
                    try await client.query(
                        "SELECT count(*)::int FROM workflow_events WHERE action = 'approve'",
                        logger: logger
                    ).collect().first?.decode(Int.self) ?? 0
                if landed >= count { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("fewer than \(count) approvals landed within 30 s")
        }
    }

    @Test func theServerRidesOutADatabaseRestartUnderLoad() async throws {
        try await withCluster(forms: 40) { cluster, url, ids in
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let token = try await server.token("caiyuan")
                let office = try await server.token("office")
                async let load = Self.approve(ids, on: server, token: token)
                try await waitForApprovals(3, url)
                try cluster.stop()

                #expect(try await Self.wait(for: 503, at: "/readyz", on: server, seconds: 20), "/readyz reflects the outage")
                let start = ContinuousClock.now
                let refused = try await server.send("GET", "/api/v1/queue", token: token)
                #expect(
                    refused.status == 503 && ContinuousClock.now - start < .seconds(10),
                    "answered at once, not after the pool's minute")
                #expect(String(decoding: refused.body, as: UTF8.self).contains("database_unavailable"))
                #expect(try await server.send("GET", "/healthz").status == 200, "the server stays up")

                try cluster.start()
                #expect(try await Self.wait(for: 200, at: "/readyz", on: server, seconds: 90), "back without a restart")
                // Approvals during the outage are answered 503. One already waiting for a pooled connection
                // at the instant PostgreSQL stops may stay unanswered (-1, the client gives up); either
                // way none is lost, doubled or half done: the retry below finds it still at the street.
                let statuses = await load
                #expect(
                    statuses.allSatisfy { [200, 503, -1].contains($0) } && statuses.filter { $0 == -1 }.count <= 1, "\(statuses)")
                // What failed during the outage goes through now; nothing was approved twice.
                let retried = await Self.approve(zip(ids, statuses).filter { $0.1 != 200 }.map(\.0), on: server, token: token)
                #expect(retried.allSatisfy { $0 == 200 }, "\(retried)")
                let audit = try await server.send("GET", "/api/v1/audit/verify", token: office)
                let report = try JSONSerialization.jsonObject(with: audit.body) as? [String: Any]
                #expect(
                    report?["ok"] as? Bool == true && report?["events"] as? Int == ids.count * 4, "\(String(describing: report))")
            }
        }
    }

    @Test func aServerKilledMidApprovalLeavesNothingUnexplained() async throws {
        try await withCluster(forms: 60) { _, url, ids in
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let token = try await server.token("caiyuan")
                async let a = Self.approve(Array(ids.prefix(30)), on: server, token: token)
                async let b = Self.approve(Array(ids.suffix(30)), on: server, token: token)
                // Killed once some approvals have landed, while the rest are in flight.
                try await waitForApprovals(3, url)
                kill(server.pid, SIGKILL)
                _ = await (a, b)
            }
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let office = try await server.token("office")
                let audit = try await server.send("GET", "/api/v1/audit/verify", token: office)
                #expect((try JSONSerialization.jsonObject(with: audit.body) as? [String: Any])?["ok"] as? Bool == true)
            }
            // Every document is where its own events put it: its status is its last event's, and a form
            // past the street has exactly one approval since its submission.
            try await withPostgresClient(url, logger: logger) { client in
                let rows = try await client.query(
                    """
                    SELECT d.id, d.status, d.step_position, last.to_status,
                           (SELECT count(*) FROM workflow_events e WHERE e.document_id = d.id AND e.action = 'approve')::int
                    FROM documents d
                    JOIN LATERAL (SELECT to_status FROM workflow_events e WHERE e.document_id = d.id ORDER BY seq DESC LIMIT 1) last ON true
                    """, logger: logger
                ).collect().map { try $0.decode((Int64, String, Int?, String, Int).self) }
                #expect(rows.count == ids.count)
                let approved = rows.filter { $0.4 == 1 }.count
                #expect(approved > 0, "some approvals landed before the kill")
                for (id, status, step, lastStatus, approvals) in rows {
                    #expect(status == lastStatus, "D\(id)")
                    #expect(step == 1 + approvals, "D\(id): step \(String(describing: step)) after \(approvals) approvals")
                }
            }
        }
    }
}
