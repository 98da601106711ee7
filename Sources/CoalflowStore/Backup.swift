import Foundation
import Logging
import PostgresNIO

/// Whole-database backups in pg_dump's custom format, and restoring one into an empty database.
public enum Backup {
    /// Writes a consistent snapshot of the database to `path` (pg_dump runs in one transaction).
    public static func dump(_ url: DatabaseURL, to path: String) throws {
        let bin = try LocalPostgres.binaries()
        let result = try Spawn.run(bin + "/pg_dump", ["--format=custom", "--no-owner", "--file=" + path, "--dbname=" + url.libpqURL],
                                   environment: url.libpqEnvironment)
        guard result.status == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw failure(zh: "备份失败", en: "backup failed", result.output)
        }
    }

    /// Restores `path` into the database of `url`, which must be empty: a restore never mixes with or
    /// overwrites data. All or nothing (one transaction).
    public static func restore(_ path: String, into url: DatabaseURL, client: PostgresClient, logger: Logger) async throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw StoreError(.notFound, code: "no_such_file", zh: "无法读取备份文件 \(path)", en: "cannot read the backup file \(path)")
        }
        let tables = try await client.query("""
            SELECT count(*)::int FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
            """, logger: logger).collect()
        guard try tables.first?.decode(Int.self) == 0 else {
            throw StoreError(.invalid, code: "database_not_empty",
                zh: "目标数据库 \(url) 不是空的：只能恢复到新建的空数据库",
                en: "the target database \(url) is not empty: restore into a new, empty database")
        }
        let bin = try LocalPostgres.binaries()
        // Privileges are not restored: the application role may not exist in this cluster yet, and
        // `grantApplicationRole` makes it and grants afresh.
        let result = try Spawn.run(bin + "/pg_restore", ["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
                                                         "--dbname=" + url.libpqURL, path],
                                   environment: url.libpqEnvironment)
        guard result.status == 0 else { throw failure(zh: "恢复失败，数据库未改变", en: "restore failed; the database is unchanged", result.output) }
    }

    /// After a restore and its migrations: the application role and its privileges (sql/0009).
    public static func grantApplicationRole(_ client: PostgresClient, logger: Logger) async throws {
        try await client.query("SELECT coalflow_grant_app()", logger: logger)
    }

    static func failure(zh: String, en: String, _ output: String) -> StoreError {
        StoreError(.unavailable, code: "backup_failed", zh: zh, en: en,
                   details: output.split(separator: "\n").prefix(20).map(String.init))
    }
}
