import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

/// The database refuses bad rows by itself, whatever the application sends.
@Suite struct SchemaConstraintTests {
    func expectRefused(_ sql: String, state: String) async throws {
        try await TestDatabase.withClient { client, _ in
            try await Seeder(client: client, logger: TestDatabase.logger).seed(Taishan2021.plan, demo: Taishan2021.demo, bcryptCost: 4)
            let error = await #expect(throws: PSQLError.self) {
                try await client.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
            }
            #expect(error?.serverInfo?[.sqlState] == state, "\(sql)")
        }
    }

    @Test func villageMustHangUnderAStreet() async throws {
        try await expectRefused("INSERT INTO units (code, name, kind, parent_code) VALUES ('v9', 'x', 'village', 'fgj')", state: "23503")
        try await expectRefused("INSERT INTO units (code, name, kind) VALUES ('v9', 'x', 'village')", state: "23514")
    }

    @Test func oneTargetPerStreetAndYear() async throws {
        try await expectRefused("INSERT INTO targets (street_code, year, coal_tons, stoves) VALUES ('caiyuan', 2021, 1, 1)", state: "23505")
    }

    @Test func quantitiesAreNotNegative() async throws {
        try await expectRefused("INSERT INTO targets (street_code, year, coal_tons, stoves) VALUES ('shanggao', 2021, -1, 1)", state: "23514")
    }

    @Test func coalHasAtMostThreeDecimals() async throws {
        try await TestDatabase.withClient { client, _ in
            try await Seeder(client: client, logger: TestDatabase.logger).seed(Taishan2021.plan, demo: nil, bcryptCost: 4)
            try await client.query("INSERT INTO targets (street_code, year, coal_tons, stoves) VALUES ('shanggao', 2021, 1.2345, 1)",
                                   logger: TestDatabase.logger)
            let rows = try await client.query("SELECT coal_tons::text FROM targets WHERE street_code = 'shanggao'", logger: TestDatabase.logger).collect()
            #expect(try rows.first?.decode(String.self) == "1.235")
        }
    }

    @Test func unknownStatusIsRefused() async throws {
        try await expectRefused("""
            INSERT INTO documents (document_type, year, origin_unit, street_code, status, created_by)
            VALUES ('registration', 2021, 'caiyuan-demo1', 'caiyuan', 'approved', 1)
            """, state: "23514")
    }

    @Test func adminOnlyInTheOffice() async throws {
        try await expectRefused("UPDATE users SET role = 'admin' WHERE login = 'caiyuan'", state: "23514")
    }
}
