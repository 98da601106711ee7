import CoalflowCore
import CoalflowTestSupport
import HTTPTypes
import Testing

@testable import CoalflowStore

@Suite struct AuthAPITests {
    @Test func loginWhoamiLogout() async throws {
        try await APITest.run { api in
            let token = try await api.token("caiyuan")
            let who = try await api.call(.get, "/api/v1/whoami", token: token)
            #expect(who.status == .ok)
            #expect(who.object["login"] as? String == "caiyuan")
            #expect(who.object["unit"] as? String == "caiyuan")
            #expect(who.object["unit_kind"] as? String == "street")
            #expect(who.object["role"] as? String == "reviewer")
            #expect(try await api.call(.post, "/api/v1/logout", token: token).status == .noContent)
            #expect(try await api.call(.get, "/api/v1/whoami", token: token).status == .unauthorized)
        }
    }

    @Test func everyAPICallButLoginNeedsAToken() async throws {
        try await APITest.run { api in
            for uri in ["/api/v1/whoami", "/api/v1/documents", "/api/v1/queue", "/api/v1/track", "/api/v1/audit/verify"] {
                let reply = try await api.call(.get, uri)
                #expect(reply.status == .unauthorized, "\(uri)")
                #expect(reply.errorCode == "unauthenticated")
            }
            #expect(try await api.call(.get, "/api/v1/whoami", token: "forged").status == .unauthorized)
            #expect(try await api.call(.get, "/healthz").status == .ok)
            #expect(try await api.call(.get, "/openapi.json").status == .ok)
        }
    }

    @Test func wrongPasswordsLockTheLoginForAMinute() async throws {
        try await APITest.run { api in
            for _ in 0..<SessionStore.failuresBeforeLock {
                let reply = try await api.call(.post, "/api/v1/login", json: ["login": "fgj", "password": "guess"])
                #expect(reply.status == .unprocessableContent)
                #expect(reply.errorCode == "login_failed")
            }
            // Now even the right password is refused until the lock expires.
            let locked = try await api.call(.post, "/api/v1/login", json: ["login": "fgj", "password": "demo-2021"])
            #expect(locked.status == .forbidden)
            #expect(locked.errorCode == "login_locked")
            // Other logins are not affected.
            _ = try await api.token("czj")
        }
    }

    /// A lock that ends does not start the count again: the next five failures lock twice as long.
    @Test func locksGrowLongerAndSomethingThatIsNoLoginIsNotRecorded() async throws {
        try await APITest.run { api in
            func fail(_ times: Int) async throws {
                for _ in 0..<times {
                    _ = try await api.call(.post, "/api/v1/login", json: ["login": "fgj", "password": "guess"])
                }
            }
            try await fail(SessionStore.failuresBeforeLock)
            try await api.fixture.client.query(
                "UPDATE login_failures SET locked_until = now() WHERE login = 'fgj'", logger: TestDatabase.logger)
            try await fail(SessionStore.failuresBeforeLock)
            let locked = try await api.fixture.client.query(
                "SELECT failures, extract(epoch FROM locked_until - now())::int FROM login_failures WHERE login = 'fgj'",
                logger: TestDatabase.logger
            ).collect().first?.decode((Int, Int).self)
            #expect(locked?.0 == 10 && (100...120).contains(locked?.1 ?? 0), "\(String(describing: locked))")

            let forged = try await api.call(.post, "/api/v1/login", json: ["login": "fgj\nlogin succeeded", "password": "x"])
            #expect(forged.status == .unprocessableContent && forged.errorCode == "login_failed")
            let long = try await api.call(
                .post, "/api/v1/login", json: ["login": String(repeating: "a", count: 100_000), "password": "x"])
            #expect(long.status == .unprocessableContent && long.errorCode == "login_failed")
            let recorded = try await api.fixture.client.query(
                "SELECT count(*)::int FROM login_failures WHERE login <> 'fgj'", logger: TestDatabase.logger
            ).collect().first?.decode(Int.self)
            #expect(recorded == 0, "no login, nothing to count")
        }
    }

    /// Guesses spread over many logins from one address stop that address, not the others; behind a
    /// proxy on loopback the address is the one the proxy appended to X-Forwarded-For.
    @Test func oneAddressGuessingAtManyLoginsIsStopped() async throws {
        try await APITest.run(settings: .init(passwordCost: 4, trustForwardedFor: true), live: true) { api in
            func login(_ login: String, _ password: String, from address: String) async throws -> APITest.Reply {
                try await api.call(
                    .post, "/api/v1/login", json: ["login": login, "password": password],
                    headers: [.init("X-Forwarded-For")!: "203.0.113.9, \(address)"])
            }
            // One guess at each of many logins: no login is locked, the address is.
            for n in 0..<SessionStore.addressFailureLimit {
                let reply = try await login("nobody\(n)", "guess", from: "198.51.100.7")
                #expect(reply.errorCode == "login_failed", "\(n): \(reply.status)")
            }
            let stopped = try await login("daimiao", Taishan2021.demoPassword, from: "198.51.100.7")
            #expect(stopped.status == .forbidden && stopped.errorCode == "address_locked", "\(stopped.status)")
            let other = try await login("daimiao", Taishan2021.demoPassword, from: "198.51.100.8")
            #expect(other.status == .ok, "another address logs in: \(other.status)")
            let counted = try await api.fixture.client.query(
                "SELECT address, failures FROM login_address_failures ORDER BY address", logger: TestDatabase.logger
            ).collect().map { try $0.decode((String, Int).self) }
            #expect(counted.map(\.0) == ["198.51.100.7"] && counted.first?.1 == SessionStore.addressFailureLimit, "\(counted)")
        }
        // Without trust, X-Forwarded-For is the client's own word: the connection's address counts.
        try await APITest.run(live: true) { api in
            _ = try await api.call(
                .post, "/api/v1/login", json: ["login": "fgj", "password": "guess"],
                headers: [.init("X-Forwarded-For")!: "198.51.100.7"])
            let counted = try await api.fixture.client.query(
                "SELECT address FROM login_address_failures", logger: TestDatabase.logger
            ).collect().map { try $0.decode(String.self) }
            #expect(counted == ["127.0.0.1"] || counted == ["::1"], "\(counted)")
        }
    }

    /// A login that does not exist is checked against a hash of the configured cost, as slow as a real one.
    @Test func theDecoyHashHasTheConfiguredCost() {
        #expect(SessionStore.decoyHash(cost: 5).hasPrefix("$2b$05$"))
        #expect(SessionStore.decoyHash(cost: 6).hasPrefix("$2b$06$"))
        #expect(SessionStore.decoyHash(cost: 5) == SessionStore.decoyHash(cost: 5), "made once per cost")
    }

    @Test func lockTimesDoubleUpToADay() {
        #expect((1...4).allSatisfy { SessionStore.lock(afterFailures: $0) == nil })
        #expect(SessionStore.lock(afterFailures: 5) == 60)
        #expect(SessionStore.lock(afterFailures: 7) == nil)
        #expect(SessionStore.lock(afterFailures: 10) == 120)
        #expect(SessionStore.lock(afterFailures: 15) == 240)
        #expect(SessionStore.lock(afterFailures: 500) == 86_400)
    }

    @Test func unknownLoginLooksLikeAWrongPassword() async throws {
        try await APITest.run { api in
            let reply = try await api.call(.post, "/api/v1/login", json: ["login": "nobody", "password": "whatever1"])
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorCode == "login_failed")
        }
    }

    @Test func badBodyIsAClearError() async throws {
        try await APITest.run { api in
            let reply = try await api.call(.post, "/api/v1/login", json: ["login": "fgj"])
            #expect(reply.status == .badRequest)
            let details = (reply.object["error"] as? [String: Any])?["details"] as? [String] ?? []
            #expect(details.count == 1 && details[0].contains("password"), "\(details)")
        }
    }

    @Test func everyResponseCarriesARequestID() async throws {
        try await APITest.run { api in
            let ok = try await api.call(.get, "/healthz")
            let failed = try await api.call(.get, "/api/v1/whoami")
            #expect(ok.headers[HTTPField.Name("X-Request-ID")!] != nil)
            #expect(failed.headers[HTTPField.Name("X-Request-ID")!] != nil)
        }
    }
}
