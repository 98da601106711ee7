import CoalflowAPI
import CoalflowStore
import Foundation
import Logging
import PostgresNIO

/// A season generated with set-based SQL (bench/generate.sql), not row by row.
struct DataSet {
    let client: PostgresClient
    let logger: Logger

    struct Generated: Codable, CustomStringConvertible {
        var households: Int
        var slips: Int
        var documents: Int
        var seconds: Double
        /// Of `seconds`, the time to encrypt the generated ID numbers and phones (and vacuum after).
        var encryptSeconds: Double
        var description: String {
            String(format: "%d households, %d slips, %d documents, generated in %.1f s (%.1f s of it encrypting)",
                   households, slips, documents, seconds, encryptSeconds)
        }
    }

    /// Adds `households` households on forms of two in generated villages; each household of a filed
    /// form gets `slipsPerHousehold` coal slips in filed monthly summaries. With `waiting`, one form in
    /// twenty waits at each step of the route instead of being filed. SQL cannot encrypt with the data keys: the rows are
    /// written in clear text and then converted, as `coalflow migrate` converts older data.
    func generate(households: Int, slipsPerHousehold: Int, waiting: Bool, prefix: String, base: Int = 0) async throws -> Generated {
        let script = try String(contentsOfFile: Self.scriptPath(), encoding: .utf8)
            .replacingOccurrences(of: ":households", with: String(households))
            .replacingOccurrences(of: ":slips", with: String(slipsPerHousehold))
            .replacingOccurrences(of: ":waiting", with: waiting ? "1" : "0")
            .replacingOccurrences(of: ":prefix", with: prefix)
            .replacingOccurrences(of: ":base", with: String(base))
        let start = ContinuousClock.now
        try await client.withTransaction(logger: logger) { connection in
            for statement in SQLScript.statements(script) {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
        let generated = ContinuousClock.now
        try await PersonalDataEncryption(client: client, logger: logger).encryptClearText()
        // The encryption leaves a dead row version behind each row: cleared now, as a database at rest
        // would be, rather than by autovacuum in the middle of the latency measurements.
        try await client.query("VACUUM (ANALYZE)", logger: logger)
        let elapsed = ApprovalLoad.milliseconds(ContinuousClock.now - start) / 1000
        let encrypting = ApprovalLoad.milliseconds(ContinuousClock.now - generated) / 1000
        return try await counted(seconds: elapsed, encryptSeconds: encrypting)
    }

    /// What the database holds.
    func counted(seconds: Double, encryptSeconds: Double) async throws -> Generated {
        let rows = try await client.query("""
            SELECT (SELECT count(*) FROM registration_lines)::int, (SELECT count(*) FROM slips)::int, (SELECT count(*) FROM documents)::int
            """, logger: logger).collect()
        let (h, s, d) = try rows.first!.decode((Int, Int, Int).self)
        return Generated(households: h, slips: s, documents: d, seconds: seconds, encryptSeconds: encryptSeconds)
    }

    static func scriptPath() throws -> String {
        let sql = try Migrator.locate().folder
        return (sql as NSString).deletingLastPathComponent + "/bench/generate.sql"
    }
}

/// First-page latency of the queue and the document list, for a street reviewer, 发改局 and a village.
struct Latency {
    let server: Server

    func measure(calls: Int) async throws -> [Results.LatencyRow] {
        var rows: [Results.LatencyRow] = []
        for login in ["caiyuan", "fgj", "caiyuan-demo1"] {
            let token = try await server.token(login)
            for path in [APIPath.queue + "?limit=50", APIPath.documents + "?limit=50"] {
                var samples: [Double] = []
                for _ in 0..<calls {
                    let start = ContinuousClock.now
                    let (status, _) = try await server.send("GET", path, token: token)
                    guard status == 200 else { throw BenchError("\(path) as \(login): \(status)") }
                    samples.append(ApprovalLoad.milliseconds(ContinuousClock.now - start))
                }
                rows.append(.init(request: path, login: login, timings: Timings(samples)))
            }
        }
        return rows
    }
}
