import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

/// `serve --read-database-url`: progress and the other reports come from a streaming replica.
@Suite struct ReadReplicaTests {
    /// A summary filed on the primary shows in `progress` read through the replica; while the replica's
    /// replay is paused, a second one does not, until replay resumes.
    @Test func progressIsReadFromTheReplica() async throws {
        try await TestDatabase.withReplicatedCluster { url, replicaURL in
            try await withPostgresClient(url, logger: TestDatabase.logger) { client in
                let f = try await Fixture(client)
                try await withPostgresClient(replicaURL, logger: TestDatabase.logger) { replica in
                    let reads = replicaURL.connecting(as: ApplicationRole.name).urlString
                    try await ServerProcess.with(databaseURL: url.urlString, arguments: ["--read-database-url", reads]) {
                        server in
                        let token = try await server.token("office")
                        @Sendable func filedTons() async throws -> String? {
                            let (_, body) = try await server.send("GET", "/api/v1/progress?year=2021", token: token)
                            let rows = try JSONSerialization.jsonObject(with: body) as? [[String: Any]]
                            return rows?.first { $0["street"] as? String == "caiyuan" }?["filed_coal_tons"] as? String
                        }
                        try await file(f, households: 2, firstSerial: 500)
                        #expect(
                            try await eventually(within: .seconds(30)) { try await filedTons() == "3.000" },
                            "the filed summary reached the replica")

                        _ = try await replica.query("SELECT pg_wal_replay_pause()", logger: TestDatabase.logger)
                        try await file(f, households: 2, firstSerial: 600, month: 12)
                        try await Task.sleep(for: .seconds(1))
                        #expect(try await filedTons() == "3.000", "read from the paused replica, not the primary")
                        _ = try await replica.query("SELECT pg_wal_replay_resume()", logger: TestDatabase.logger)
                        #expect(try await eventually(within: .seconds(30)) { try await filedTons() == "6.000" })
                    }
                }
            }
        }
    }

    /// A November (or `month`) summary of demo-coal-a for caiyuan, of 1.5 t per household, filed.
    func file(_ f: Fixture, households: Int, firstSerial: Int, month: Int = 11) async throws {
        _ = try await f.releasedRegistration(households: households, firstSerial: firstSerial)
        let company = try await f.user("demo-coal-a")
        _ = try await f.slips.create(
            try (0..<households).map { i in
                SlipStore.Delivery(
                    idNumber: try ResidentIDNumber(Fixture.idNumber(firstSerial + i)),
                    date: CivilDate(year: 2021, month: month, day: 10)!, coal: Tons(thousandths: 1500), stoves: 0)
            }, by: company)
        let summary = try await f.summaries.create(
            street: "caiyuan", month: CivilDate(year: 2021, month: month, day: 1)!, by: company)
        _ = try await f.workflow.perform(.submit, on: summary, by: company)
        for login in ["caiyuan", "fgj", "czj"] {
            _ = try await f.workflow.perform(.approve, on: summary, by: try await f.user(login))
        }
    }
}
