import CoalflowCore
import Crypto
import Foundation
import Logging
import PostgresNIO

/// Applies the numbered SQL files of `sql/` in order, each in its own transaction, and records each
/// file's name and SHA-256. An applied file must never change: if one did, nothing runs.
public struct Migrator: Sendable {
    public struct Migration: Sendable {
        public let name: String
        public let sql: String
        public let checksum: String
    }

    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// `folder` when one is given (`COALFLOW_MIGRATIONS`), else the first `sql/` folder found walking up
    /// from the executable (the source tree during development, `/app/sql` in the container image).
    public static func locate(override folder: String?) throws(StoreError) -> Migrator {
        if let folder, !folder.isEmpty {
            return Migrator(folder: folder)
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        }
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("sql").path
            if FileManager.default.fileExists(atPath: candidate + "/0001_units_and_people.sql") {
                return Migrator(folder: candidate)
            }
            dir = dir.deletingLastPathComponent()
        }
        throw StoreError(
            .setup, code: .migrationsMissing,
            zh: "找不到 sql/ 迁移目录；请设置 COALFLOW_MIGRATIONS", en: "cannot find the sql/ migrations folder; set COALFLOW_MIGRATIONS")
    }

    /// The files in order. Names are `NNNN_words.sql`.
    public func load() throws(StoreError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".sql") }.sorted()
        } catch {
            throw StoreError(
                .setup, code: .migrationsMissing, zh: "无法读取迁移目录 \(folder)", en: "cannot read the migrations folder \(folder)")
        }
        var migrations: [Migration] = []
        for name in names {
            guard name.count > 9, name.prefix(4).allSatisfy(\.isNumber), Array(name)[4] == "_" else {
                throw StoreError(
                    .setup, code: .badMigrationName,
                    zh: "迁移文件名 \(name) 应形如 0001_说明.sql", en: "migration file \(name) must be named like 0001_words.sql")
            }
            guard let data = FileManager.default.contents(atPath: folder + "/" + name),
                let sql = String(data: data, encoding: .utf8)
            else {
                throw StoreError(.setup, code: .migrationsMissing, zh: "无法读取 \(name)", en: "cannot read \(name)")
            }
            let checksum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            migrations.append(Migration(name: name, sql: sql, checksum: checksum))
        }
        return migrations
    }

    /// Applies what is pending and returns the names applied. Refuses, before applying anything, when
    /// an applied file changed or disappeared, or a new file sorts before an applied one.
    @discardableResult
    public func migrate(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        let migrations = try load()
        return try await client.withConnection { connection in
            // Two servers starting together must not both apply the same file.
            try await connection.query("SELECT pg_advisory_lock(hashtext('coalflow.migrations'))", logger: logger)
            do {
                let applied = try await appliedChecksums(connection, logger: logger)
                try check(migrations, against: applied)
                var names: [String] = []
                for migration in migrations where applied[migration.name] == nil {
                    try await apply(migration, connection, logger: logger)
                    names.append(migration.name)
                }
                try await connection.query("SELECT pg_advisory_unlock(hashtext('coalflow.migrations'))", logger: logger)
                return names
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext('coalflow.migrations'))", logger: logger)
                throw error
            }
        }
    }

    func appliedChecksums(_ connection: PostgresConnection, logger: Logger) async throws -> [String: String] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name       text PRIMARY KEY,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        var applied: [String: String] = [:]
        for try await (name, checksum) in try await connection.query(
            "SELECT name, checksum FROM schema_migrations", logger: logger
        ).decode((String, String).self) {
            applied[name] = checksum
        }
        return applied
    }

    func check(_ migrations: [Migration], against applied: [String: String]) throws(StoreError) {
        let files = Dictionary(uniqueKeysWithValues: migrations.map { ($0.name, $0.checksum) })
        for (name, checksum) in applied.sorted(by: { $0.key < $1.key }) {
            guard let current = files[name] else {
                throw StoreError(
                    .setup, code: .migrationMissing,
                    zh: "已执行的迁移 \(name) 不在 \(folder) 中", en: "applied migration \(name) is missing from \(folder)")
            }
            guard current == checksum else {
                throw StoreError(
                    .setup, code: .migrationChanged,
                    zh: "已执行的迁移 \(folder)/\(name) 被修改过（校验和不符）；已执行的迁移不可修改，请新增一个迁移",
                    en:
                        "applied migration \(folder)/\(name) has changed (checksum differs); never edit an applied migration, add a new one"
                )
            }
        }
        if let newest = applied.keys.max(), let early = migrations.first(where: { applied[$0.name] == nil && $0.name < newest }) {
            throw StoreError(
                .setup, code: .migrationOutOfOrder,
                zh: "新迁移 \(early.name) 排在已执行的 \(newest) 之前", en: "new migration \(early.name) sorts before the applied \(newest)")
        }
    }

    func apply(_ migration: Migration, _ connection: PostgresConnection, logger: Logger) async throws {
        do {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in SQLScript.statements(migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (name, checksum) VALUES (\(migration.name), \(migration.checksum))",
                    logger: logger)
            }
            logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
        } catch {
            if let psql = unwrapTransactionError(error) as? PSQLError, psql.code == .server {
                throw StoreError(
                    .setup, code: .migrationFailed,
                    zh: "迁移 \(migration.name) 执行失败：\(psql.serverInfo?[.message] ?? "")",
                    en: "migration \(migration.name) failed: \(psql.serverInfo?[.message] ?? "")")
            }
            throw unwrapTransactionError(error)
        }
    }
}
