import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite struct OperatorCommandTests {
    @Test func seedTwiceWithDemoPrintsLoginsAndChangesNothing() async throws {
        try await TestDatabase.with { url in
            let cli = CLI(databaseURL: url.urlString)
            let first = try cli.run("admin", "seed", "taishan-2021", "--demo")
            #expect(first.status == 0, "\(first)")
            #expect(first.stdout.contains("demo-2021"))
            #expect(first.stdout.contains("caiyuan-demo1"))
            let second = try cli.run("admin", "seed", "taishan-2021", "--demo", "--json")
            #expect(second.status == 0, "\(second)")
            let json = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
            #expect((json?["demo_logins"] as? [Any])?.isEmpty == false)

            // The member units' demo work, once: a confirmed survey per demo village, inspections marked
            // 演示, cases in every state, each marked 演示 (the failed sample's case too).
            try await withPostgresClient(url, logger: TestDatabase.logger) { client in
                func strings(_ sql: PostgresQuery) async throws -> [String] {
                    try await client.query(sql, logger: TestDatabase.logger).collect().map { try $0.decode(String.self) }
                }
                let surveys = try await strings(
                    "SELECT d.origin_unit || ':' || d.status || ':' || d.households FROM documents d WHERE d.document_type = 'survey' ORDER BY 1"
                )
                let villages = Taishan2021.demo.units.filter { $0.kind == .village }.count
                #expect(surveys.count == villages && surveys.allSatisfy { $0.hasSuffix(":filed:4") }, "\(surveys)")
                let notes = try await strings("SELECT note FROM inspections ORDER BY id")
                #expect(notes.count == 9 && notes.allSatisfy { $0.hasPrefix("【演示】") }, "\(notes)")
                let cases = try await strings(
                    """
                    SELECT d.status || ':' || coalesce(d.current_unit, '-') || ':' || coalesce(d.step_position::text, '-')
                    FROM documents d JOIN cases c ON c.document_id = d.id WHERE c.problem LIKE '【演示】%' ORDER BY d.id
                    """)
                // The last is the quality case the failing demo sample opened: demo too.
                #expect(
                    cases == [
                        "in_review:zfj:1", "in_review:caiyuan:2", "in_review:caiyuan-demo1:1", "filed:-:-", "in_review:scjgj:1",
                        "in_review:scjgj:1",
                    ], "\(cases)")
                #expect(try await strings("SELECT count(*)::text FROM cases") == [String(cases.count)], "every case is marked 演示")
                let samples = try await strings(
                    "SELECT company_code || ':' || passed || ':' || (case_id IS NOT NULL) FROM quality_samples ORDER BY id")
                #expect(samples == ["demo-coal-a:true:false", "demo-coal-b:false:true", "demo-stove:true:false"], "\(samples)")
                let audit = try await AuditTrail(client: client, logger: TestDatabase.logger).verify()
                #expect(audit.ok, "\(audit.problems)")
            }
        }
    }

    @Test func unknownPlanIsAUsageError() async throws {
        try await TestDatabase.with { url in
            let run = try CLI(databaseURL: url.urlString).run("admin", "seed", "atlantis-2021")
            #expect(run.status == 64, "\(run)")
        }
    }

    @Test func badInputExitCodes() async throws {
        try await TestDatabase.with { url in
            let cli = CLI(databaseURL: url.urlString)
            #expect(try cli.run("admin", "seed", "taishan-2021", "--demo").status == 0)

            let noParent = try cli.run(
                "admin", "unit", "add", "--code", "xinzhuang", "--name", "新庄村", "--kind", "village", "--lang", "en")
            #expect(noParent.status == 65, "\(noParent)")
            #expect(noParent.stderr.contains("--parent"))

            let unknownParent = try cli.run(
                "admin", "unit", "add", "--code", "xinzhuang", "--name", "新庄村", "--kind", "village", "--parent", "nowhere",
                "--json")
            #expect(unknownParent.status == 66, "\(unknownParent)")
            let error = try JSONSerialization.jsonObject(with: Data(unknownParent.stderr.utf8)) as? [String: [String: Any]]
            #expect(error?["error"]?["code"] as? String == "unknown_unit")
            #expect(unknownParent.stdout.isEmpty)

            let secondTarget = try cli.run(
                "admin", "target", "add", "--street", "caiyuan", "--year", "2021", "--coal-tons", "1", "--stoves", "1")
            #expect(secondTarget.status == 65, "\(secondTarget)")
            #expect(secondTarget.stderr.contains("caiyuan"))

            let existingLogin = try cli.run(
                "admin", "user", "add", "--login", "fgj", "--unit", "fgj", "--role", "viewer", "--password-stdin",
                stdin: "a long password\n")
            #expect(existingLogin.status == 65, "\(existingLogin)")

            let passwordInArgv = try cli.run("admin", "user", "add", "--login", "wang", "--unit", "fgj", "--role", "viewer")
            #expect(passwordInArgv.status == 64, "\(passwordInArgv)")

            let added = try cli.run(
                "admin", "user", "add", "--login", "wang", "--unit", "fgj", "--role", "viewer", "--name", "王芳",
                "--password-stdin", stdin: "a long password\n")
            #expect(added.status == 0, "\(added)")

            let badTons = try cli.run(
                "admin", "target", "add", "--street", "shanggao", "--year", "2021", "--coal-tons", "1.2345", "--stoves", "1")
            #expect(badTons.status == 65, "\(badTons)")
        }
    }

    @Test func aBackupRestoresIntoAnEmptyDatabaseWithTheSameAuditHead() async throws {
        try await TestDatabase.withClient { client, url in
            try await Season.generate(try await Fixture(client))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).dump").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            let backup = try CLI(databaseURL: url.urlString).run("admin", "backup", "-o", file, "--json")
            #expect(backup.status == 0, "\(backup)")
            let taken = try JSONSerialization.jsonObject(with: Data(backup.stdout.utf8)) as? [String: Any]
            let head = try await AuditTrail(client: client, logger: TestDatabase.logger).head()
            #expect(taken?["head"] as? String == head.sha256 && taken?["events"] as? Int == head.events)
            #expect(head.events > 50, "a season has a long history")

            // A database with data is never overwritten.
            let onto = try CLI(databaseURL: url.urlString).run("admin", "restore", file, "--json")
            #expect(onto.status == 65, "\(onto)")
            #expect(onto.stderr.contains("database_not_empty"))

            try await TestDatabase.with(empty: true) { fresh in
                let restore = try CLI(databaseURL: fresh.urlString).run("admin", "restore", file, "--json")
                #expect(restore.status == 0, "\(restore)")
                try await withPostgresClient(fresh, logger: TestDatabase.logger) { restored in
                    let report = try await AuditTrail(client: restored, logger: TestDatabase.logger).verify(against: head)
                    #expect(report.ok && report.head == head, "\(report)")
                    let count = { (c: PostgresClient) in
                        try await c.query("SELECT count(*)::int FROM slips", logger: TestDatabase.logger).collect().first!.decode(
                            Int.self)
                    }
                    #expect(try await count(restored) == count(client))
                }
                // The restored database serves as it did: the application role may read it, and nobody else
                // may run the functions that answer with the owner's rights.
                try await withPostgresClient(fresh.connecting(as: ApplicationRole.name), logger: TestDatabase.logger) { app in
                    try await ApplicationRole.check(app, logger: TestDatabase.logger)
                }
                try await withPostgresClient(fresh, logger: TestDatabase.logger) { restored in
                    let open = try await restored.query(
                        """
                        SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = 'public' AND (p.prosecdef OR p.proname = 'coalflow_grant_app')
                          AND has_function_privilege('public', p.oid, 'EXECUTE')
                        """, logger: TestDatabase.logger
                    ).collect().map { try $0.decode(String.self) }
                    #expect(open.isEmpty, "PUBLIC may execute \(open)")
                }
            }
        }
    }

    /// A backup that fails leaves the earlier file as it was; a backup that succeeds is its owner's only.
    @Test func aFailedBackupKeepsThePreviousFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-backup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/coalflow.dump"
        try await TestDatabase.with { url in
            let made = try CLI(databaseURL: url.urlString).run("admin", "backup", "-o", file)
            #expect(made.status == 0, "\(made)")
            #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            // A pg_dump that fails half-way, after writing some of its output.
            let programs = folder + "/bin"
            try FileManager.default.createDirectory(atPath: programs, withIntermediateDirectories: true)
            try "#!/bin/sh\nfor a; do case $a in --file=*) echo half > ${a#--file=};; esac; done\necho broken >&2\nexit 1\n"
                .write(toFile: programs + "/pg_dump", atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: programs + "/pg_dump")
            var failing = CLI(databaseURL: url.urlString)
            failing.environment["COALFLOW_PG_BIN"] = programs
            let failed = try failing.run("admin", "backup", "-o", file)
            #expect(failed.status != 0, "\(failed)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before, "the earlier backup is intact")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["bin", "coalflow.dump"],
                "no partial file left")
        }
    }

    @Test func malformedDatabaseURL() throws {
        let run = try CLI(databaseURL: "mysql://somewhere/db").run("migrate", "--lang", "en")
        #expect(run.status == 64 || run.status == 65, "\(run)")
        #expect(run.stderr.contains("postgres://"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func unreachableDatabase() throws {
        let run = try CLI(databaseURL: "postgres://coalflow@127.0.0.1:1/coalflow").run("migrate")
        #expect(run.status == 69, "\(run)")
    }

    @Test func migrateRefusesAChangedAppliedFileNamingIt() async throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-sql-\(UUID().uuidString)").path
        try await TestDatabase.with { url in
            let cli = CLI(databaseURL: url.urlString)
            let original = try cli.run("migrate", "--json")
            #expect(original.status == 0, "\(original)")
            try FileManager.default.copyItem(atPath: try TestDatabase.migrator().folder, toPath: copy)
            defer { try? FileManager.default.removeItem(atPath: copy) }
            let file = copy + "/0003_documents_and_lines.sql"
            try
                (String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
                    of: "DEFAULT 'draft'", with: "DEFAULT 'returned'"))
                .write(toFile: file, atomically: true, encoding: .utf8)
            var edited = cli
            edited.environment["COALFLOW_MIGRATIONS"] = copy
            let refused = try edited.run("migrate", "--lang", "en")
            #expect(refused.status != 0, "\(refused)")
            #expect(refused.stderr.contains("0003_documents_and_lines.sql"), "\(refused)")
        }
    }
}
