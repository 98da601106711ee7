import CoalflowStore
import Foundation
import Logging
import PostgresNIO

/// Whole-database backups in pg_dump's custom format, and restoring one into an empty database.
public struct Backup: Sendable {
    public let programs: PostgresPrograms

    public init(programs: PostgresPrograms) {
        self.programs = programs
    }

    /// Writes a consistent snapshot of the database to `path` (pg_dump runs in one transaction). The dump
    /// goes to a new file beside it, readable by its owner only (mode 0600), is flushed to disk and only
    /// then renamed over `path`: a dump that fails leaves the previous backup as it was.
    public func dump(_ url: DatabaseURL, to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        let partial = folder + "/." + target.lastPathComponent + ".\(getpid()).partial"
        let created = open(partial, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard created >= 0 else {
            throw Self.failure(
                zh: "无法在 \(folder) 中写备份", en: "cannot write a backup in \(folder)", String(cString: strerror(errno)))
        }
        close(created)
        let result = try Spawn.run(
            programs.path("pg_dump"), ["--format=custom", "--no-owner", "--file=" + partial, "--dbname=" + url.libpqURL],
            environment: url.libpqEnvironment)
        guard result.status == 0, Self.flush(partial), rename(partial, path) == 0, Self.flush(folder) else {
            unlink(partial)
            throw Self.failure(zh: "备份失败，原有备份文件未变", en: "backup failed; any earlier file at \(path) is unchanged", result.output)
        }
    }

    /// fsync of a file or folder: the data, or the rename, survives a power cut.
    static func flush(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return fsync(fd) == 0
    }

    /// Restores `path` into the database of `url`, which must be empty: a restore never mixes with or
    /// overwrites data. All or nothing (one transaction).
    public func restore(_ path: String, into url: DatabaseURL, client: PostgresClient, logger: Logger) async throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw StoreError(.notFound, code: .noSuchFile, zh: "无法读取备份文件 \(path)", en: "cannot read the backup file \(path)")
        }
        try await RestoreTarget.checkEmpty(client, url: url, logger: logger)
        // Privileges are not restored: the application role may not exist in this cluster yet, and
        // `ApplicationRole.grant` makes it and grants afresh.
        let result = try Spawn.run(
            programs.path("pg_restore"),
            [
                "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
                "--dbname=" + url.libpqURL, path,
            ],
            environment: url.libpqEnvironment)
        guard result.status == 0 else {
            throw Self.failure(zh: "恢复失败，数据库未改变", en: "restore failed; the database is unchanged", result.output)
        }
    }

    static func failure(zh: String, en: String, _ output: String) -> StoreError {
        StoreError(
            .unavailable, code: .backupFailed, zh: zh, en: en,
            details: output.split(separator: "\n").prefix(20).map(String.init))
    }
}
