import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

/// Quality samples and village coordinators as the server runs them: as coalflow_app, under row-level
/// security. The seeded demo limits of 2021: sulfur ≤ 0.5 %, ash ≤ 16 %, volatile ≤ 12 %, heat ≥ 23 MJ/kg,
/// stove efficiency ≥ 70 %.
@Suite struct SampleStoreTests {
    let logger = TestDatabase.logger
    let day = CivilDate(year: 2021, month: 12, day: 1)!

    func coal(_ company: String, on day: CivilDate, sulfur: String, ash: String, volatile: String, heat: String)
        -> SampleStore.Record
    {
        .init(
            company: company, product: .coal, date: day,
            readings: [.sulfur: sulfur, .ash: ash, .volatile: volatile, .heat: heat])
    }

    func stove(_ company: String, on day: CivilDate, efficiency: String) -> SampleStore.Record {
        .init(company: company, product: .stove, date: day, readings: [.efficiency: efficiency])
    }

    func withApp<T: Sendable>(_ url: DatabaseURL, _ body: (PostgresClient) async throws -> T) async throws -> T {
        try await withPostgresClient(url.connecting(as: ApplicationRole.name), logger: logger, body)
    }

    func count(_ table: String, _ client: PostgresClient) async throws -> Int {
        try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table)"), logger: logger).collect()[0]
            .decode(Int.self)
    }

    @Test func samplesAreJudgedByTheYearsLimitsAndALimitItselfPasses() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let scjgj = try await f.user("scjgj")
            try await withApp(url) { app in
                let store = SampleStore(client: app, logger: logger)
                let atLimits = try await store.record(
                    coal("demo-coal-a", on: day, sulfur: "0.5", ash: "16.000", volatile: "12", heat: "23"), by: scjgj)
                #expect(atLimits.passed && atLimits.failed.isEmpty && atLimits.caseID == nil, "\(atLimits)")
                #expect(atLimits.readings == ["sulfur": "0.5", "ash": "16", "volatile": "12", "heat": "23"])
                let justOver = try await store.record(
                    coal("demo-coal-a", on: day, sulfur: "0.501", ash: "16", volatile: "12.001", heat: "22.999"), by: scjgj)
                #expect(!justOver.passed && justOver.failed == [.sulfur, .volatile, .heat] && justOver.caseID != nil)
                #expect(try await store.record(stove("demo-stove", on: day, efficiency: "70"), by: scjgj).passed)
                #expect(
                    try await store.record(stove("demo-stove", on: day, efficiency: "69.999"), by: scjgj).failed == [.efficiency])

                // The limits are data: raised for the year, the same reading now passes.
                try await AdminStore(client: owner, logger: logger).setQualityLimits(
                    year: 2021, QualityLimits([.sulfur: QualityMeasure(thousandths: 600)]))
                let later = try await store.record(
                    coal("demo-coal-a", on: day, sulfur: "0.55", ash: "16", volatile: "12", heat: "23"), by: scjgj)
                #expect(later.passed, "\(later)")
            }
            let limits = try await owner.query(
                "SELECT sulfur_max_pct::text, ash_max_pct::text, is_demo FROM quality_limits WHERE year = 2021", logger: logger
            ).collect()[0].decode((String, String, Bool).self)
            #expect(limits == ("0.600", "16.000", true), "one limit set: the rest are still the demo's")
            try await AdminStore(client: owner, logger: logger).setQualityLimits(
                year: 2021,
                QualityLimits(
                    Dictionary(uniqueKeysWithValues: QualityIndicator.allCases.map { ($0, QualityMeasure(thousandths: 1000)) })))
            let demo = try await owner.query("SELECT is_demo FROM quality_limits WHERE year = 2021", logger: logger).collect()
            #expect(try demo[0].decode(Bool.self) == false, "all set by the office: no longer demo")

            // A case judged against demo limits says 演示; one against the office's own limits does not.
            try await withApp(url) { app in
                let store = SampleStore(client: app, logger: logger)
                _ = try await store.record(
                    coal("demo-coal-b", on: day, sulfur: "1.5", ash: "1", volatile: "1", heat: "23"), by: scjgj)
            }
            let problems = try await owner.query(
                "SELECT c.problem FROM quality_samples q JOIN cases c ON c.document_id = q.case_id ORDER BY q.id", logger: logger
            ).collect().map { try $0.decode(String.self) }
            #expect(problems.count == 3, "\(problems)")
            #expect(problems.dropLast().allSatisfy { $0.hasPrefix("【演示】质量抽检不合格（") }, "\(problems)")
            #expect(problems.last?.hasPrefix("质量抽检不合格（洁净煤，2021-12-01）：全硫 St,d 1.5 %（限值 ≤ 1）") == true, "\(problems)")
        }
    }

    @Test func aFailedSampleOpensAQualityCaseAtScjgjAndABadOneStoresNothing() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let (office, scjgj, jyj) = (try await f.user("office"), try await f.user("scjgj"), try await f.user("jyj"))
            let viewer = try await f.addUser("scjgj-viewer", unit: "scjgj", role: .viewer)
            try await AdminStore(client: owner, logger: logger).addUnit(.init(code: "no-contract", name: "无合同公司", kind: .company))
            try await withApp(url) { app in
                let store = SampleStore(client: app, logger: logger)
                let queries = DocumentQueries(client: app, logger: logger, keys: try TestDatabase.keys())
                let failed = try await store.record(
                    coal("demo-coal-a", on: day, sulfur: "0.8", ash: "15", volatile: "10", heat: "24"), by: office)
                #expect(failed.failed == [.sulfur] && failed.unit == "office")
                let caseID = try #require(failed.caseID.flatMap(DocumentID.parse))
                // Against the company, in the first street (by code) it delivers to, waiting at scjgj.
                let shown = try #require(try await queries.show(caseID, for: scjgj))
                #expect(shown.type == .case && shown.source == "quality" && shown.company == "demo-coal-a")
                #expect(shown.street == "caiyuan" && shown.assignedUnit == "scjgj" && shown.currentUnit == "scjgj")
                #expect(shown.originUnit == "office" && shown.status == .inReview)
                #expect(try await queries.queue(scjgj, type: .case).map(\.id) == [DocumentID.format(caseID)])

                // Refused, each naming why, and nothing of them stored: neither sample nor case.
                let refusals: [(SampleStore.Record, ActingUser, ErrorCode)] = [
                    (coal("demo-coal-a", on: day, sulfur: "0.4", ash: "15", volatile: "10", heat: "41"), scjgj, .invalidInput),
                    (
                        coal("demo-coal-a", on: day, sulfur: "100.001", ash: "15", volatile: "10", heat: "24"), scjgj,
                        .invalidInput
                    ),
                    (coal("demo-coal-a", on: day, sulfur: "-1", ash: "15", volatile: "10", heat: "24"), scjgj, .invalidInput),
                    (
                        coal("demo-coal-a", on: day, sulfur: "0.4", ash: "15", volatile: "10", heat: "24.0001"), scjgj,
                        .invalidInput
                    ),
                    (.init(company: "demo-coal-a", product: .coal, date: day, readings: [.sulfur: "0.4"]), scjgj, .invalidInput),
                    (
                        .init(company: "demo-stove", product: .stove, date: day, readings: [.efficiency: "75", .ash: "1"]), scjgj,
                        .invalidInput
                    ),
                    (stove("demo-stove", on: CivilDate(year: 2099, month: 1, day: 1)!, efficiency: "75"), scjgj, .invalidInput),
                    (stove("demo-stove", on: CivilDate(year: 2021, month: 6, day: 1)!, efficiency: "75"), scjgj, .invalidInput),
                    (stove("caiyuan", on: day, efficiency: "75"), scjgj, .wrongUnitKind),
                    (stove("nobody", on: day, efficiency: "75"), scjgj, .unknownUnit),
                    (stove("no-contract", on: day, efficiency: "60"), scjgj, .noContract),
                    (stove("demo-stove", on: day, efficiency: "60"), jyj, .notPermitted),
                    (stove("demo-stove", on: day, efficiency: "60"), viewer, .notPermitted),
                ]
                for (record, user, code) in refusals {
                    let error = await #expect(throws: StoreError.self) { try await store.record(record, by: user) }
                    #expect(error?.code == code, "\(record.readings) by \(user.login): \(String(describing: error))")
                }
            }
            #expect(try await count("quality_samples", owner) == 1)
            #expect(try await count("cases", owner) == 1)

            // A failed sample whose row cannot be written takes its case with it: one transaction.
            try await owner.query(
                """
                CREATE FUNCTION refuse_sample() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$
                """, logger: logger)
            try await owner.query(
                "CREATE TRIGGER refuse_sample BEFORE INSERT ON quality_samples FOR EACH ROW EXECUTE FUNCTION refuse_sample()",
                logger: logger)
            try await withApp(url) { app in
                await #expect(throws: (any Error).self) {
                    try await SampleStore(client: app, logger: logger).record(
                        coal("demo-coal-a", on: day, sulfur: "0.8", ash: "15", volatile: "10", heat: "24"), by: scjgj)
                }
            }
            #expect(try await count("cases", owner) == 1)
            let audit = try await AuditTrail(client: owner, logger: logger).verify()
            #expect(audit.ok, "\(audit.problems)")
        }
    }

    @Test func aYearWithoutLimitsRefusesSamplesSayingToSetThem() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let admin = AdminStore(client: owner, logger: logger)
            try await admin.addYear(
                .init(
                    year: 2023, startsOn: CivilDate(year: 2023, month: 9, day: 1)!,
                    endsOn: CivilDate(year: 2024, month: 3, day: 31)!,
                    rates: SubsidyRates(coalPerTon: Fen(300_00), perStove: Fen(400_00))))
            let scjgj = try await f.user("scjgj")
            let sample = stove("demo-stove", on: CivilDate(year: 2023, month: 12, day: 1)!, efficiency: "75")
            try await withApp(url) { app in
                let store = SampleStore(client: app, logger: logger)
                let error = await #expect(throws: StoreError.self) { try await store.record(sample, by: scjgj) }
                #expect(error?.code == .qualityLimitsMissing)
                #expect(
                    error?.message.en.contains("quality-limits set --year 2023 --efficiency-min") == true,
                    "\(String(describing: error))")
                // Coal limits alone do not judge a stove.
                try await admin.setQualityLimits(year: 2023, QualityLimits([.sulfur: QualityMeasure(thousandths: 500)]))
                await #expect(throws: StoreError.self) { try await store.record(sample, by: scjgj) }
                try await admin.setQualityLimits(year: 2023, QualityLimits([.efficiency: QualityMeasure(thousandths: 70_000)]))
                #expect(try await store.record(sample, by: scjgj).passed)
            }
        }
    }

    @Test func aCompanyIsFlaggedUntilALaterSampleOfTheSameProductPasses() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let (scjgj, office, caiyuan) = (try await f.user("scjgj"), try await f.user("office"), try await f.user("caiyuan"))
            try await withApp(url) { app in
                let store = SampleStore(client: app, logger: logger)
                func flagged(_ user: ActingUser) async throws -> [String] {
                    try await store.flaggedCompanies(year: 2021, for: user).map { "\($0.company) \($0.product.rawValue)" }
                }
                func on(_ day: Int) -> CivilDate { CivilDate(year: 2021, month: 12, day: day)! }
                let good = (sulfur: "0.4", ash: "15", volatile: "10", heat: "24")

                _ = try await store.record(
                    coal("demo-coal-a", on: on(10), sulfur: "0.9", ash: "15", volatile: "10", heat: "24"), by: scjgj)
                _ = try await store.record(stove("demo-stove", on: on(10), efficiency: "75"), by: scjgj)
                #expect(try await flagged(office) == ["demo-coal-a coal"])
                // A pass dated earlier than the failure does not clear it.
                _ = try await store.record(
                    coal("demo-coal-a", on: on(1), sulfur: good.sulfur, ash: good.ash, volatile: good.volatile, heat: good.heat),
                    by: scjgj)
                _ = try await store.record(stove("demo-stove", on: on(11), efficiency: "60"), by: scjgj)
                _ = try await store.record(
                    coal("demo-coal-b", on: on(11), sulfur: "0.4", ash: "30", volatile: "10", heat: "24"), by: scjgj)
                #expect(try await flagged(office) == ["demo-coal-a coal", "demo-coal-b coal", "demo-stove stove"])
                // A street's reports mark the companies that deliver there: demo-coal-b does not serve caiyuan.
                #expect(try await flagged(caiyuan) == ["demo-coal-a coal", "demo-stove stove"])
                _ = try await store.record(
                    coal("demo-coal-a", on: on(20), sulfur: good.sulfur, ash: good.ash, volatile: good.volatile, heat: good.heat),
                    by: scjgj)
                #expect(try await flagged(office) == ["demo-coal-b coal", "demo-stove stove"])
                await #expect(throws: StoreError.self) {
                    try await store.flaggedCompanies(year: 2021, for: try await f.user("demo-coal-b"))
                }
            }
        }
    }

    @Test func aCompanySeesOnlyItsSamplesAndUnitsWithoutTheDutyNone() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let scjgj = try await f.user("scjgj")
            try await withApp(url) { app in
                let store = SampleStore(client: app, logger: logger)
                let a = try await store.record(stove("demo-stove", on: day, efficiency: "75"), by: scjgj)
                let b = try await store.record(
                    coal("demo-coal-b", on: day, sulfur: "0.4", ash: "15", volatile: "10", heat: "24"), by: scjgj)
                #expect(try await store.list(try await f.user("demo-stove")).map(\.id) == [a.id])
                #expect(try await store.list(try await f.user("demo-coal-b")).map(\.id) == [b.id])
                #expect(try await store.list(try await f.user("demo-coal-a")).isEmpty)
                for unit in ["jyj", "caiyuan", "caiyuan-demo1"] {
                    #expect(try await store.list(try await f.user(unit)).isEmpty, "\(unit)")
                }
                for unit in ["scjgj", "office", "fgj", "czj"] {
                    #expect(try await store.list(try await f.user(unit)).count == 2, "\(unit)")
                }
                #expect(try await store.list(scjgj, company: "demo-stove").map(\.id) == [a.id])

                // The database itself refuses a sample written as another unit, or by a unit without the duty.
                for (user, unit) in [(try await f.user("jyj"), "jyj"), (scjgj, "office")] {
                    await #expect(throws: (any Error).self) {
                        try await app.withTransaction(logger: logger) { connection in
                            try await RowScope.documents(user).apply(on: connection, logger: logger)
                            try await connection.query(
                                """
                                INSERT INTO quality_samples (company_code, product, sampled_on, year, efficiency_pct, failed, unit_code,
                                                             created_by)
                                VALUES ('demo-stove', 'stove', '2021-12-01', 2021, 75, '{}', \(unit), \(user.userID))
                                """, logger: logger)
                        }
                    }
                }
            }
        }
    }

    @Test func aVillageHasOneCoordinatorWithTheirPhoneSealed() async throws {
        try await TestDatabase.withClient { owner, url in
            let f = try await Fixture(owner)
            let keys = try TestDatabase.keys()
            let owned = CoordinatorStore(client: owner, logger: logger, keys: keys)
            try await owned.set(village: "caiyuan-demo1", name: "王建国", phone: "13912345678")
            try await owned.set(village: "caiyuan-demo1", name: " 李四 ", phone: "0538-8221234")
            try await owned.set(village: "daimiao-demo1", name: "赵六", phone: "13700001111")
            for (village, name, phone, code) in [
                ("nowhere", "张三", "13912345678", ErrorCode.unknownUnit), ("caiyuan", "张三", "13912345678", .wrongUnitKind),
                ("caiyuan-demo2", "张三", "1391234", .invalidInput), ("caiyuan-demo2", "张\u{202E}三", "13912345678", .invalidInput),
            ] {
                let error = await #expect(throws: StoreError.self) {
                    try await owned.set(village: village, name: name, phone: phone)
                }
                #expect(error?.code == code, "\(village) \(name) \(phone)")
            }
            let stored = try await owner.query(
                "SELECT village_code, name, phone_enc FROM village_coordinators ORDER BY village_code", logger: logger
            ).collect().map { try $0.decode((String, String, Data).self) }
            #expect(stored.map(\.0) == ["caiyuan-demo1", "daimiao-demo1"] && stored[0].1 == "李四", "set again replaces")
            #expect(!String(decoding: stored[0].2, as: UTF8.self).contains("8221234"))
            #expect(try keys.open(stored[0].2, purpose: "phone") == "0538-8221234")

            var readers: [String: ActingUser] = [:]
            for login in ["caiyuan", "daimiao", "caiyuan-demo1", "caiyuan-demo2", "jyj", "office"] {
                readers[login] = try await f.user(login)
            }
            let lisi = VillageCoordinator(village: "caiyuan-demo1", name: "李四", phone: "0538-*****34")
            try await withApp(url) { [readers] (app: PostgresClient) async throws in
                let store = CoordinatorStore(client: app, logger: logger, keys: keys)
                #expect(try await store.coordinators(street: "caiyuan", for: readers["caiyuan"]!) == [lisi])
                #expect(try await store.coordinators(street: nil, for: readers["caiyuan"]!) == [lisi])
                #expect(try await store.coordinators(street: "caiyuan", for: readers["daimiao"]!).isEmpty)
                #expect(try await store.coordinators(street: nil, for: readers["caiyuan-demo1"]!) == [lisi])
                #expect(try await store.coordinators(street: nil, for: readers["caiyuan-demo2"]!).isEmpty)
                #expect(try await store.coordinators(street: nil, for: readers["jyj"]!).isEmpty)
                // The server's role writes none.
                await #expect(throws: (any Error).self) {
                    try await app.query("DELETE FROM village_coordinators", logger: logger)
                }
                #expect(
                    try await store.coordinators(street: nil, for: readers["office"]!).map(\.village) == [
                        "caiyuan-demo1", "daimiao-demo1",
                    ])
            }
        }
    }

    @Test func rekeyReachesTheCoordinatorsPhones() async throws {
        try await TestDatabase.withClient { owner, _ in
            _ = try await Fixture(owner)
            try await CoordinatorStore(client: owner, logger: logger, keys: try TestDatabase.keys())
                .set(village: "taiqian-demo1", name: "钱七", phone: "13512345678")
            let lines = TestDatabase.dataKeys.split(separator: "\n").map(String.init)
            let rotated = try PersonalDataKeys(parsing: [lines[1], lines[0], lines[2]].joined(separator: "\n"), source: "test")
            #expect(try await PersonalDataEncryption(client: owner, logger: logger, keys: rotated).rekey() == 1)
            let blob = try await owner.query("SELECT phone_enc FROM village_coordinators", logger: logger).collect()[0]
                .decode(Data.self)
            #expect(rotated.keyID(of: blob) == rotated.currentID)
            let newOnly = try PersonalDataKeys(parsing: [lines[1], lines[2]].joined(separator: "\n"), source: "test")
            #expect(try newOnly.open(blob, purpose: "phone") == "13512345678")
        }
    }
}
