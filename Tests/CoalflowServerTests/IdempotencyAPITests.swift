import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import HTTPTypes
import PostgresNIO
import Testing

/// A create retried with the same Idempotency-Key never creates twice.
@Suite struct IdempotencyAPITests {
    let key = HTTPField.Name("Idempotency-Key")!

    func households(_ count: Int, from serial: Int) -> [[String: String]] {
        (0..<count).map { i in
            [
                "name": "户主\(i)", "address": "演示路\(i)号", "id_number": Fixture.idNumber(serial + i), "phone": "13800000000",
                "coal_tons": "2.5", "stoves": "1",
            ]
        }
    }

    func count(_ api: APITest, _ table: String) async throws -> Int {
        try await api.fixture.client.query(PostgresQueryText.count(table), logger: TestDatabase.logger).collect().first!.decode(
            Int.self)
    }

    @Test func aRetriedRegistrationIsCreatedOnce() async throws {
        try await APITest.run { api in
            let village = try await api.token("caiyuan-demo1")
            let body: [String: Any] = ["year": 2021, "households": households(3, from: 0)]
            let first = try await api.call(.post, "/api/v1/registrations", token: village, json: body, headers: [key: "form-1"])
            // The answer was lost; the client sends the same request with the same key again.
            let retry = try await api.call(.post, "/api/v1/registrations", token: village, json: body, headers: [key: "form-1"])
            #expect(first.status == .created && retry.status == .created)
            #expect(first.object["id"] as? String == retry.object["id"] as? String)
            #expect(try await count(api, "documents") == 1)

            let other = try await api.call(
                .post, "/api/v1/registrations", token: village,
                json: ["year": 2021, "households": households(1, from: 50)], headers: [key: "form-1"])
            #expect(other.status == .unprocessableContent && other.errorCode == "idempotency_key_reused")
            // Keys belong to a login: another village's same key is its own.
            let elsewhere = try await api.call(
                .post, "/api/v1/registrations", token: try await api.token("daimiao-demo1"),
                json: ["year": 2021, "households": households(1, from: 60)], headers: [key: "form-1"])
            #expect(elsewhere.status == .created)
            #expect(try await count(api, "documents") == 2)
        }
    }

    @Test func racingRetriesOfSlipsCreateThemOnce() async throws {
        try await APITest.run { api in
            _ = try await api.fixture.releasedRegistration(households: 2, firstSerial: 300)
            let company = try await api.token("demo-coal-a")
            let key = key
            let replies = try await withThrowingTaskGroup(of: APITest.Reply.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let body = [
                            "slips": (0..<2).map {
                                ["id_number": Fixture.idNumber(300 + $0), "date": "2021-11-05", "coal_tons": "0.5"]
                            }
                        ]
                        return try await api.call(.post, "/api/v1/slips", token: company, json: body, headers: [key: "slips-7"])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == .created }, "\(replies.map(\.status))")
            #expect(
                Set(replies.map { $0.array.compactMap { $0["id"] as? String } }).count == 1,
                "every retry answers with the same slips")
            #expect(try await count(api, "slips") == 2)
        }
    }

    @Test func aMalformedKeyIsRefused() async throws {
        try await APITest.run { api in
            let reply = try await api.call(
                .post, "/api/v1/summaries", token: try await api.token("demo-coal-a"),
                json: ["street": "caiyuan", "month": "2021-11"], headers: [key: String(repeating: "k", count: 101)])
            #expect(reply.status == .unprocessableContent && reply.errorCode == "bad_idempotency_key")
        }
    }
}

enum PostgresQueryText {
    static func count(_ table: String) -> PostgresQuery { PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table)") }
}
