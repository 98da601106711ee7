import CoalflowTestSupport
import PostgresNIO
import Testing

@testable import CoalflowServer

/// A database error reaches the log without the values of the row or query behind it.
@Suite struct ErrorLogTests {
    @Test func aDatabaseErrorIsLoggedWithoutTheRowsValues() async throws {
        try await TestDatabase.withClient { client, _ in
            let logger = TestDatabase.logger
            try await client.query("CREATE TABLE notes (name text CHECK (length(name) < 3))", logger: logger)
            let plain = await #expect(throws: (any Error).self) {
                try await client.query("INSERT INTO notes VALUES (\("张三的住址某村"))", logger: logger)
            }
            let inTransaction = await #expect(throws: (any Error).self) {
                try await client.withTransaction(logger: logger) {
                    try await $0.query("INSERT INTO notes VALUES (\("张三的住址某村"))", logger: logger)
                }
            }
            for error in [plain, inTransaction].compactMap({ $0 }) {
                #expect(String(reflecting: error).contains("张三"), "PostgreSQL's detail repeats the row")
                let logged = ErrorMiddleware.loggable(error)
                #expect(logged.contains("23514") && logged.contains("notes_name_check"), "\(logged)")
                #expect(!logged.contains("张三"), "\(logged)")
            }
        }
    }
}
