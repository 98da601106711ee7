import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `coalflow serve` running against a test database, on a port of its own, for tests that drive the
/// command line end to end.
public struct ServerProcess: Sendable {
    public let url: String

    /// Starts the server, waits until it answers, runs `body`, and stops the server.
    public static func with<T: Sendable>(databaseURL: String, _ body: @Sendable (ServerProcess) async throws -> T) async throws -> T {
        let port = Int.random(in: 20_000...40_000)
        let process = try CLI(databaseURL: databaseURL, extra: ["LOG_LEVEL": "warning"]).start(["serve", "--port", "\(port)"])
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        let server = ServerProcess(url: "http://127.0.0.1:\(port)")
        for _ in 0..<150 {
            if await server.healthy() { return try await body(server) }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServerDidNotStart(url: server.url)
    }

    func healthy() async -> Bool {
        guard let (_, response) = try? await URLSession.shared.data(from: URL(string: url + "/healthz")!) else { return false }
        return (response as? HTTPURLResponse)?.statusCode == 200
    }

    /// A CLI pointed at this server, keeping its saved token in a folder of its own.
    public func cli(databaseURL: String) -> CLI {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-cli-\(UUID().uuidString)").path
        return CLI(databaseURL: databaseURL, extra: ["COALFLOW_SERVER": url, "COALFLOW_CONFIG_DIR": config])
    }
}

struct ServerDidNotStart: Error, CustomStringConvertible {
    let url: String
    var description: String { "coalflow serve did not answer at \(url)" }
}
