import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

@testable import CoalflowServer

/// Verified tokens are served from memory, and a revocation anywhere (another server, an operator
/// command) reaches every server's cache within a second.
@Suite struct SessionCacheTests {
    @Test func aCachedTokenIsForgottenWhenItsSessionIsRevokedElsewhere() async throws {
        try await TestDatabase.withClient { owner, url in
            _ = try await Fixture(owner)
            let pool = PostgresClient(
                configuration: ServerPool.requests.configuration(url.connecting(as: ApplicationRole.name)),
                backgroundLogger: TestDatabase.logger)
            let sessions = SessionStore(context: StoreContext(client: pool, logger: TestDatabase.logger, passwordCost: 4))
            let cache = SessionCache(sessions: sessions, client: pool, logger: TestDatabase.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await pool.run() }
                group.addTask { try await cache.run() }
                // Listening needs a pooled connection: slow to come while every other suite runs too.
                let deadline = ContinuousClock.now + .seconds(60)
                while !cache.isListening, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                #expect(cache.isListening)

                let login = try await sessions.login("caiyuan", password: Taishan2021.demoPassword, lifetime: .seconds(3600))
                #expect(try await cache.user(forToken: login.token, logger: TestDatabase.logger)?.login == "caiyuan")
                let looked = cache.lookups.load(ordering: .relaxed)
                #expect(try await cache.user(forToken: login.token, logger: TestDatabase.logger)?.login == "caiyuan")
                #expect(cache.lookups.load(ordering: .relaxed) == looked, "the second use is served from memory")

                // Another server's logout: the same UPDATE, on another connection.
                try await owner.query(
                    "UPDATE sessions SET revoked_at = now() WHERE token_sha256 = \(SessionStore.digest(login.token))",
                    logger: TestDatabase.logger)
                #expect(try await refusedSoon(cache, login.token))

                // An operator disables a login: every token of it ends.
                let other = try await sessions.login("daimiao", password: Taishan2021.demoPassword, lifetime: .seconds(3600))
                #expect(try await cache.user(forToken: other.token, logger: TestDatabase.logger) != nil)
                try await AdminStore(client: owner, logger: TestDatabase.logger).disableUser(login: "daimiao")
                #expect(try await refusedSoon(cache, other.token))
                group.cancelAll()
            }
        }
    }

    @Test func aLogoutOnOneServerIsRefusedOnTheOther() async throws {
        try await TestDatabase.withClient { owner, url in
            _ = try await Fixture(owner)
            let keys = try TestDatabase.keys()
            let (one, two) = (0..<2).map { _ in
                buildApplication(
                    settings: .init(port: 0),
                    client: PostgresClient(
                        configuration: ServerPool.requests.configuration(url.connecting(as: ApplicationRole.name)),
                        backgroundLogger: TestDatabase.logger),
                    keys: keys, logger: TestDatabase.logger)
            }.pair
            try await one.test(.live) { first in
                try await two.test(.live) { second in
                    let login = try await first.execute(
                        uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
                        body: ByteBuffer(string: #"{"login":"fgj","password":"\#(Taishan2021.demoPassword)"}"#)
                    ) { try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any] }
                    let token = try #require(login?["token"] as? String)
                    let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
                    func whoami(_ client: some TestClientProtocol) async throws -> HTTPResponse.Status {
                        try await client.execute(uri: "/api/v1/whoami", method: .get, headers: bearer) { $0.status }
                    }
                    #expect(try await whoami(second) == .ok)
                    #expect(try await whoami(second) == .ok)
                    #expect(
                        try await first.execute(uri: "/api/v1/logout", method: .post, headers: bearer) { $0.status } == .noContent
                    )
                    #expect(try await whoami(first) == .unauthorized)
                    let start = ContinuousClock.now
                    var status = try await whoami(second)
                    while status == .ok, ContinuousClock.now - start < .seconds(2) {
                        try await Task.sleep(for: .milliseconds(10))
                        status = try await whoami(second)
                    }
                    #expect(status == .unauthorized)
                    // Milliseconds on a quiet machine; the bound leaves room for a test run that loads
                    // both cores with every other suite at once (seen: 1.4 and 2.1 s then).
                    #expect(ContinuousClock.now - start < .seconds(5))
                }
            }
        }
    }

    /// Refused in milliseconds on a quiet machine; up to five seconds allow for a loaded test run.
    func refusedSoon(_ cache: SessionCache, _ token: String) async throws -> Bool {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(5) {
            if try await cache.user(forToken: token, logger: TestDatabase.logger) == nil { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

extension Array {
    /// The first two elements.
    fileprivate var pair: (Element, Element) { (self[0], self[1]) }
}
