import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

@Suite struct DatabaseURLTests {
    /// A database off this machine gets TLS or no connection: nobody on the path can downgrade it to text.
    @Test func aRemoteHostRequiresTLSUnlessToldOtherwise() throws {
        #expect(try DatabaseURL("postgres://coalflow@db.example.gov.cn/coalflow").sslMode == .require)
        #expect(try DatabaseURL("postgres://coalflow@10.0.0.5:5432/coalflow").sslMode == .require)
        #expect(try DatabaseURL("postgres://coalflow@db.example.gov.cn/coalflow?sslmode=verify-full").sslMode == .verifyFull)
        #expect(try DatabaseURL("postgres://coalflow@db/coalflow?sslmode=disable").sslMode == .disable)
        #expect(try DatabaseURL("postgres://coalflow@db/coalflow?sslmode=allow").sslMode == .prefer)
    }

    @Test func thisMachineNeedsNoTLS() throws {
        #expect(try DatabaseURL("postgres://coalflow@127.0.0.1/coalflow").sslMode == .disable)
        #expect(try DatabaseURL("postgres://coalflow@localhost:5433/coalflow").sslMode == .disable)
        #expect(try DatabaseURL("postgres://coalflow@/coalflow?host=/run/postgresql").sslMode == .disable)
    }

    @Test func anUnknownModeIsRefused() {
        #expect(throws: StoreError.self) { try DatabaseURL("postgres://coalflow@db/coalflow?sslmode=sometimes") }
    }
}

/// The server's sessions start with their limits: PostgreSQL ends a runaway statement, a long lock wait
/// and a transaction a stuck request left open.
@Suite struct ServerPoolTests {
    @Test func eachPoolsSessionsCarryTheirLimits() async throws {
        try await TestDatabase.with { url in
            for (pool, statement) in [(ServerPool.requests, "30s"), (.exports, "15min")] {
                let client = PostgresClient(configuration: pool.configuration(url), backgroundLogger: TestDatabase.logger)
                let settings = try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await client.run() }
                    defer { group.cancelAll() }
                    return try await client.query(
                        """
                        SELECT current_setting('application_name'), current_setting('statement_timeout'),
                               current_setting('lock_timeout'), current_setting('idle_in_transaction_session_timeout')
                        """, logger: TestDatabase.logger
                    ).collect().first?.decode((String, String, String, String).self)
                }
                #expect(settings?.0 == pool.rawValue && settings?.1 == statement, "\(String(describing: settings))")
                #expect(settings?.2 == "20s" && settings?.3 == "1min", "\(String(describing: settings))")
            }
            #expect(ServerPool.exports.configuration(url).options.maximumConnections == 4)
        }
    }
}
