import AsyncHTTPClient
import CoalflowAPI
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
            if let (status, _) = try? await send("GET", APIPath.readyz), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("the server did not become ready at \(url)")
    }

    /// One request; returns the status and body. `page`: the token goes as a web session's cookie.
    func send(_ method: String, _ path: String, token: String? = nil, json: Data? = nil, page: Bool = false) async throws -> (
        Int, Data
    ) {
        var request = HTTPClientRequest(url: url + path)
        request.method = .init(rawValue: method)
        if let token {
            if page {
                request.headers.add(name: "Cookie", value: "coalflow_session=\(token)")
            } else {
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
            }
        }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: json))
        }
        let response = try await Self.http.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return (Int(response.status.code), Data(buffer: body))
    }

    func token(_ login: String, password: String = "demo-2021") async throws -> String {
        let (status, body) = try await send(
            "POST", APIPath.login, json: try JSONEncoder().encode(LoginRequest(login: login, password: password)))
        guard status == 200, let session = try? JSONDecoder().decode(LoginResponse.self, from: body) else {
            throw BenchError("login \(login) failed: \(status)")
        }
        return session.token
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
