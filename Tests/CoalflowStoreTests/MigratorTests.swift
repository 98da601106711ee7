import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite struct MigratorTests {
    /// A private copy of sql/ that a test may edit.
    func copyOfMigrations() throws -> String {
        let source = try TestDatabase.migrator().folder
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-sql-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: source, toPath: copy)
        return copy
    }

    @Test func aMigratedDatabaseHasNothingPending() async throws {
        try await TestDatabase.withClient { client, _ in
            let migrator = try TestDatabase.migrator()
            #expect(try await migrator.migrate(client, logger: TestDatabase.logger).isEmpty)
            let rows = try await client.query("SELECT count(*) FROM schema_migrations", logger: TestDatabase.logger).collect()
            #expect(try rows.first!.decode(Int.self) == migrator.load().count)
        }
    }

    @Test func appliesInOrderOnAnEmptyDatabase() async throws {
        try await TestDatabase.withClient { client, _ in
            try await client.query("DROP SCHEMA public CASCADE", logger: TestDatabase.logger)
            try await client.query("CREATE SCHEMA public", logger: TestDatabase.logger)
            let migrator = try TestDatabase.migrator()
            let applied = try await migrator.migrate(client, logger: TestDatabase.logger)
            #expect(try applied == migrator.load().map(\.name))
            #expect(applied == applied.sorted())
        }
    }

    @Test func refusesWhenAnAppliedFileChanged() async throws {
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/0002_years_prices_targets_routes.sql"
        try (String(contentsOfFile: file, encoding: .utf8) + "\n-- edited\n").write(
            toFile: file, atomically: true, encoding: .utf8)
        try await TestDatabase.withClient { client, _ in
            let error = await #expect(throws: StoreError.self) {
                try await Migrator(folder: folder).migrate(client, logger: TestDatabase.logger)
            }
            #expect(error?.code == .migrationChanged)
            #expect(error?.message.en.contains("0002_years_prices_targets_routes.sql") == true)
        }
    }

    @Test func refusesANewFileBeforeAnAppliedOne() async throws {
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "SELECT 1;".write(toFile: folder + "/0001_a_late_arrival.sql", atomically: true, encoding: .utf8)
        try await TestDatabase.withClient { client, _ in
            let error = await #expect(throws: StoreError.self) {
                try await Migrator(folder: folder).migrate(client, logger: TestDatabase.logger)
            }
            #expect(error?.code == .migrationOutOfOrder)
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "CREATE TABLE half_done (x int); SELECT no_such_function();".write(
            toFile: folder + "/9999_broken.sql", atomically: true, encoding: .utf8)
        try await TestDatabase.withClient { client, _ in
            let error = await #expect(throws: StoreError.self) {
                try await Migrator(folder: folder).migrate(client, logger: TestDatabase.logger)
            }
            #expect(error?.code == .migrationFailed)
            let rows = try await client.query(
                "SELECT to_regclass('half_done') IS NULL, (SELECT count(*) FROM schema_migrations WHERE name = '9999_broken.sql')",
                logger: TestDatabase.logger
            ).collect()
            let (absent, recorded) = try rows.first!.decode((Bool, Int).self)
            #expect(absent && recorded == 0)
        }
    }

    /// Migrations are frozen once released: `sql/frozen.sha256` holds each file's SHA-256 (`sha256sum`
    /// format), and a change to a listed file fails here, before any database sees it. A new migration
    /// is a new file, listed when it ships: `(cd sql && sha256sum 0042_words.sql) >> sql/frozen.sha256`.
    @Test func releasedMigrationsAreFrozen() throws {
        let migrator = try TestDatabase.migrator()
        let manifest = try String(contentsOfFile: migrator.folder + "/frozen.sha256", encoding: .utf8)
        let frozen = Dictionary(
            uniqueKeysWithValues: manifest.split(separator: "\n").map { line -> (String, String) in
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                return (String(parts[1]), String(parts[0]))
            })
        let files = try migrator.load()
        for file in files {
            #expect(frozen[file.name] == file.checksum, "\(file.name) differs from sql/frozen.sha256 (or is not listed there)")
        }
        #expect(Set(frozen.keys) == Set(files.map(\.name)), "every listed migration still exists")
    }
}
