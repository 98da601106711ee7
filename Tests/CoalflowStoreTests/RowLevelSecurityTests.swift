import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

/// The second wall: PostgreSQL itself shows the application role only what the acting unit may see,
/// even to a query that forgot every WHERE clause.
@Suite struct RowLevelSecurityTests {
    /// Runs unscoped statements as coalflow_app, in one transaction that names `user` as the server does.
    func asApplication(
        _ url: DatabaseURL, _ user: ActingUser?, aggregates street: String?? = nil,
        _ sql: [String]
    ) async throws -> [[String]] {
        try await withPostgresClient(url.connecting(as: ApplicationRole.name), logger: TestDatabase.logger) { app in
            try await app.withTransaction(logger: TestDatabase.logger) { connection in
                if let user {
                    let scope = street.map { RowScope.aggregates(user, street: $0) } ?? RowScope.documents(user)
                    try await scope.apply(on: connection, logger: TestDatabase.logger)
                }
                var results: [[String]] = []
                for statement in sql {
                    let rows = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                        .collect()
                    results.append(try rows.map { try $0.decode(String.self) })
                }
                return results
            }
        }
    }

    static let unscoped = [
        "SELECT DISTINCT street_code FROM documents ORDER BY 1",
        "SELECT DISTINCT d.street_code FROM registration_lines l JOIN documents d ON d.id = l.document_id ORDER BY 1",
        "SELECT DISTINCT street_code FROM slips ORDER BY 1",
        "SELECT DISTINCT d.street_code FROM workflow_events e JOIN documents d ON d.id = e.document_id ORDER BY 1",
    ]

    @Test func aStreetSeesOnlyItsOwnRowsWhateverTheQuery() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            try await Season.generate(f)
            // The owner (operator commands) sees every street: the data really spans several.
            let everything = try await owner.query(
                "SELECT DISTINCT street_code FROM documents ORDER BY 1", logger: TestDatabase.logger
            )
            .collect().map { try $0.decode(String.self) }
            #expect(everything.count >= 4, "\(everything)")

            let street = try await asApplication(url, try await f.user("caiyuan"), Self.unscoped)
            #expect(street == [["caiyuan"], ["caiyuan"], ["caiyuan"], ["caiyuan"]], "\(street)")

            let village = try await asApplication(
                url, try await f.user("caiyuan-demo1"),
                [
                    "SELECT DISTINCT origin_unit FROM documents", "SELECT count(*)::text FROM slips",
                ])
            #expect(village == [["caiyuan-demo1"], ["0"]], "a village sees its own forms and no slips")

            let district = try await asApplication(url, try await f.user("fgj"), [Self.unscoped[0]])
            #expect(district == [everything])

            let bureau = try await asApplication(url, try await f.user("office"), ["SELECT count(*)::text FROM slips"])
            #expect(bureau == [["0"]], "the office tracks documents, it holds no copy of a slip")

            // A forgotten scope shows nothing at all.
            let none = try await asApplication(url, nil, Self.unscoped)
            #expect(none == [[], [], [], []])
        }
    }

    @Test func aCompanySeesItsSlipsAndOnlyTheHouseholdsReleasedToIt() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            try await Season.generate(f)
            let company = try await f.user("demo-coal-a")
            let seen = try await asApplication(
                url, company,
                [
                    "SELECT DISTINCT company_code FROM slips",
                    """
                    SELECT DISTINCT d.street_code FROM registration_lines l JOIN documents d ON d.id = l.document_id
                    WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c.company_code = 'demo-coal-a' AND c.street_code = d.street_code)
                    """,
                    "SELECT DISTINCT status FROM documents WHERE document_type = 'registration' AND status NOT IN ('filed', 'in_review')",
                ])
            #expect(seen == [["demo-coal-a"], [], []], "\(seen)")
        }
    }

    @Test func reportsSeeSumsOfTheirScopeOnly() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            try await Season.generate(f)
            let totals = "SELECT DISTINCT street_code FROM street_progress ORDER BY 1"
            let street = try await asApplication(
                url, try await f.user("caiyuan"), aggregates: .some("caiyuan"), [Self.unscoped[2], totals])
            #expect(street == [["caiyuan"], ["caiyuan"]])
            let bureau = try await asApplication(
                url, try await f.user("office"), aggregates: .some(nil), [Self.unscoped[2], totals])
            #expect(bureau.allSatisfy { $0.count >= 2 }, "\(bureau)")
            // A village reaches no street's totals, and nobody writes them but the database's own triggers.
            let village = try await asApplication(url, try await f.user("caiyuan-demo1"), [totals])
            #expect(village == [[]])
            let write = await #expect(throws: PostgresTransactionError.self) {
                _ = try await asApplication(
                    url, try await f.user("office"), aggregates: .some(nil),
                    ["UPDATE street_progress SET delivered_kg = 0 RETURNING street_code"])
            }
            #expect((write?.closureError as? PSQLError)?.serverInfo?[.sqlState] == "42501")
        }
    }

    @Test func theApplicationRoleCannotWriteOutsideItsScopeOrRewriteHistory() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let other = try await f.submittedRegistration(by: "daimiao-demo1")
            let street = try await f.user("caiyuan")
            let updated = try await asApplication(
                url, street,
                [
                    "WITH u AS (UPDATE documents SET status = 'filed', step_position = NULL, current_unit = NULL, step_since = NULL WHERE id = \(other) RETURNING 1) SELECT count(*)::text FROM u"
                ])
            #expect(updated == [["0"]], "another street's form is invisible to an UPDATE too")
            // No privilege to delete events, and switching row security off is refused, not obeyed.
            for statements in [
                ["DELETE FROM workflow_events RETURNING 'x'"],
                ["SELECT set_config('row_security', 'off', true)", "SELECT 'x' FROM documents"],
            ] {
                do {
                    _ = try await asApplication(url, street, statements)
                    Issue.record("allowed: \(statements)")
                } catch {
                    #expect(String(reflecting: error).contains("sqlState: 42501"), "\(String(reflecting: error))")
                }
            }
        }
    }

    @Test func theServerRefusesARoleThatBypassesRowSecurity() async throws {
        try await TestDatabase.withClient { owner, url in
            await #expect(throws: StoreError.self) { try await ApplicationRole.check(owner, logger: TestDatabase.logger) }
            try await withPostgresClient(url.connecting(as: ApplicationRole.name), logger: TestDatabase.logger) { app in
                try await ApplicationRole.check(app, logger: TestDatabase.logger)
            }
        }
    }

    /// Writes are checked as well as reads (sql/0010): a street that sees a village's draft cannot change
    /// its households, nobody forges an event on a form it cannot see, and reports' aggregate scope writes
    /// nothing.
    @Test func rowSecurityCoversWrites() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let draft = try await f.registrations.create(
                year: 2021, households: Fixture.households(2), by: try await f.user("caiyuan-demo1"))
            let other = try await f.submittedRegistration(by: "daimiao-demo1", firstSerial: 100)
            let refusals: [(ActingUser, String?, String)] = [
                (
                    try await f.user("caiyuan"), nil,
                    "UPDATE registration_lines SET coal_kg = coal_kg + 1000 WHERE document_id = \(draft) RETURNING 'x'"
                ),
                (try await f.user("caiyuan"), nil, "DELETE FROM registration_lines WHERE document_id = \(draft) RETURNING 'x'"),
                (
                    try await f.user("caiyuan-demo1"), nil,
                    """
                    INSERT INTO workflow_events (document_id, action, actor_user_id, actor_login, actor_unit, from_status, to_status)
                    VALUES (\(other), 'approve', 1, 'x', 'daimiao', 'in_review', 'filed')
                    """
                ),
                (
                    try await f.user("office"), "caiyuan",
                    "UPDATE documents SET revision = revision + 1 WHERE id = \(draft) RETURNING 'x'"
                ),
            ]
            for (user, aggregate, sql) in refusals {
                do {
                    let rows = try await asApplication(url, user, aggregates: aggregate.map { .some($0) }, [sql])
                    #expect(rows == [[]], "\(user.login): \(sql) changed \(rows)")
                } catch {
                    #expect(String(reflecting: error).contains("sqlState: 42501"), "\(String(reflecting: error))")
                }
            }
            let lines = try await owner.query(
                "SELECT count(*)::int, sum(coal_kg)::bigint FROM registration_lines WHERE document_id = \(draft)",
                logger: TestDatabase.logger
            ).collect().first?.decode((Int, Int64).self)
            #expect(lines?.0 == 2 && lines?.1 == 3000, "the draft's households are as the village made them")
        }
    }

    /// Cases, inspections and surveys: a bureau sees the cases it is party to and its own inspections,
    /// nothing else; no unit writes another's inspection, a case it is no party to, or a survey line
    /// outside a draft; a report's scope writes nothing.
    @Test func theMemberUnitsTablesAreScopedForReadingAndWriting() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let keys = try TestDatabase.keys()
            let cases = CaseStore(client: owner, logger: TestDatabase.logger, keys: keys)
            let street = try await f.user("caiyuan")
            let zfjCase = try await cases.open(.init(source: .tipoff, street: "caiyuan", problem: "甲", assign: "zfj"), by: street)
            _ = try await cases.open(
                .init(source: .tipoff, street: "daimiao", problem: "乙", assign: "jyj"), by: try await f.user("office"))
            let inspections = InspectionStore(client: owner, logger: TestDatabase.logger)
            _ = try await inspections.record(
                .init(
                    kind: .transport, date: CivilDate(year: 2021, month: 12, day: 1)!, street: "daimiao", checked: 3, problems: 0),
                by: try await f.user("jyj"))
            let survey = try await SurveyStore(client: owner, logger: TestDatabase.logger, keys: keys).create(
                year: 2021,
                homes: [
                    try SurveyedHome(
                        name: "甲", address: "一村", idNumber: Fixture.idNumber(1), heating: "散煤", coalUseTons: "1",
                        coalStockTons: "0")
                ],
                by: try await f.user("caiyuan-demo1"))
            _ = try await f.workflow.perform(.submit, on: survey, by: try await f.user("caiyuan-demo1"))

            let zfj = try await asApplication(
                url, try await f.user("zfj"),
                [
                    "SELECT id::text FROM documents", "SELECT document_id::text FROM cases", "SELECT unit_code FROM inspections",
                    "SELECT count(*)::text FROM survey_lines",
                ])
            #expect(zfj == [["\(zfjCase)"], ["\(zfjCase)"], [], ["0"]], "\(zfj)")
            let daimiao = try await asApplication(url, try await f.user("daimiao"), ["SELECT unit_code FROM inspections"])
            #expect(daimiao == [["jyj"]], "a street sees inspections in its street")

            let refusals: [(ActingUser, String?, String)] = [
                (
                    try await f.user("jyj"), nil,
                    """
                    INSERT INTO inspections (unit_code, kind, inspected_on, year, street_code, checked, problems, created_by)
                    VALUES ('zfj', 'vendor', '2021-12-01', 2021, 'caiyuan', 1, 0, 1) RETURNING 'x'
                    """
                ),
                (
                    try await f.user("jyj"), nil,
                    "UPDATE cases SET outcome = 'fined', result = 'x' WHERE document_id = \(zfjCase) RETURNING 'x'"
                ),
                (try await f.user("office"), "caiyuan", "UPDATE cases SET outcome = 'fined', result = 'x' RETURNING 'x'"),
                (
                    try await f.user("caiyuan-demo1"), nil,
                    """
                    INSERT INTO survey_lines (document_id, line_no, household_name, address, id_number_enc, id_number_hmac, heating,
                                              coal_use_kg, coal_stock_kg)
                    VALUES (\(survey), 2, '乙', '一村', '\\x00', decode(repeat('00', 32), 'hex'), 'gas', 0, 0) RETURNING 'x'
                    """
                ),
            ]
            for (user, aggregate, sql) in refusals {
                do {
                    let rows = try await asApplication(url, user, aggregates: aggregate.map { .some($0) }, [sql])
                    #expect(rows == [[]], "\(user.login): \(sql) changed \(rows)")
                } catch {
                    #expect(String(reflecting: error).contains("sqlState: 42501"), "\(String(reflecting: error))")
                }
            }
            let untouched = try await owner.query(
                "SELECT count(*)::int FROM cases WHERE outcome IS NOT NULL", logger: TestDatabase.logger
            ).collect().first?.decode(Int.self)
            #expect(untouched == 0)
        }
    }
}
