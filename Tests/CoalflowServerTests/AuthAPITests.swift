import CoalflowStore
import HTTPTypes
import Testing

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
