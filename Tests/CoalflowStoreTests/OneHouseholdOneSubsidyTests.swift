import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

/// One household, one subsidy (sql/0007): a household is on at most one live registration form of a year,
/// whatever two villages do in whatever order, and however many ask at once. A village that is refused
/// learns only to ask its street; the street sees in the form's checks which form holds the household.
@Suite struct OneHouseholdOneSubsidyTests {
    static let noticeFrom = CivilDate(year: 2021, month: 9, day: 1)!
    static let noticeTo = CivilDate(year: 2021, month: 9, day: 7)!

    /// A household with the `serial`-th ID number of the fixture.
    static func household(_ serial: Int, coal: String = "1.5") throws -> Household {
        try Household(
            name: "户主\(serial)", address: "演示路 \(serial) 号", idNumber: Fixture.idNumber(serial), phone: "13800000000",
            coalTons: coal, stoves: "0")
    }

    /// A pool connecting as the server does: the application role, under row-level security.
    static func asApplication<T: Sendable>(_ url: DatabaseURL, _ body: (PostgresClient) async throws -> T) async throws -> T {
        try await withPostgresClient(url.connecting(as: ApplicationRole.name), logger: TestDatabase.logger, body)
    }

    /// The digest by which the stores find and claim the `serial`-th household (the data keys' lookup key).
    static func digest(_ serial: Int) throws -> Data {
        try TestDatabase.keys().lookup(Fixture.idNumber(serial))
    }

    /// The live forms (status other than rejected) holding the household of `digest`, and the forms its
    /// claims name: read as the owner, past every scope.
    static func holders(_ digest: Data, _ owner: PostgresClient) async throws -> (lines: [Int64], claims: [Int64]) {
        let lines = try await owner.query(
            """
            SELECT l.document_id FROM registration_lines l JOIN documents d ON d.id = l.document_id
            WHERE d.year = 2021 AND d.status <> 'rejected' AND l.id_number_hmac = \(digest) ORDER BY 1
            """, logger: TestDatabase.logger
        ).collect().map { try $0.decode(Int64.self) }
        let claims = try await owner.query(
            "SELECT document_id FROM household_claims WHERE year = 2021 AND id_number_hmac = \(digest) ORDER BY 1",
            logger: TestDatabase.logger
        ).collect().map { try $0.decode(Int64.self) }
        return (lines, claims)
    }

    /// Everything a refused action must leave as it was.
    static func footprint(_ owner: PostgresClient) async throws -> [Int64] {
        let rows = try await owner.query(
            """
            SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM registration_lines),
                   (SELECT count(*) FROM household_claims), (SELECT count(*) FROM workflow_events),
                   (SELECT coalesce(sum(revision), 0) FROM documents)::bigint,
                   (SELECT coalesce(sum(coal_kg), 0) FROM registration_lines)::bigint
            """, logger: TestDatabase.logger
        ).collect()
        let (documents, lines, claims, events, revisions, kg) = try rows.first!.decode(
            (Int64, Int64, Int64, Int64, Int64, Int64).self)
        return [documents, lines, claims, events, revisions, kg]
    }

    // MARK: - Every ordering of two villages' acts

    /// What village A (财源街道) and village B (岱庙街道) do with household H, each in its own order.
    enum Step: String, Sendable {
        /// A registers H (with a1); publicizes and submits; withdraws; amends twice; publicizes again and
        /// submits; the street, fgj and czj approve to filed.
        case aCreate, aSubmit, aWithdraw, aAmend1, aAmend2, aResubmit, aFile
        /// B registers H (with b1); publicizes and submits, and its street, fgj and czj approve to filed.
        case bCreate, bFile
    }

    static let scriptA: [Step] = [.aCreate, .aSubmit, .aWithdraw, .aAmend1, .aAmend2, .aResubmit, .aFile]
    static let scriptB: [Step] = [.bCreate, .bFile]

    /// What A's two amendments do with H.
    enum AmendPlan: String, Sendable, CaseIterable {
        /// The first drops H (A's new list is a1, a2), the second puts H back.
        case dropThenReAdd
        /// The first keeps H and adds a2, the second changes H's coal.
        case keepThenChange
    }

    /// Every merge of two scripts that keeps each script's own order.
    static func interleavings(_ a: [Step], _ b: [Step]) -> [[Step]] {
        guard let first = a.first else { return [b] }
        guard let other = b.first else { return [a] }
        return interleavings(Array(a.dropFirst()), b).map { [first] + $0 }
            + interleavings(a, Array(b.dropFirst())).map { [other] + $0 }
    }

    /// The acting users and the stores, as the server has them: the application role under row security.
    struct Actors: Sendable {
        let a, b, caiyuan, daimiao, fgj, czj: ActingUser
        let registrations: RegistrationStore
        let workflow: WorkflowStore
        let owner: PostgresClient
    }

    /// One ordering of one plan, on households of its own (serials from `base`), checked after each step
    /// against what the rule allows: a refused step is refused for the household (or the form's state)
    /// and leaves the database as it was; after every step H is on at most one live form.
    /// Returns the steps that were refused.
    static func run(_ order: [Step], plan: AmendPlan, base: Int, _ x: Actors) async throws -> [Step] {
        let h = try household(base)
        let (a1, a2, b1) = (try household(base + 1), try household(base + 2), try household(base + 3))
        let hDigest = try Self.digest(base)
        let label = "\(plan.rawValue): \(order.map(\.rawValue).joined(separator: " "))"
        var formA: Int64?
        var formB: Int64?
        var aHoldsH = false

        var refused: [Step] = []
        for step in order {
            // What the rule says this step must do: nil when it goes through, else the refusal's code.
            let refusal: ErrorCode? =
                switch step {
                case .aCreate: formB != nil ? .duplicateHousehold : nil
                case .bCreate: formA != nil && aHoldsH ? .duplicateHousehold : nil
                case .aAmend2: plan == .dropThenReAdd && formA != nil && formB != nil ? .duplicateHousehold : nil
                default: nil
                }
            let before = refusal == nil ? [] : try await footprint(x.owner)
            do {
                switch step {
                case .aCreate:
                    formA = try await x.registrations.create(year: 2021, households: [h, a1], by: x.a)
                    aHoldsH = true
                case .bCreate:
                    formB = try await x.registrations.create(year: 2021, households: [h, b1], by: x.b)
                case .aSubmit, .aResubmit:
                    guard let formA else { continue }
                    _ = try await x.registrations.publicize(formA, from: noticeFrom, to: noticeTo, by: x.a)
                    _ = try await x.workflow.perform(.submit, on: formA, by: x.a)
                case .aWithdraw:
                    guard let formA else { continue }
                    #expect(try await x.workflow.perform(.withdraw, on: formA, by: x.a).status == .withdrawn, "\(label)")
                case .aAmend1:
                    guard let formA else { continue }
                    let keep = plan == .keepThenChange
                    let result = try await x.registrations.amend(formA, households: keep ? [h, a1, a2] : [a1, a2], by: x.a)
                    #expect(result.status == .draft, "\(label)")
                    aHoldsH = keep
                case .aAmend2:
                    guard let formA else { continue }
                    let changed = plan == .dropThenReAdd ? h : try household(base, coal: "2.25")
                    _ = try await x.registrations.amend(formA, households: [changed, a1, a2], by: x.a)
                    aHoldsH = true
                case .aFile:
                    guard let formA else { continue }
                    for reviewer in [x.caiyuan, x.fgj, x.czj] {
                        _ = try await x.workflow.perform(.approve, on: formA, by: reviewer)
                    }
                case .bFile:
                    guard let formB else { continue }
                    _ = try await x.registrations.publicize(formB, from: noticeFrom, to: noticeTo, by: x.b)
                    _ = try await x.workflow.perform(.submit, on: formB, by: x.b)
                    for reviewer in [x.daimiao, x.fgj, x.czj] {
                        _ = try await x.workflow.perform(.approve, on: formB, by: reviewer)
                    }
                }
                if let refusal { Issue.record("\(label): \(step) went through; expected \(refusal)") }
            } catch let error as StoreError where refusal != nil {
                #expect(error.code == refusal, "\(label): \(step): \(error)")
                #expect(try await footprint(x.owner) == before, "\(label): the refused \(step) stored something")
                refused.append(step)
            } catch {
                Issue.record("\(label): \(step) was refused: \(String(reflecting: error))")
                throw error
            }
            let held = try await holders(hDigest, x.owner)
            #expect(held.lines.count <= 1, "\(label): after \(step) H is on \(held.lines)")
            let expected = [formA.flatMap { aHoldsH ? $0 : nil }, formB].compactMap { $0 }
            #expect(held.lines == expected && held.claims == expected, "\(label): after \(step): \(held), expected \(expected)")
        }
        return refused
    }

    @Test func everyOrderingOfWithdrawCreateAmendSubmitAndApproveLeavesAHouseholdOnAtMostOneLiveForm() async throws {
        let orders = Self.interleavings(Self.scriptA, Self.scriptB)
        #expect(orders.count == 36)  // 9 steps, 2 of them B's: C(9, 2)
        let scenarios = AmendPlan.allCases.flatMap { plan in orders.map { (plan, $0) } }.enumerated().map { ($0, $1.0, $1.1) }
        // Three databases side by side, each running its share one scenario at a time, so that a refused
        // step can be shown to have stored nothing at all.
        let shares = 3
        let refused = try await withThrowingTaskGroup(of: [Step].self) { group in
            for share in 0..<shares {
                let mine = scenarios.filter { $0.0 % shares == share }
                group.addTask {
                    try await TestDatabase.withClient { owner, url in
                        let f = try await Fixture(owner)
                        return try await Self.asApplication(url) { app in
                            let actors = Actors(
                                a: try await f.user("caiyuan-demo1"), b: try await f.user("daimiao-demo1"),
                                caiyuan: try await f.user("caiyuan"), daimiao: try await f.user("daimiao"),
                                fgj: try await f.user("fgj"), czj: try await f.user("czj"),
                                registrations: RegistrationStore(client: app, logger: TestDatabase.logger, keys: f.keys),
                                workflow: WorkflowStore(client: app, logger: TestDatabase.logger, keys: f.keys), owner: owner)
                            var refused: [Step] = []
                            for (n, plan, order) in mine {
                                refused += try await Self.run(order, plan: plan, base: 1000 + n * 10, actors)
                            }
                            return refused
                        }
                    }
                }
            }
            return try await group.reduce(into: [Step]()) { $0 += $1 }
        }
        // The orderings did put each refusal to the test: B after A took H, A after B did, A taking H back.
        let counts = Dictionary(refused.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(counts[.aCreate] == 2 * 8 && counts[.bCreate] ?? 0 > 0 && counts[.aAmend2] ?? 0 > 0, "\(counts)")
    }

    // MARK: - Concurrency

    enum Attempt: Sendable {
        case submitted(Int64)
        case refused
        case failed(String)

        var submitted: Int64? {
            if case .submitted(let id) = self { return id }
            return nil
        }
        var failure: String? {
            if case .failed(let text) = self { return text }
            return nil
        }
    }

    @Test func twentyConcurrentCreatesAndSubmitsOfOneIDNumberFromTwoVillagesLeaveOneLiveForm() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let clerks = [try await f.user("caiyuan-demo1"), try await f.user("daimiao-demo1")]
            let household = [try Self.household(4242)]
            let attempts = try await Self.asApplication(url) { app in
                let registrations = RegistrationStore(client: app, logger: TestDatabase.logger, keys: f.keys)
                let workflow = WorkflowStore(client: app, logger: TestDatabase.logger, keys: f.keys)
                return await withTaskGroup(of: Attempt.self) { group in
                    for n in 0..<20 {
                        let clerk = clerks[n % 2]
                        group.addTask {
                            do {
                                let id = try await registrations.create(year: 2021, households: household, by: clerk)
                                _ = try await registrations.publicize(id, from: Self.noticeFrom, to: Self.noticeTo, by: clerk)
                                _ = try await workflow.perform(.submit, on: id, by: clerk)
                                return .submitted(id)
                            } catch let error as StoreError where error.code == .duplicateHousehold {
                                return .refused
                            } catch {
                                return .failed(String(reflecting: error))
                            }
                        }
                    }
                    return await group.reduce(into: [Attempt]()) { $0.append($1) }
                }
            }
            let submitted = attempts.compactMap(\.submitted)
            let failed = attempts.compactMap(\.failure)
            #expect(failed.isEmpty, "\(failed)")
            #expect(submitted.count == 1 && attempts.count - submitted.count - failed.count == 19, "\(attempts)")
            let held = try await Self.holders(Self.digest(4242), owner)
            #expect(held.lines == submitted && held.claims == submitted)
            let documents = try await owner.query("SELECT count(*)::int FROM documents", logger: TestDatabase.logger).collect()
            #expect(try documents.first?.decode(Int.self) == 1, "a refused create stored a form")
            let logged = try await owner.query(
                "SELECT count(*)::int FROM personal_data_views WHERE purpose = 'duplicate_refused'", logger: TestDatabase.logger
            ).collect()
            #expect(try logged.first?.decode(Int.self) == 19, "every refusal is in the access log")
        }
    }

    /// A household delivered to and filed (paid) under a form that is rejected afterwards must not be
    /// registered, delivered to and filed again elsewhere: a rejection frees only households that received
    /// nothing (sql/0011), so the second registration is refused and the household keeps its one subsidy.
    @Test func aHouseholdFiledUnderARejectedFormIsNotSubsidisedAgainElsewhere() async throws {
        try await TestDatabase.withClient { owner, _ in
            let f = try await Fixture(owner)
            let company = try await f.user("demo-coal-a")
            let november = CivilDate(year: 2021, month: 11, day: 1)!
            func deliverAndFile(street: String, day: Int) async throws {
                _ = try await f.slips.create(
                    [
                        .init(
                            idNumber: try ResidentIDNumber(Fixture.idNumber(700)),
                            date: CivilDate(year: 2021, month: 11, day: day)!,
                            coal: Tons(thousandths: 1500), stoves: 0)
                    ], by: company)
                let summary = try await f.summaries.create(street: street, month: november, by: company)
                _ = try await f.workflow.perform(.submit, on: summary, by: company)
                for login in [street, "fgj", "czj"] {
                    _ = try await f.workflow.perform(.approve, on: summary, by: try await f.user(login))
                }
            }
            // Released by 财源街道 (waiting at fgj), delivered and filed; then fgj rejects the form.
            let rejected = try await f.releasedRegistration(households: 1, firstSerial: 700)
            try await deliverAndFile(street: "caiyuan", day: 3)
            do {
                _ = try await f.workflow.perform(.reject, on: rejected, by: try await f.user("fgj"), text: "不符合条件")
                _ = try await f.releasedRegistration(by: "daimiao-demo1", households: 1, firstSerial: 700)
                try await deliverAndFile(street: "daimiao", day: 5)
            } catch is StoreError {
                // One of the steps was refused: the household keeps its one subsidy.
            }
            let filed = try await owner.query(
                """
                SELECT count(DISTINCT s.registration_id)::int, coalesce(sum(s.subsidy_fen), 0)::bigint
                FROM slips s JOIN documents d ON d.id = s.summary_id
                WHERE s.status = 'valid' AND d.status = 'filed' AND s.id_number_hmac = \(try Self.digest(700))
                """, logger: TestDatabase.logger
            ).collect().first!.decode((Int, Int64).self)
            #expect(filed.0 == 1 && filed.1 == 45_000, "filed for the household: \(filed.0) forms, \(filed.1) fen")
        }
    }

    // MARK: - The constraint itself

    @Test func theApplicationRoleCannotInsertASecondClaimForAClaimedHousehold() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let clerk = try await f.user("caiyuan-demo1")
            let holder = try await f.registrations.create(year: 2021, households: [try Self.household(7)], by: clerk)
            let other = try await f.registrations.create(year: 2021, households: [try Self.household(8)], by: clerk)
            let digest = try Self.digest(7)
            #expect(try await Self.holders(digest, owner).claims == [holder], "the digest is the one the store wrote")
            let error = try await Self.asApplication(url) { app in
                try await app.withConnection { connection -> PSQLError? in
                    try await connection.query("BEGIN", logger: TestDatabase.logger)
                    try await RowScope.documents(clerk).apply(on: connection, logger: TestDatabase.logger)
                    do {
                        try await connection.query(
                            """
                            INSERT INTO household_claims (year, id_number_hmac, document_id, line_no)
                            VALUES (2021, \(digest), \(other), 1)
                            """, logger: TestDatabase.logger)
                        try await connection.query("ROLLBACK", logger: TestDatabase.logger)
                        return nil
                    } catch let error as PSQLError {
                        try await connection.query("ROLLBACK", logger: TestDatabase.logger)
                        return error
                    }
                }
            }
            #expect(error?.serverInfo?[.sqlState] == "23505", "\(String(reflecting: error))")
            #expect(error?.serverInfo?[.constraintName] == "household_claims_pkey")
            #expect(try await Self.holders(digest, owner).claims == [holder])
        }
    }

    // MARK: - What a village is told, and what its street sees

    @Test func aVillagesRefusalNamesNeitherTheOtherVillageNorItsFormAndIsLogged() async throws {
        try await TestDatabase.withClient { owner, _ in
            let f = try await Fixture(owner)
            let holder = try await f.submittedRegistration(by: "daimiao-demo1", households: 2, firstSerial: 0)
            let names = try await owner.query(
                "SELECT name FROM units WHERE code IN ('daimiao-demo1', 'daimiao')", logger: TestDatabase.logger
            ).collect().map { try $0.decode(String.self) }
            #expect(names.count == 2)
            let forbidden = ["daimiao", DocumentID.format(holder)] + names
            let clerk = try await f.user("caiyuan-demo1")
            let before = try await Self.footprint(owner)

            var refusals: [StoreError] = []
            do {
                _ = try await f.registrations.create(
                    year: 2021, households: [try Self.household(5), try Self.household(1), try Self.household(6)], by: clerk)
                Issue.record("a household on another village's form was registered again")
            } catch let error as StoreError {
                refusals.append(error)
                #expect(error.details == ["row 2: id_number: registered elsewhere this year; ask your street"])
            }
            #expect(try await Self.footprint(owner) == before, "the refused create stored something")

            let own = try await f.registrations.create(
                year: 2021, households: [try Self.household(5), try Self.household(6)], by: clerk)
            do {
                _ = try await f.registrations.amend(
                    own, households: [try Self.household(5), try Self.household(6), try Self.household(0)], by: clerk)
                Issue.record("an amendment took a household from another village's form")
            } catch let error as StoreError {
                refusals.append(error)
                #expect(error.details == ["row 3: id_number: registered elsewhere this year; ask your street"])
            }
            #expect(try await f.queries.show(own, for: clerk)?.totals.households == 2)

            for refusal in refusals {
                #expect(refusal.code == .duplicateHousehold && refusal.kind == .invalid)
                let text = [refusal.message.zh, refusal.message.en, refusal.description] + refusal.details
                for word in forbidden {
                    #expect(!text.contains { $0.contains(word) }, "the refusal names \(word): \(text)")
                }
                #expect(refusal.message.en.contains("ask your street"))
            }
            let logged = try await owner.query(
                """
                SELECT login, unit, households, document_id FROM personal_data_views WHERE purpose = 'duplicate_refused' ORDER BY id
                """, logger: TestDatabase.logger
            ).collect().map { try $0.decode((String, String, Int, Int64?).self) }
            #expect(logged.count == 2, "\(logged)")
            #expect(logged.allSatisfy { $0.0 == "caiyuan-demo1" && $0.1 == "caiyuan-demo1" && $0.2 == 1 && $0.3 == nil })
        }
    }

    @Test func aClashIsShownToTheStreetWithItsHolderToTheVillageWithoutAndBlocksApproval() async throws {
        try await TestDatabase.withClient { owner, _ in
            let f = try await Fixture(owner)
            let holder = try await f.submittedRegistration(by: "daimiao-demo1", households: 2, firstSerial: 0)
            let form = try await f.submittedRegistration(by: "caiyuan-demo1", households: 2, firstSerial: 100)
            // Someone with database rights puts the holder's first household on the form too, triggers off.
            try await owner.withTransaction(logger: TestDatabase.logger) { connection in
                try await connection.query("SET LOCAL session_replication_role = replica", logger: TestDatabase.logger)
                try await connection.query(
                    """
                    INSERT INTO registration_lines (document_id, line_no, household_name, address, id_number_enc, id_number_hmac,
                                                    phone_enc, coal_kg, stoves)
                    SELECT \(form), 3, household_name, address, id_number_enc, id_number_hmac, phone_enc, coal_kg, stoves
                    FROM registration_lines WHERE document_id = \(holder) AND line_no = 1
                    """, logger: TestDatabase.logger)
                // The totals follow the lines, so that only the clash fails.
                try await connection.query(
                    """
                    UPDATE documents d SET households = t.n, coal_kg = t.kg, stoves = t.stoves, subsidy_fen = t.subsidy
                    FROM (SELECT count(*) AS n, sum(l.coal_kg) AS kg, sum(l.stoves) AS stoves,
                                 sum(subsidy_fen(l.coal_kg, l.stoves, y.coal_subsidy_fen_per_ton, y.stove_subsidy_fen)) AS subsidy
                          FROM registration_lines l JOIN program_years y ON y.year = 2021 WHERE l.document_id = \(form)) t
                    WHERE d.id = \(form)
                    """, logger: TestDatabase.logger)
            }
            let village = try await f.user("caiyuan-demo1")
            let street = try await f.user("caiyuan")
            let holderName = try await owner.query(
                "SELECT name FROM units WHERE code = 'daimiao-demo1'", logger: TestDatabase.logger
            ).collect().first!.decode(String.self)

            let forStreet = try #require(try await f.queries.show(form, for: street)?.checks)
            let streetCheck = try #require(forStreet.first { $0.name == "no_duplicate_households" })
            #expect(!streetCheck.passed && streetCheck.blocking)
            #expect(streetCheck.message.contains("line 3"), "\(streetCheck.message)")
            #expect(
                streetCheck.message.contains(DocumentID.format(holder)) && streetCheck.message.contains("daimiao-demo1")
                    && streetCheck.message.contains(holderName), "\(streetCheck.message)")
            #expect(forStreet.filter { !$0.passed }.map(\.name) == ["no_duplicate_households"], "\(forStreet)")
            for reader in ["fgj", "czj", "office"] {
                let check = try await f.queries.show(form, for: try await f.user(reader))?.checks?.first {
                    $0.name == "no_duplicate_households"
                }
                #expect(check?.message.contains(DocumentID.format(holder)) == true, "\(reader): \(String(describing: check))")
            }

            let forVillage = try #require(try await f.queries.show(form, for: village)?.checks)
            let villageCheck = try #require(forVillage.first { $0.name == "no_duplicate_households" })
            #expect(!villageCheck.passed && villageCheck.blocking)
            #expect(villageCheck.message.contains("line 3") && villageCheck.message.contains("ask the street"))
            #expect(villageCheck.text.zh.contains("第 3 行") && villageCheck.text.zh.contains("请询问街道"), "\(villageCheck)")
            for word in [DocumentID.format(holder), "daimiao", holderName] {
                #expect(!villageCheck.message.contains(word), "the village reads \(word): \(villageCheck.message)")
                #expect(villageCheck.messageZh?.contains(word) == false, "the village reads \(word): \(villageCheck)")
            }

            // A blocking check: the street cannot approve it, and nothing moves.
            let events = try await f.queries.show(form, for: street)?.history?.count
            do {
                _ = try await f.workflow.perform(.approve, on: form, by: street)
                Issue.record("approved a form whose household is on another live form")
            } catch let error as StoreError {
                #expect(error.code == .blockingCheckFailed && error.kind == .invalid)
                #expect(error.message.en.contains("no_duplicate_households"), "\(error)")
            }
            let after = try #require(try await f.queries.show(form, for: street))
            #expect(after.status == .inReview && after.currentUnit == "caiyuan" && after.history?.count == events)
        }
    }
}
