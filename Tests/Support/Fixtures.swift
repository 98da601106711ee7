import CoalflowCore
import CoalflowStore
import Foundation
import PostgresNIO

/// A seeded database and ways to make documents in it, for tests.
public struct Fixture: Sendable {
    public let client: PostgresClient
    /// The test data keys, which the stores here seal and open personal data with.
    public let keys: PersonalDataKeys

    public init(_ client: PostgresClient) async throws {
        try self.init(seeded: client)
        try await Seeder(client: client, logger: TestDatabase.logger).seed(
            Taishan2021.plan, demo: Taishan2021.demo, bcryptCost: 4)
    }

    /// For a database some earlier `init` already seeded.
    init(seeded client: PostgresClient) throws {
        self.client = client
        keys = try TestDatabase.keys()
    }

    public static func reusing(_ client: PostgresClient) throws -> Fixture {
        try Fixture(seeded: client)
    }

    public var workflow: WorkflowStore { WorkflowStore(client: client, logger: TestDatabase.logger, keys: keys) }
    public var registrations: RegistrationStore { RegistrationStore(client: client, logger: TestDatabase.logger, keys: keys) }
    public var queries: DocumentQueries { DocumentQueries(client: client, logger: TestDatabase.logger, keys: keys) }

    /// The acting user behind a demo login.
    public func user(_ login: String) async throws -> ActingUser {
        let rows = try await client.query(
            """
            SELECT u.id, u.unit_code, u.unit_kind, u.role, CASE WHEN un.kind = 'street' THEN un.code ELSE un.parent_code END,
                   un.reach, un.slip_copy
            FROM users u JOIN units un ON un.code = u.unit_code WHERE u.login = \(login)
            """, logger: TestDatabase.logger
        ).collect()
        let (id, unit, kind, role, street, reach, slipCopy) = try rows.first!.decode(
            (Int64, String, String, String, String?, String, Bool).self)
        return ActingUser(
            userID: id, login: login, unit: unit, unitKind: UnitKind(rawValue: kind)!, role: Role(rawValue: role)!,
            street: street,
            reach: UnitReach(rawValue: reach), slipCopy: slipCopy)
    }

    /// A new login in a unit, for tests that need a second person (a second reviewer, a viewer).
    public func addUser(_ login: String, unit: String, role: Role) async throws -> ActingUser {
        try await AdminStore(client: client, logger: TestDatabase.logger)
            .addUser(login: login, unit: unit, role: role, name: nil, password: "password-\(login)", bcryptCost: 4)
        return try await user(login)
    }

    /// The reviewers' race: eight forms waiting for 财源街道 and 32 reviewers of the three units of the
    /// route (11 of caiyuan, 11 of fgj, 10 of czj), each a login of its own (password `password-LOGIN`).
    public func approvalRace() async throws -> (documents: [Int64], reviewers: [ActingUser]) {
        var documents: [Int64] = []
        for n in 0..<8 {
            documents.append(
                try await submittedRegistration(
                    by: n % 2 == 0 ? "caiyuan-demo1" : "caiyuan-demo2", households: 2, firstSerial: n * 10))
        }
        var reviewers: [ActingUser] = []
        for (unit, count) in [("caiyuan", 11), ("fgj", 11), ("czj", 10)] {
            for i in 0..<count { reviewers.append(try await addUser("\(unit)-r\(i)", unit: unit, role: .reviewer)) }
        }
        return (documents, reviewers)
    }

    /// A registration of `count` households by `village`, publicized over a period that has ended.
    public func publicizedRegistration(by village: String = "caiyuan-demo1", households count: Int = 3, firstSerial: Int = 0)
        async throws -> Int64
    {
        let clerk = try await user(village)
        let id = try await registrations.create(
            year: 2021, households: Self.households(count, firstSerial: firstSerial), by: clerk)
        _ = try await registrations.publicize(
            id, from: CivilDate(year: 2021, month: 9, day: 1)!, to: CivilDate(year: 2021, month: 9, day: 7)!, by: clerk)
        return id
    }

    /// A registration already submitted, waiting for its street.
    public func submittedRegistration(by village: String = "caiyuan-demo1", households count: Int = 3, firstSerial: Int = 0)
        async throws -> Int64
    {
        let id = try await publicizedRegistration(by: village, households: count, firstSerial: firstSerial)
        _ = try await workflow.perform(.submit, on: id, by: try await user(village))
        return id
    }

    public var slips: SlipStore { SlipStore(client: client, logger: TestDatabase.logger, keys: keys) }
    public var summaries: SummaryStore { SummaryStore(client: client, logger: TestDatabase.logger, keys: keys) }

    /// A registration the street has approved, so its households are released to the companies.
    public func releasedRegistration(by village: String = "caiyuan-demo1", households count: Int = 3, firstSerial: Int = 0)
        async throws -> Int64
    {
        let id = try await submittedRegistration(by: village, households: count, firstSerial: firstSerial)
        let street = try await user(village).street!
        _ = try await workflow.perform(.approve, on: id, by: try await user(street))
        return id
    }

    /// A draft November 2021 summary of demo-coal-a for 财源街道, made from one coal slip per household
    /// of a freshly released registration.
    public func draftSummary(households count: Int = 2, firstSerial: Int = 500) async throws -> Int64 {
        _ = try await releasedRegistration(households: count, firstSerial: firstSerial)
        let company = try await user("demo-coal-a")
        let deliveries = try (0..<count).map { i in
            SlipStore.Delivery(
                idNumber: try ResidentIDNumber(Self.idNumber(firstSerial + i)),
                date: CivilDate(year: 2021, month: 11, day: 10)!, coal: Tons(thousandths: 1500), stoves: 0)
        }
        _ = try await slips.create(deliveries, by: company)
        return try await summaries.create(street: "caiyuan", month: CivilDate(year: 2021, month: 11, day: 1)!, by: company)
    }

    /// Valid households with distinct ID numbers: `firstSerial` keeps sets from different forms apart.
    public static func households(_ count: Int, firstSerial: Int = 0) throws -> [Household] {
        try (0..<count).map { i in
            let serial = firstSerial + i
            return try Household(
                name: "户主\(serial)", address: "演示路 \(serial) 号", idNumber: idNumber(serial),
                phone: "138\(String(format: "%08d", serial % 100_000_000))", coalTons: "1.5", stoves: i % 2 == 0 ? "1" : "0")
        }
    }

    /// The `serial`-th valid resident ID number: births spread over days of 1950–2009, sequence numbers.
    public static func idNumber(_ serial: Int) -> String {
        let day = serial % 28 + 1
        let month = (serial / 28) % 12 + 1
        let year = 1950 + (serial / 336) % 60
        let sequence = (serial / 20_160) % 1000
        let body = "370902" + String(format: "%04d%02d%02d%03d", year, month, day, sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + $1.0.wholeNumberValue! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }
}
