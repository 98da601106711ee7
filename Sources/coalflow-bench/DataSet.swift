import CoalflowAPI
import CoalflowStore
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

/// A season generated with set-based SQL (bench/generate.sql), not row by row.
struct DataSet {
    let client: PostgresClient
    let logger: Logger
    let migrations: Migrator
    let keys: PersonalDataKeys

    struct Generated: Codable, CustomStringConvertible {
        var households: Int
        var slips: Int
        var documents: Int
        var seconds: Double
        /// Of `seconds`, the time to encrypt the generated ID numbers and phones (and vacuum after).
        var encryptSeconds: Double
        var description: String {
            String(
                format: "%d households, %d slips, %d documents, generated in %.1f s (%.1f s of it encrypting)",
                households, slips, documents, seconds, encryptSeconds)
        }
    }

    /// Adds `households` households on forms of two in generated villages; each household of a filed
    /// form gets `slipsPerHousehold` coal slips in filed monthly summaries. With `waiting`, one form in
    /// twenty waits at each step of the route instead of being filed. SQL cannot encrypt with the data keys: the script
    /// leaves placeholders that `seal` then replaces.
    func generate(households: Int, slipsPerHousehold: Int, waiting: Bool, prefix: String, base: Int = 0) async throws -> Generated
    {
        let script = try String(contentsOfFile: scriptPath, encoding: .utf8)
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
        try await seal()
        // The generator bypasses the triggers that keep the running totals: they are rebuilt from the rows.
        try await client.query("SELECT running_totals_rebuild()", logger: logger)
        // The encryption leaves a dead row version behind each row: cleared now, as a database at rest
        // would be, rather than by autovacuum in the middle of the latency measurements.
        try await client.query("VACUUM (ANALYZE)", logger: logger)
        let elapsed = ApprovalLoad.milliseconds(ContinuousClock.now - start) / 1000
        let encrypting = ApprovalLoad.milliseconds(ContinuousClock.now - generated) / 1000
        return try await counted(seconds: elapsed, encryptSeconds: encrypting)
    }

    /// Seals the generated households' ID numbers and phones (bench_households) with the data keys, into
    /// their registration lines, claims and slips, batch by batch, and drops the clear-text table.
    func seal() async throws {
        while true {
            let rows = try await client.query(
                """
                SELECT document_id, line_no, id_number, phone FROM bench_households ORDER BY document_id, line_no LIMIT 20000
                """, logger: logger
            ).collect()
            guard !rows.isEmpty else { break }
            var documents: [Int64] = []
            var lines: [Int32] = []
            var idSealed: [ByteBuffer] = []
            var digests: [ByteBuffer] = []
            var phoneSealed: [ByteBuffer] = []
            for row in rows {
                let (document, line, number, phone) = try row.decode((Int64, Int32, String, String).self)
                documents.append(document)
                lines.append(line)
                idSealed.append(ByteBuffer(data: try keys.seal(number, purpose: "id_number")))
                digests.append(ByteBuffer(data: keys.lookup(number)))
                phoneSealed.append(ByteBuffer(data: try keys.seal(phone, purpose: "phone")))
            }
            try await client.withTransaction(logger: logger) { connection in
                // A slip's facts never change (its trigger says so); these are placeholders becoming facts.
                try await connection.query("SET LOCAL session_replication_role = replica", logger: logger)
                try await connection.query(
                    """
                    CREATE TEMP TABLE sealed ON COMMIT DROP AS
                    SELECT * FROM unnest(\(documents), \(lines), \(idSealed), \(digests), \(phoneSealed)) AS t(doc, line, e, h, p)
                    """, logger: logger)
                try await connection.query(
                    """
                    UPDATE registration_lines l SET id_number_enc = t.e, id_number_hmac = t.h, phone_enc = t.p
                    FROM sealed t WHERE l.document_id = t.doc AND l.line_no = t.line
                    """, logger: logger)
                try await connection.query(
                    """
                    UPDATE household_claims c SET id_number_hmac = t.h
                    FROM sealed t WHERE c.document_id = t.doc AND c.line_no = t.line
                    """, logger: logger)
                try await connection.query(
                    """
                    UPDATE slips s SET id_number_enc = t.e, id_number_hmac = t.h, phone_enc = t.p
                    FROM sealed t WHERE s.registration_id = t.doc AND s.line_no = t.line AND s.status = 'valid'
                    """, logger: logger)
                try await connection.query(
                    """
                    DELETE FROM bench_households b USING sealed t WHERE b.document_id = t.doc AND b.line_no = t.line
                    """, logger: logger)
            }
        }
        try await client.query("DROP TABLE bench_households", logger: logger)
    }

    /// What the database holds.
    func counted(seconds: Double, encryptSeconds: Double) async throws -> Generated {
        let rows = try await client.query(
            """
            SELECT (SELECT count(*) FROM registration_lines)::int, (SELECT count(*) FROM slips)::int, (SELECT count(*) FROM documents)::int
            """, logger: logger
        ).collect()
        let (h, s, d) = try rows.first!.decode((Int, Int, Int).self)
        return Generated(households: h, slips: s, documents: d, seconds: seconds, encryptSeconds: encryptSeconds)
    }

    /// bench/generate.sql, beside the migrations' sql/ in the source tree.
    var scriptPath: String {
        (migrations.folder as NSString).deletingLastPathComponent + "/bench/generate.sql"
    }
}

/// First-page latency of the queue and the document list, for a street reviewer, 发改局 and a village.
struct Latency {
    let server: Server

    func measure(calls: Int) async throws -> [Results.LatencyRow] {
        var rows: [Results.LatencyRow] = []
        // The API's queue and list, and the web overview and queue page (HTML, with the session cookie).
        let requests = [
            (APIPath.queue + "?limit=50", false), (APIPath.documents + "?limit=50", false), ("/", true), ("/queue", true),
        ]
        for login in ["caiyuan", "fgj", "office", "caiyuan-demo1"] {
            let token = try await server.token(login)
            for (path, page) in requests {
                var samples: [Double] = []
                for _ in 0..<calls {
                    let start = ContinuousClock.now
                    let (status, _) = try await server.send("GET", path, token: token, page: page)
                    guard status == 200 else { throw BenchError("\(path) as \(login): \(status)") }
                    samples.append(ApprovalLoad.milliseconds(ContinuousClock.now - start))
                }
                rows.append(.init(request: page ? "page " + path : path, login: login, timings: Timings(samples)))
            }
        }
        return rows
    }
}
