import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

@Suite struct SeederTests {
    static let tables = ["units", "users", "program_years", "targets", "contracts", "prices", "routes", "route_steps"]

    /// Every row of every seeded table, as text, in a stable order.
    static func snapshot(_ client: PostgresClient) async throws -> [String: String] {
        var result: [String: String] = [:]
        for table in tables {
            let rows = try await client.query(
                "SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM \(unescaped: table) t",
                logger: TestDatabase.logger
            ).collect()
            result[table] = try rows.first!.decode(String.self)
        }
        return result
    }

    @Test func seedingTwiceLeavesIdenticalRows() async throws {
        try await TestDatabase.withClient { client, _ in
            let seeder = Seeder(client: client, logger: TestDatabase.logger)
            try await seeder.seed(Taishan2021.plan, demo: Taishan2021.demo, bcryptCost: 4)
            let first = try await Self.snapshot(client)
            try await seeder.seed(Taishan2021.plan, demo: Taishan2021.demo, bcryptCost: 4)
            #expect(try await Self.snapshot(client) == first)
            #expect(first["users"]!.split(separator: "\n").count == Taishan2021.demo.logins.count)
        }
    }

    @Test func loadsThePlansFigures() async throws {
        try await TestDatabase.withClient { client, _ in
            try await Seeder(client: client, logger: TestDatabase.logger).seed(Taishan2021.plan, demo: nil, bcryptCost: 4)
            let rows = try await client.query(
                """
                SELECT street_code, coal_kg::text, stoves FROM targets WHERE year = 2021 ORDER BY street_code
                """, logger: TestDatabase.logger
            ).collect()
            let targets = try rows.map { try $0.decode((String, String, Int).self) }
            #expect(
                targets.map { "\($0.0) \($0.1) \($0.2)" } == ["caiyuan 2000000 120", "daimiao 1600000 100", "taiqian 1400000 80"])

            let year = try await client.query(
                """
                SELECT starts_on::text, ends_on::text, coal_subsidy_fen_per_ton, stove_subsidy_fen FROM program_years WHERE year = 2021
                """, logger: TestDatabase.logger
            ).collect()
            let (starts, ends, coal, stove) = try year.first!.decode((String, String, Int64, Int64).self)
            #expect([starts, ends] == ["2021-09-01", "2022-03-31"])
            #expect(coal == 30_000 && stove == 40_000)

            let steps = try await client.query(
                """
                SELECT r.document_type || ':' || string_agg(coalesce(s.unit_code, s.actor) || '/' || s.return_to, '>' ORDER BY s.position)
                FROM routes r JOIN route_steps s ON s.route_id = r.id GROUP BY r.document_type ORDER BY 1
                """, logger: TestDatabase.logger
            ).collect()
            #expect(
                try steps.map { try $0.decode(String.self) } == [
                    "case:assigned_unit/origin>origin_unit/previous",
                    "registration:document_street/origin>fgj/origin>czj/origin",
                    "summary:document_street/origin>fgj/origin>czj/origin",
                    "survey:document_street/origin",
                ])
            // Without --demo, no demo unit and no login.
            let demoUnits = try await client.query("SELECT count(*) FROM units WHERE is_demo", logger: TestDatabase.logger)
                .collect()
            #expect(try demoUnits.first!.decode(Int.self) == 0)
        }
    }
}
