import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// The server under test, reached over loopback with a pool large enough for every client.
struct Server: Sendable {
    let url: String
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 128
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    func waitUntilReady() async throws {
        for _ in 0..<100 {
            if let (status, _) = try? await send("GET", "/readyz"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("the server did not become ready at \(url)")
    }

    /// One request; returns the status and body.
    func send(_ method: String, _ path: String, token: String? = nil, json: String? = nil) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: url + path)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await Self.http.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return (Int(response.status.code), Data(buffer: body))
    }

    func token(_ login: String, password: String = "demo-2021") async throws -> String {
        let (status, body) = try await send("POST", "/api/v1/login", json: #"{"login":"\#(login)","password":"\#(password)"}"#)
        guard status == 200, let object = try JSONSerialization.jsonObject(with: body) as? [String: Any], let token = object["token"] as? String else {
            throw BenchError("login \(login) failed: \(status)")
        }
        return token
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
