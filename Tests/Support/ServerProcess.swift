import Foundation

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `coalflow serve` running against a test database, on a port of its own, for tests that drive the
/// command line end to end.
public struct ServerProcess: Sendable {
    public let url: String
    /// For tests that kill it hard.
    public let pid: Int32

    /// Starts the server, waits until it answers, runs `body`, and stops the server.
    public static func with<T: Sendable>(
        databaseURL: String, arguments: [String] = [], _ body: @Sendable (ServerProcess) async throws -> T
    ) async throws -> T {
        let port = Int.random(in: 20_000...40_000)
        let process = try CLI(databaseURL: databaseURL, extra: ["LOG_LEVEL": "warning"])
            .start(["serve", "--port", "\(port)"] + arguments)
        defer { stop(process) }
        let server = ServerProcess(url: "http://127.0.0.1:\(port)", pid: process.processIdentifier)
        for _ in 0..<150 {
            if await server.healthy() { return try await body(server) }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServerDidNotStart(url: server.url)
    }

    /// SIGTERM, then SIGKILL after 10 s. Not `waitUntilExit()`: it can wait forever for a child that
    /// was killed behind Foundation's back.
    public static func stop(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    func healthy() async -> Bool {
        (try? await send("GET", "/healthz").status) == 200
    }

    /// One HTTP request to the server; the status and the body.
    public func send(_ method: String, _ path: String, token: String? = nil, json: String? = nil) async throws -> (
        status: Int, body: Data
    ) {
        var request = URLRequest(url: URL(string: url + path)!, timeoutInterval: 150)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        let (body, response) = try await Self.session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, body)
    }

    /// Patient enough for a request that waits out a database outage.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.default
        configuration.timeoutIntervalForRequest = 100
        return URLSession(configuration: configuration)
    }()

    public func token(_ login: String, password: String = "demo-2021") async throws -> String {
        let (_, body) = try await send("POST", "/api/v1/login", json: #"{"login":"\#(login)","password":"\#(password)"}"#)
        guard let token = (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["token"] as? String else {
            throw ServerDidNotStart(url: "\(url) (login \(login) failed: \(String(decoding: body, as: UTF8.self)))")
        }
        return token
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
