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
            let app = buildApplication(settings: .init(), client: client, logger: TestDatabase.logger)
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
        let app = buildApplication(settings: .init(), client: client, logger: TestDatabase.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
        }
    }
}
