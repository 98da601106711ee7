import CoalflowPostgres
import CoalflowStore
import Foundation

/// What the environment says about the database (README, Configuration), read once here: the libraries
/// below the executable read no environment variables.
struct StoreEnvironment: Sendable {
    static let current = StoreEnvironment(ProcessInfo.processInfo.environment)

    /// `DATABASE_URL`
    let databaseURL: String?
    /// `APP_DATABASE_URL`
    let appDatabaseURL: String?
    /// `READ_DATABASE_URL`
    let readDatabaseURL: String?
    /// `USER` and `COALFLOW_DB_CONNECT_SECONDS`
    let database: DatabaseSettings
    /// `COALFLOW_MIGRATIONS`
    let migrationsFolder: String?
    /// `COALFLOW_PG_BIN`
    let programsFolder: String?
    /// `COALFLOW_DATA_KEYS` (a key file's content)
    let dataKeysText: String?
    /// `COALFLOW_DATA_KEYS_FILE`
    let dataKeysFile: String?

    init(_ environment: [String: String]) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        databaseURL = value("DATABASE_URL")
        appDatabaseURL = value("APP_DATABASE_URL")
        readDatabaseURL = value("READ_DATABASE_URL")
        database = DatabaseSettings(
            defaultUser: environment["USER"], connectSeconds: environment["COALFLOW_DB_CONNECT_SECONDS"].flatMap(Int.init))
        migrationsFolder = value("COALFLOW_MIGRATIONS")
        programsFolder = value("COALFLOW_PG_BIN")
        dataKeysText = value("COALFLOW_DATA_KEYS")
        dataKeysFile = value("COALFLOW_DATA_KEYS_FILE")
    }

    func migrator() throws -> Migrator {
        try Migrator.locate(override: migrationsFolder)
    }

    func programs() throws -> PostgresPrograms {
        try PostgresPrograms.locate(override: programsFolder)
    }

    /// `COALFLOW_DATA_KEYS`, else `COALFLOW_DATA_KEYS_FILE`, else the private cluster's own. A database
    /// elsewhere needs one of the two.
    func dataKeys(privateCluster cluster: LocalPostgres?) throws -> PersonalDataKeys {
        if let dataKeysText { return try PersonalDataKeys(parsing: dataKeysText, source: "COALFLOW_DATA_KEYS") }
        if let dataKeysFile { return try PersonalDataKeys(contentsOfFile: dataKeysFile) }
        guard let cluster else { throw PersonalDataKeys.missing }
        return try cluster.dataKeys()
    }
}
