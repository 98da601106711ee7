import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

@Suite struct RegistrationStoreTests {
    @Test func aHouseholdIsRegisteredOnceAYear() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let clerk = try await f.user("caiyuan-demo1")
            let first = try await f.registrations.create(year: 2021, households: Fixture.households(3), by: clerk)
            let other = try await f.user("daimiao-demo1")
            do {
                _ = try await f.registrations.create(year: 2021, households: Fixture.households(2, firstSerial: 2), by: other)
                Issue.record("a household was registered twice")
            } catch let error as StoreError {
                #expect(error.code == .duplicateHousehold)
                // The village learns that row 1 is registered elsewhere, not where.
                #expect(error.details == ["row 1: id_number: registered elsewhere this year; ask your street"])
                #expect(!error.message.en.contains("caiyuan") && !error.details.joined().contains(DocumentID.format(first)))
            }
            // Withdrawn, the form still holds its households: it can be submitted again.
            _ = try await f.registrations.publicize(
                first, from: CivilDate(year: 2021, month: 9, day: 1)!, to: CivilDate(year: 2021, month: 9, day: 2)!, by: clerk)
            _ = try await f.workflow.perform(.submit, on: first, by: clerk)
            _ = try await f.workflow.perform(.withdraw, on: first, by: clerk)
            await #expect(throws: StoreError.self) {
                _ = try await f.registrations.create(year: 2021, households: Fixture.households(2, firstSerial: 2), by: other)
            }
            // Rejected, it lets them go.
            _ = try await f.workflow.perform(.submit, on: first, by: clerk)
            _ = try await f.workflow.perform(.reject, on: first, by: try await f.user("caiyuan"), text: "重复登记")
            _ = try await f.registrations.create(year: 2021, households: Fixture.households(2, firstSerial: 2), by: other)
        }
    }

    @Test func namesAreStoredAsNFC() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let household = try Household(
                name: "Jose\u{301} 张", address: "演示路 1 号", idNumber: Fixture.idNumber(1),
                phone: "13800000001", coalTons: "1", stoves: "0")
            _ = try await f.registrations.create(year: 2021, households: [household], by: try await f.user("caiyuan-demo1"))
            let stored = try await client.query(
                "SELECT encode(convert_to(household_name, 'UTF8'), 'hex') FROM registration_lines",
                logger: TestDatabase.logger
            ).collect()
            // é is c3 a9 (one scalar), not 65 cc 81 (e and a combining accent).
            #expect(try stored.first?.decode(String.self) == "4a6f73c3a920e5bca0")
        }
    }

    @Test func theSameIDTwiceInOneFile() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let households = try Fixture.households(2) + Fixture.households(1)
            do {
                _ = try await f.registrations.create(year: 2021, households: households, by: try await f.user("caiyuan-demo1"))
                Issue.record("accepted a duplicate ID number")
            } catch let error as StoreError {
                #expect(error.details == ["row 3: id_number: the same ID number as row 1"])
            }
        }
    }

    @Test func onlyVillageClerksCreate() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            for login in ["caiyuan", "demo-coal-a", "fgj"] {
                await #expect(throws: StoreError.self) {
                    _ = try await f.registrations.create(
                        year: 2021, households: Fixture.households(1), by: try await f.user(login))
                }
            }
        }
    }

    @Test func totalsUseTheYearsRates() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.registrations.create(
                year: 2021, households: Fixture.households(3), by: try await f.user("caiyuan-demo1"))
            let shown = try #require(try await f.queries.show(id, for: try await f.user("fgj")))
            // 3 × 1.5 t × 300 yuan + 2 stoves × 400 yuan = 2150 yuan.
            #expect(shown.totals.subsidyFen == 215_000 && shown.totals.coalTons == "4.500" && shown.totals.stoves == 2)
            #expect(shown.lines?.map(\.subsidyFen) == [85_000, 45_000, 85_000])
        }
    }
}
