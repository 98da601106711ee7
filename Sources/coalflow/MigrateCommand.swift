import ArgumentParser
import CoalflowStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations (sql/NNNN_*.sql) in order.",
        discussion: """
            Refuses to run anything if an applied migration file has changed since it was applied.
            Example: coalflow migrate --database-url postgres://coalflow@localhost/coalflow
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = commandLogger("coalflow.migrate")
        let applied = try await database.withDatabase(logger: logger, checkMigrations: false) { client, _ in
            try await StoreEnvironment.current.migrator().migrate(client, logger: logger)
        }
        if output.json {
            try Output.json(["applied": applied])
        } else if applied.isEmpty {
            output.style.say(.init(zh: "数据库已是最新，无待执行的迁移。", en: "The database is up to date; no pending migrations."))
        } else {
            output.style.say(.init(zh: "已执行 \(applied.count) 个迁移：", en: "Applied \(applied.count) migrations:"))
            applied.forEach { Output.line("  " + $0) }
        }
    }
}
