import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

@Suite struct AdminStoreTests {
    /// Runs `body` on a seeded database and checks the refusal's code and that no row was added.
    func refusal(_ code: ErrorCode, _ body: @escaping @Sendable (AdminStore) async throws -> Void) async throws {
        try await TestDatabase.withClient { client, _ in
            try await Seeder(client: client, logger: TestDatabase.logger).seed(
                Taishan2021.plan, demo: Taishan2021.demo, bcryptCost: 4)
            let before = try await SeederTests.snapshot(client)
            let error = await #expect(throws: StoreError.self) {
                try await body(AdminStore(client: client, logger: TestDatabase.logger))
            }
            #expect(error?.code == code)
            #expect(try await SeederTests.snapshot(client) == before)
        }
    }

    @Test func addsAVillageUnderItsStreet() async throws {
        try await TestDatabase.withClient { client, _ in
            try await Seeder(client: client, logger: TestDatabase.logger).seed(Taishan2021.plan, demo: nil, bcryptCost: 4)
            let store = AdminStore(client: client, logger: TestDatabase.logger)
            try await store.addUnit(.init(code: "xinzhuang", name: "新庄村", kind: .village, parent: "caiyuan"))
            let rows = try await client.query(
                "SELECT parent_code FROM units WHERE code = 'xinzhuang'", logger: TestDatabase.logger
            ).collect()
            #expect(try rows.first?.decode(String.self) == "caiyuan")
        }
    }

    /// A price near Int64's limit once made issuing a slip trap the server: prices and rates are bounded.
    @Test func anAbsurdPriceIsRefused() async throws {
        try await refusal(.invalidInput) {
            try await $0.setPrice(company: "demo-coal-a", year: 2021, product: .coal, price: Fen(9_000_000_000_000_000_000))
        }
    }

    @Test func unknownParent() async throws {
        try await refusal(.unknownUnit) {
            try await $0.addUnit(.init(code: "xinzhuang", name: "新庄村", kind: .village, parent: "nowhere"))
        }
    }

    @Test func villageWithoutStreet() async throws {
        try await refusal(.villageWithoutStreet) { try await $0.addUnit(.init(code: "xinzhuang", name: "新庄村", kind: .village)) }
    }

    @Test func villageUnderABureau() async throws {
        try await refusal(.wrongUnitKind) {
            try await $0.addUnit(.init(code: "xinzhuang", name: "新庄村", kind: .village, parent: "fgj"))
        }
    }

    @Test func companyWithAParent() async throws {
        try await refusal(.parentNotAllowed) {
            try await $0.addUnit(.init(code: "newco", name: "新公司", kind: .company, parent: "caiyuan"))
        }
    }

    @Test func duplicateUnit() async throws {
        try await refusal(.unitExists) { try await $0.addUnit(.init(code: "caiyuan", name: "财源", kind: .street)) }
    }

    @Test func badUnitCode() async throws {
        try await refusal(.invalidInput) { try await $0.addUnit(.init(code: "Bad Code", name: "x", kind: .company)) }
    }

    @Test func secondTargetForStreetAndYear() async throws {
        try await refusal(.targetExists) {
            try await $0.addTarget(street: "caiyuan", year: 2021, coal: Tons(thousandths: 1), stoves: 1)
        }
    }

    @Test func targetForAVillage() async throws {
        try await refusal(.wrongUnitKind) {
            try await $0.addTarget(street: "caiyuan-demo1", year: 2021, coal: Tons(thousandths: 1), stoves: 1)
        }
    }

    @Test func targetForUnknownYear() async throws {
        try await refusal(.unknownYear) {
            try await $0.addTarget(street: "shanggao", year: 2030, coal: Tons(thousandths: 1), stoves: 1)
        }
    }

    @Test func existingLogin() async throws {
        try await refusal(.loginExists) {
            try await $0.addUser(
                login: "caiyuan", unit: "caiyuan", role: .reviewer, name: nil, password: "long enough", bcryptCost: 4)
        }
    }

    @Test func shortPassword() async throws {
        try await refusal(.weakPassword) {
            try await $0.addUser(login: "wang", unit: "caiyuan", role: .reviewer, name: nil, password: "short", bcryptCost: 4)
        }
    }

    @Test func adminOutsideTheOffice() async throws {
        try await refusal(.adminOutsideOffice) {
            try await $0.addUser(login: "wang", unit: "caiyuan", role: .admin, name: nil, password: "long enough", bcryptCost: 4)
        }
    }

    @Test func userOfUnknownUnit() async throws {
        try await refusal(.unknownUnit) {
            try await $0.addUser(login: "wang", unit: "nowhere", role: .clerk, name: nil, password: "long enough", bcryptCost: 4)
        }
    }

    @Test func contractWithAStreetAsCompany() async throws {
        try await refusal(.wrongUnitKind) {
            try await $0.addContract(company: "caiyuan", street: "daimiao", year: 2021, product: .coal)
        }
    }

    @Test func duplicateContract() async throws {
        try await refusal(.contractExists) {
            try await $0.addContract(company: "demo-coal-a", street: "caiyuan", year: 2021, product: .coal)
        }
    }

    @Test func priceForUnknownCompany() async throws {
        try await refusal(.unknownUnit) { try await $0.setPrice(company: "nobody", year: 2021, product: .coal, price: Fen(100)) }
    }

    @Test func setPriceChangesIt() async throws {
        try await TestDatabase.withClient { client, _ in
            try await Seeder(client: client, logger: TestDatabase.logger).seed(
                Taishan2021.plan, demo: Taishan2021.demo, bcryptCost: 4)
            try await AdminStore(client: client, logger: TestDatabase.logger).setPrice(
                company: "demo-coal-a", year: 2021, product: .coal, price: Fen(1_150_50))
            let rows = try await client.query(
                """
                SELECT unit_price_fen FROM prices WHERE company_code = 'demo-coal-a' AND year = 2021 AND product = 'coal'
                """, logger: TestDatabase.logger
            ).collect()
            #expect(try rows.first?.decode(Int64.self) == 1_150_50)
        }
    }
}
