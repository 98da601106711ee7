import CoalflowStore
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

    static func body(_ url: String) async -> String? {
        guard let (data, _) = try? await URLSession.shared.data(from: URL(string: url)!) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// `--metrics-host` moves /metrics off the API's port; the server's sessions carry its pools' names
    /// (and limits, `ServerPool`); a key file of another installation stops the server before it listens.
    @Test func metricsApartPoolsNamedAndAForeignKeyFileRefused() async throws {
        try await TestDatabase.withClient { owner, url in
            let (port, metricsPort) = (Int.random(in: 20_000...30_000), Int.random(in: 30_001...40_000))
            let cli = CLI(databaseURL: url.urlString)
            let server = try cli.start([
                "serve", "--port", "\(port)", "--metrics-host", "127.0.0.1", "--metrics-port", "\(metricsPort)",
            ])
            defer { ServerProcess.stop(server) }
            var metrics: String?
            for _ in 0..<100 where metrics == nil {
                try await Task.sleep(for: .milliseconds(100))
                metrics = await Self.body("http://127.0.0.1:\(metricsPort)/metrics")
            }
            #expect(await Self.status("http://127.0.0.1:\(port)/readyz") == 200)
            metrics = await Self.body("http://127.0.0.1:\(metricsPort)/metrics")
            #expect(metrics?.contains("hb_requests") == true, "\(metrics ?? "no answer")")
            #expect(await Self.status("http://127.0.0.1:\(port)/metrics") == 404, "not on the API's port")
            #expect(await Self.status("http://127.0.0.1:\(metricsPort)/api/v1/whoami") == 404, "no API on the metrics port")

            let names = try await owner.query(
                "SELECT DISTINCT application_name FROM pg_stat_activity WHERE usename = 'coalflow_app'",
                logger: TestDatabase.logger
            ).collect().map { try $0.decode(String.self) }
            #expect(names.contains("coalflow"), "\(names)")
            ServerProcess.stop(server)

            // Refused before it listens: a server that started anyway is stopped and the test fails.
            var foreign = CLI(databaseURL: url.urlString, extra: ["COALFLOW_DATA_KEYS": PersonalDataKeys.generateFile()])
            foreign.environment["COALFLOW_LANG"] = "en"
            let refused = try foreign.run(
                executable: "/usr/bin/timeout", ["60", try CLI.executable(), "serve", "--port", "\(port)"])
            #expect(refused.status != 0 && refused.status != 124, "exits at once, not after the timeout: \(refused)")
            #expect(refused.stderr.contains("does not belong to this database"), "\(refused)")
        }
    }
}
