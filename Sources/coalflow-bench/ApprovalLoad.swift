import CoalflowAPI
import CoalflowCore
import CoalflowPostgres
import CoalflowStore
import Foundation
import Logging
import PostgresNIO

/// C street reviewers approving registration forms through the HTTP API as fast as they can: each
/// approval is one transaction with its hash-chained audit event.
struct ApprovalLoad {
    let client: PostgresClient
    let server: Server
    let logger: Logger

    /// The throughput, and the forms it approved from.
    func run(clients: Int, seconds: Int) async throws -> (Throughput, ClosedRange<Int64>) {
        // Enough forms waiting at the street that no reviewer runs dry.
        let documents = try await waitingAtTheStreet(max(20_000, seconds * 2_500))
        var tokens: [String] = []
        let store = AdminStore(client: client, logger: logger)
        for i in 0..<clients {
            let login = "bench-c\(clients)-\(i)"
            try await store.addUser(
                login: login, unit: "caiyuan", role: .reviewer, name: nil, password: "bench-password", bcryptCost: 4)
            tokens.append(try await server.token(login, password: "bench-password"))
        }
        let deadline = ContinuousClock.now + .seconds(seconds)
        let start = ContinuousClock.now
        let server = server
        let outcomes = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for (i, token) in tokens.enumerated() {
                let mine = stride(from: i, to: documents.count, by: clients).map { documents[$0] }
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    for id in mine {
                        guard ContinuousClock.now < deadline else { break }
                        let sent = ContinuousClock.now
                        let (status, _) = try await server.send(
                            "POST", APIPath.action(.approve, on: DocumentID.format(id)), token: token)
                        latencies.append(Self.milliseconds(ContinuousClock.now - sent))
                        if status != 200 { errors += 1 }
                    }
                    return (latencies, errors)
                }
            }
            return try await group.reduce(into: ([Double](), 0)) {
                $0.0 += $1.0
                $0.1 += $1.1
            }
        }
        let elapsed = Self.milliseconds(ContinuousClock.now - start) / 1000
        let ok = outcomes.0.count - outcomes.1
        return (
            Throughput(
                approvals: ok, seconds: elapsed, perSecond: Double(ok) / elapsed, latencyMs: Timings(outcomes.0),
                errors: outcomes.1),
            documents.min()!...documents.max()!
        )
    }

    /// `count` registration forms waiting for 财源街道's approval.
    func waitingAtTheStreet(_ count: Int) async throws -> [Int64] {
        try await client.query(
            """
            INSERT INTO documents (document_type, year, origin_unit, street_code, status, route_id, step_position, current_unit, step_since, created_by)
            SELECT 'registration', 2021, 'caiyuan-demo1', 'caiyuan', 'in_review',
                   (SELECT id FROM routes WHERE document_type = 'registration' AND year = 2021 ORDER BY version DESC LIMIT 1),
                   1, 'caiyuan', now(), (SELECT id FROM users WHERE login = 'caiyuan')
            FROM generate_series(1, \(count))
            RETURNING id
            """, logger: logger
        ).collect().map { try $0.decode(Int64.self) }
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}

/// PostgreSQL's own limit on the same server: pgbench's TPC-B-like script, same clients and duration.
/// And the database's share of an approval: pgbench running an approval's own statements (prepared, as
/// the server runs them) against the forms the HTTP run used, with no HTTP and no server in between.
struct PGBench {
    let cluster: LocalPostgres

    func run(clients: Int, seconds: Int) async throws -> Double {
        _ = try await Tools.run(
            bin + "/psql",
            ["-h", cluster.socketFolder, "-U", "coalflow", "-d", "postgres", "-qc", "DROP DATABASE IF EXISTS pgbench"])
        _ = try await Tools.run(bin + "/createdb", ["-h", cluster.socketFolder, "-U", "coalflow", "pgbench"])
        _ = try await Tools.run(
            bin + "/pgbench", ["-h", cluster.socketFolder, "-U", "coalflow", "-i", "-q", "-s", "10", "pgbench"])
        return try await tps(["-U", "coalflow", "-c", "\(clients)", "-j", "2", "-T", "\(seconds)", "pgbench"])
    }

    /// Approves forms `documents` at random as the street caiyuan (user `reviewer`), over and over: the
    /// state machine is not asked, only its statements are run.
    func runApprovalSQL(clients: Int, seconds: Int, documents: ClosedRange<Int64>, reviewer: Int64) async throws -> Double {
        func bind(_ sql: String, _ values: [String]) -> String {
            values.enumerated().reversed().reduce(sql) { $0.replacingOccurrences(of: "$\($1.offset + 1)", with: $1.element) }
        }
        let script = """
            \\set id random(\(documents.lowerBound), \(documents.upperBound))
            BEGIN;
            \(bind(ApprovalSQL.scope, ["'caiyuan'", "'street'", "'street'", "'caiyuan'", "'off'"]));
            \(bind(ApprovalSQL.lock, [":id"]));
            \(bind(ApprovalSQL.moveAndRecord, [
                ":id", "'in_review'", "2", "'fgj'", "NULL", "2", "'approve'", "\(reviewer)", "'caiyuan'", "'caiyuan'", "1",
                "'in_review'", "NULL",
            ]));
            END;

            """
        let path = NSTemporaryDirectory() + "coalflow-bench-approval.sql"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await tps([
            "-U", ApplicationRole.name, "-n", "-M", "prepared", "-f", path, "-c", "\(clients)", "-j", "2", "-T", "\(seconds)",
            "coalflow",
        ])
    }

    var bin: String { cluster.programs.folder }

    func tps(_ arguments: [String]) async throws -> Double {
        let out = try await Tools.run(bin + "/pgbench", ["-h", cluster.socketFolder] + arguments).output
        guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).prefix { $0 != " " })
        else {
            throw BenchError("no tps in pgbench output: \(out)")
        }
        return tps
    }
}
