import CoalflowTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct ServeCommandTests {
    static func status(_ url: String) async -> Int? {
        guard let (_, response) = try? await URLSession.shared.data(from: URL(string: url)!) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    @Test func servesHealthAndReadinessAndStopsOnSIGTERM() async throws {
        try await TestDatabase.with { url in
            let port = Int.random(in: 20_000...40_000)
            let server = try CLI(databaseURL: url.urlString).start(["serve", "--port", "\(port)"])
            defer { if server.isRunning { server.terminate() } }
            var health: Int?
            for _ in 0..<100 where health == nil {
                try await Task.sleep(for: .milliseconds(100))
                health = await Self.status("http://127.0.0.1:\(port)/healthz")
            }
            #expect(health == 200)
            #expect(await Self.status("http://127.0.0.1:\(port)/readyz") == 200)
            server.terminate()
            server.waitUntilExit()
            #expect(server.terminationStatus == 0)
        }
    }
}
