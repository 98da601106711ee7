import CoalflowStore
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
