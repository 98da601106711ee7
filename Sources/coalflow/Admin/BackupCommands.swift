import ArgumentParser
import CoalflowCore
import CoalflowPostgres
import CoalflowStore
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent backup of the whole database (pg_dump custom format).",
        discussion: """
            Prints the audit chain head at the time of the backup: keep it with the file, and after a
            restore `coalflow audit verify --head SHA256:EVENTS` proves nothing was lost or changed.
            Example: coalflow admin backup -o coalflow-2021-12-31.dump
            """
    )

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The backup file to write.", valueName: "file")) var output:
        String
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: OutputOptions

    func run() async throws {
        let logger = commandLogger("coalflow.backup")
        let head = try await database.withDatabase(logger: logger) { client, url in
            let head = try await AuditTrail(client: client, logger: logger).head()
            try Backup(programs: StoreEnvironment.current.programs()).dump(url, to: output)
            return head
        }
        if options.json {
            struct Result: Encodable {
                let file: String
                let head: String
                let events: Int
            }
            try Output.json(Result(file: output, head: head.sha256, events: head.events))
        } else {
            options.style.say(
                .init(
                    zh: "已备份到 \(output)。审计链头：\(head.sha256):\(head.events)",
                    en: "Backed up to \(output). Audit chain head: \(head.sha256):\(head.events)"))
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into a new, empty database, then verify its audit chain.",
        discussion: """
            The target must be empty (create it first, e.g. `createdb coalflow_restored`); a restore never
            overwrites data. It runs in one transaction, applies migrations newer than the backup, and
            fails unless the audit chain verifies.
            Example: coalflow admin restore coalflow-2021-12-31.dump --database-url postgres://coalflow@db/coalflow_restored
            """
    )

    @Argument(help: ArgumentHelp("The backup file, written by `coalflow admin backup`.", valueName: "file")) var file: String
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: OutputOptions

    func run() async throws {
        let logger = commandLogger("coalflow.restore")
        let report = try await database.withDatabase(logger: logger, checkMigrations: false) { client, url in
            try await Backup(programs: StoreEnvironment.current.programs()).restore(
                file, into: url, client: client, logger: logger)
            try await StoreEnvironment.current.migrator().migrate(client, logger: logger)
            try await ApplicationRole.grant(client, logger: logger)
            return try await AuditTrail(client: client, logger: logger).verify()
        }
        guard report.ok else {
            throw StoreError(
                .invalid, code: .auditChainBroken,
                zh: "已恢复，但审计链校验失败", en: "restored, but the audit chain does not verify", details: report.problems)
        }
        if options.json {
            struct Result: Encodable {
                let ok: Bool
                let head: String
                let events: Int
            }
            try Output.json(Result(ok: true, head: report.head.sha256, events: report.head.events))
        } else {
            options.style.say(
                .init(
                    zh: "已恢复 \(file)。审计链校验通过，链头：\(report.head.sha256):\(report.head.events)",
                    en: "Restored \(file). The audit chain verifies; head: \(report.head.sha256):\(report.head.events)"))
        }
    }
}
