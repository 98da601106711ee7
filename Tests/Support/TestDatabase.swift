import CoalflowPostgres
import CoalflowStore
import Foundation
import Logging
import PostgresNIO

#if canImport(Glibc)
    import Glibc
#endif

/// A real PostgreSQL for tests: `COALFLOW_TEST_DATABASE_URL` if set (it must be local), else a throwaway
/// cluster in /tmp started on first use and stopped when the test process exits. Each test gets a fresh
/// database cloned from a migrated template, so no two tests share state.
public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "coalflow.test")
        logger.logLevel = .warning
        return logger
    }()

    /// The data keys of every test process and of the executables they start (CLI sets them).
    /// k2 is an older key here, so a test may rotate to it while others run.
    public static let dataKeys = """
        k1:\(Data(repeating: 7, count: 32).base64EncodedString())
        k2:\(Data(repeating: 3, count: 32).base64EncodedString())
        lookup:\(Data(repeating: 9, count: 32).base64EncodedString())
        """

    /// `dataKeys`, for the stores of a test.
    public static func keys() throws -> PersonalDataKeys {
        try PersonalDataKeys(parsing: dataKeys, source: "tests")
    }

    /// Every suite runs at once on a small machine: tests wait up to a minute for a database connection,
    /// and so do the executables they start (CLI sets them).
    public static let connectSeconds = 60
    public static let settings = DatabaseSettings(connectSeconds: connectSeconds)

    /// PostgreSQL's programs and the migrations where the executable finds them, `COALFLOW_PG_BIN` and
    /// `COALFLOW_MIGRATIONS` included.
    public static func programs() throws -> PostgresPrograms {
        try PostgresPrograms.locate(override: ProcessInfo.processInfo.environment["COALFLOW_PG_BIN"])
    }

    public static func migrator() throws -> Migrator {
        try Migrator.locate(override: ProcessInfo.processInfo.environment["COALFLOW_MIGRATIONS"])
    }

    /// Makes a fresh migrated database (or an empty one), runs `body` with its URL, then drops it.
    public static func with<T: Sendable>(empty: Bool = false, _ body: @Sendable (DatabaseURL) async throws -> T) async throws -> T
    {
        let server = try await Server.shared.value
        let name = "t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))"
        try await server.admin("CREATE DATABASE \(name) TEMPLATE \(empty ? "template0" : server.template)")
        do {
            let result = try await body(try server.url(database: name))
            try await server.admin("DROP DATABASE \(name) WITH (FORCE)")
            return result
        } catch {
            try? await server.admin("DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Like `with`, and hands over a running client too.
    public static func withClient<T: Sendable>(_ body: @Sendable (PostgresClient, DatabaseURL) async throws -> T) async throws
        -> T
    {
        try await with { url in
            try await withPostgresClient(url, logger: logger) { client in try await body(client, url) }
        }
    }

    struct Server: Sendable {
        let base: URLComponents
        let template: String

        static let shared = Task<Server, any Error> { try await start() }

        func url(database: String) throws -> DatabaseURL {
            var components = base
            components.path = "/" + database
            return try DatabaseURL(components.string ?? "", settings: settings)
        }

        /// Statements on the maintenance database (CREATE/DROP DATABASE cannot run in a transaction).
        /// Tried three times: with every suite running on two cores, a connection can take its time.
        func admin(_ sql: String) async throws {
            for attempt in 1...3 {
                do {
                    return try await withPostgresClient(try url(database: "postgres"), logger: logger) { client in
                        _ = try await client.withConnection { try await $0.simpleQuery(sql).get() }
                    }
                } catch let error as StoreError where error.code == .databaseUnreachable && attempt < 3 {
                    logger.warning("maintenance database did not answer; trying again", metadata: ["attempt": "\(attempt)"])
                }
            }
        }

        static func start() async throws -> Server {
            let base: URLComponents
            if let text = ProcessInfo.processInfo.environment["COALFLOW_TEST_DATABASE_URL"], !text.isEmpty {
                guard try DatabaseURL(text).isLocal else {
                    throw TestSupportError(
                        "COALFLOW_TEST_DATABASE_URL must point at this machine (a socket or a loopback address): tests create and drop databases"
                    )
                }
                base = URLComponents(string: text)!
            } else {
                let cluster = LocalPostgres(folder: "/tmp/coalflow-test-\(getpid())", programs: try programs(), durable: false)
                try cluster.start()
                ThrowawayCluster.cluster = cluster
                atexit {
                    guard let cluster = ThrowawayCluster.cluster else { return }
                    try? cluster.stop()
                    try? FileManager.default.removeItem(atPath: cluster.folder)
                }
                base = URLComponents(string: cluster.url(settings).urlString)!
            }
            let template = "coalflow_template_\(getpid())"
            let server = Server(base: base, template: template)
            try await server.admin("DROP DATABASE IF EXISTS \(template)")
            try await server.admin("CREATE DATABASE \(template)")
            try await withPostgresClient(try server.url(database: template), logger: logger) { client in
                try await migrator().migrate(client, logger: logger)
            }
            return server
        }
    }
}

extension TestDatabase {
    /// A private primary cluster, migrated, and a streaming replica of it (`pg_basebackup -R`), both
    /// started; `body` gets their URLs (the owner's), and both are stopped and removed after it. Apart
    /// from the shared cluster, so that its replica does not replay every other test's databases.
    public static func withReplicatedCluster<T: Sendable>(_ body: @Sendable (DatabaseURL, DatabaseURL) async throws -> T)
        async throws -> T
    {
        let id = UUID().uuidString.prefix(8)
        let primary = LocalPostgres(folder: "/tmp/coalflow-primary-\(id)", programs: try programs(), durable: false)
        let replica = LocalPostgres(folder: "/tmp/coalflow-replica-\(id)", programs: try programs(), durable: false)
        defer {
            for cluster in [replica, primary] {
                try? cluster.stop()
                try? FileManager.default.removeItem(atPath: cluster.folder)
            }
        }
        try primary.start()
        let url = primary.url(settings)
        try await withPostgresClient(url, logger: logger) { try await migrator().migrate($0, logger: logger) }
        try replica.makeReplica(of: primary)
        try replica.start()
        return try await body(url, replica.url(settings))
    }
}

/// The throwaway cluster, for the exit handler (a C function pointer cannot capture).
enum ThrowawayCluster {
    nonisolated(unsafe) static var cluster: LocalPostgres?
}
