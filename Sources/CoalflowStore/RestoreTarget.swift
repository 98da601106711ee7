import Logging
import PostgresNIO

/// The database a backup is restored into.
public enum RestoreTarget {
    /// Refuses a database that holds any table: a restore never mixes with or overwrites data.
    public static func checkEmpty(_ client: PostgresClient, url: DatabaseURL, logger: Logger) async throws {
        let tables = try await client.query(
            """
            SELECT count(*)::int FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
            """, logger: logger
        ).collect()
        guard try tables.first?.decode(Int.self) == 0 else {
            throw StoreError(
                .invalid, code: .databaseNotEmpty,
                zh: "目标数据库 \(url) 不是空的：只能恢复到新建的空数据库",
                en: "the target database \(url) is not empty: restore into a new, empty database")
        }
    }
}
