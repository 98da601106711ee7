import ArgumentParser
import CoalflowPostgres
import CoalflowStore
import Foundation
import Logging
import PostgresNIO

/// Where an operator command finds PostgreSQL: `--database-url`, else `DATABASE_URL`, else the private
/// cluster in `--data-dir`, started on demand.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "PostgreSQL URL, e.g. postgres://coalflow:secret@db:5432/coalflow. Also DATABASE_URL.", valueName: "url"))
    var databaseURL: String?

    @Option(
        help: ArgumentHelp("Folder of the private PostgreSQL cluster used when no database URL is given.", valueName: "folder"))
    var dataDir = "./.coalflow"

    enum Target {
        case url(DatabaseURL)
        case local(LocalPostgres)
    }

    func target() throws -> Target {
        let environment = StoreEnvironment.current
        if let text = databaseURL ?? environment.databaseURL {
            return .url(try DatabaseURL(text, settings: environment.database))
        }
        return .local(LocalPostgres(folder: dataDir, programs: try environment.programs()))
    }

    /// Runs `body` against the database. A private cluster that this call had to start is stopped again
    /// afterwards; one that was already running is left running.
    func withDatabase<T: Sendable>(
        logger: Logger,
        checkMigrations: Bool = true,
        _ body: (PostgresClient, DatabaseURL) async throws -> T
    ) async throws -> T {
        switch try target() {
        case .url(let url):
            return try await run(url, logger: logger, checkMigrations: checkMigrations, body)
        case .local(let cluster):
            let started = try cluster.start()
            do {
                let result = try await run(
                    cluster.url(StoreEnvironment.current.database), logger: logger, checkMigrations: checkMigrations, body)
                if started { try cluster.stop() }
                return result
            } catch {
                if started { try? cluster.stop() }
                throw error
            }
        }
    }

    /// The data keys, for the commands that read or write personal data: inside `withDatabase`, where a
    /// private cluster's folder exists.
    func dataKeys() throws -> PersonalDataKeys {
        let cluster: LocalPostgres? = if case .local(let cluster) = try target() { cluster } else { nil }
        return try StoreEnvironment.current.dataKeys(privateCluster: cluster)
    }

    private func run<T: Sendable>(
        _ url: DatabaseURL, logger: Logger, checkMigrations: Bool,
        _ body: (PostgresClient, DatabaseURL) async throws -> T
    ) async throws -> T {
        try await withPostgresClient(url, logger: logger) { client in
            // Every command brings the schema up to date first, so a fresh private cluster just works
            // and a changed migration file stops everything.
            if checkMigrations {
                try await StoreEnvironment.current.migrator().migrate(client, logger: logger)
            }
            return try await body(client, url)
        }
    }
}

/// The logger of operator commands: warnings and worse on stderr, unless LOG_LEVEL says otherwise.
func commandLogger(_ label: String, default level: Logger.Level = .warning) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? level
    return logger
}

/// bcrypt work factor: `COALFLOW_BCRYPT_COST` (4–31), default 12. Tests lower it to stay fast.
func bcryptCost() throws -> UInt8 {
    guard let text = ProcessInfo.processInfo.environment["COALFLOW_BCRYPT_COST"], !text.isEmpty else { return 12 }
    guard let cost = UInt8(text), (4...31).contains(cost) else {
        throw Failure.usage(zh: "COALFLOW_BCRYPT_COST 应为 4–31 的整数", en: "COALFLOW_BCRYPT_COST must be a whole number within 4–31")
    }
    return cost
}
