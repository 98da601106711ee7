import CoalflowServer
import CoalflowStore
import CoalflowTestSupport
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite struct HealthTests {
    @Test func healthAndReadiness() async throws {
        try await TestDatabase.with { url in
            let client = PostgresClient(configuration: url.configuration, backgroundLogger: TestDatabase.logger)
            let app = buildApplication(
                settings: .init(), client: client, keys: try TestDatabase.keys(), logger: TestDatabase.logger)
            try await app.test(.router) { client in
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
                // The pool opens its first connection on demand; a loaded machine may need a moment.
                var status = HTTPResponse.Status.serviceUnavailable
                for _ in 0..<5 where status != .ok {
                    status = try await client.execute(uri: "/readyz", method: .get) { $0.status }
                }
                #expect(status == .ok)
            }
        }
    }

    @Test func notReadyWithoutTheDatabase() async throws {
        let url = try DatabaseURL("postgres://coalflow@127.0.0.1:1/coalflow")
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: TestDatabase.logger)
        let app = buildApplication(settings: .init(), client: client, keys: try TestDatabase.keys(), logger: TestDatabase.logger)
        // Live: the heartbeat runs as one of the application's services.
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            var readiness = HTTPResponse.Status.ok
            for _ in 0..<150 where readiness == .ok {
                readiness = try await client.execute(uri: "/readyz", method: .get) { $0.status }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(readiness == .serviceUnavailable)
            // API calls are refused at once, not after the pool's minute of retrying.
            let start = ContinuousClock.now
            try await client.execute(uri: "/api/v1/whoami", method: .get, headers: [.authorization: "Bearer x"]) {
                #expect($0.status == .serviceUnavailable)
            }
            #expect(ContinuousClock.now - start < .seconds(10), "not the pool's minute of retrying")
        }
    }
}
