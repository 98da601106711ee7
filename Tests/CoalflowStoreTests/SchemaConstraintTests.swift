import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

/// The database refuses bad rows by itself, whatever the application sends.
@Suite struct SchemaConstraintTests {
    func expectRefused(_ sql: String, state: String) async throws {
        try await TestDatabase.withClient { client, _ in
            try await Seeder(client: client, logger: TestDatabase.logger).seed(
                Taishan2021.plan, demo: Taishan2021.demo, bcryptCost: 4)
            let error = await #expect(throws: PSQLError.self) {
                try await client.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
            }
            #expect(error?.serverInfo?[.sqlState] == state, "\(sql)")
        }
    }

    @Test func villageMustHangUnderAStreet() async throws {
        try await expectRefused(
            "INSERT INTO units (code, name, kind, reach, parent_code) VALUES ('v9', 'x', 'village', 'own', 'fgj')", state: "23503"
        )
        try await expectRefused(
            "INSERT INTO units (code, name, kind, reach) VALUES ('v9', 'x', 'village', 'own')", state: "23514")
    }

    @Test func oneTargetPerStreetAndYear() async throws {
        try await expectRefused(
            "INSERT INTO targets (street_code, year, coal_kg, stoves) VALUES ('caiyuan', 2021, 1, 1)", state: "23505")
    }

    @Test func quantitiesAreNotNegative() async throws {
        try await expectRefused(
            "INSERT INTO targets (street_code, year, coal_kg, stoves) VALUES ('shanggao', 2021, -1, 1)", state: "23514")
    }

    /// Coal is whole kilograms (tons with three places): a fraction of a kilogram has no column to go to.
    @Test func coalIsWholeKilograms() async throws {
        try await expectRefused(
            "INSERT INTO targets (street_code, year, coal_kg, stoves) VALUES ('shanggao', 2021, '1.5', 1)", state: "22P02")
    }

    /// A unit's reach follows its kind: a village never reaches the district.
    @Test func reachFollowsTheKind() async throws {
        try await expectRefused("UPDATE units SET reach = 'district' WHERE code = 'caiyuan-demo1'", state: "23514")
        try await expectRefused("UPDATE units SET slip_copy = true WHERE code = 'caiyuan'", state: "23514")
    }

    /// The database holds no figure that would overflow an amount (sql/0009).
    @Test func figuresArePlausible() async throws {
        try await expectRefused("UPDATE prices SET unit_price_fen = 9000000000000000000", state: "23514")
        try await expectRefused("UPDATE program_years SET stove_subsidy_fen = 9000000000000000000", state: "23514")
    }

    @Test func unknownStatusIsRefused() async throws {
        try await expectRefused(
            """
            INSERT INTO documents (document_type, year, origin_unit, street_code, status, created_by)
            VALUES ('registration', 2021, 'caiyuan-demo1', 'caiyuan', 'approved', 1)
            """, state: "23514")
    }

    @Test func adminOnlyInTheOffice() async throws {
        try await expectRefused("UPDATE users SET role = 'admin' WHERE login = 'caiyuan'", state: "23514")
    }
}
