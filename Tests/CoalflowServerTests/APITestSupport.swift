import CoalflowCore
import CoalflowServer
import CoalflowStore
import CoalflowTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO

/// A seeded database, the application over it, and a client that logs in as demo users.
struct APITest {
    let client: any TestClientProtocol
    let fixture: Fixture

    /// `live`: over a real socket on loopback (the client has an address), else routed in memory.
    static func run(
        settings: ServerSettings = .init(), live: Bool = false, _ body: @escaping @Sendable (APITest) async throws -> Void
    ) async throws {
        try await TestDatabase.withClient { owner, url in
            // As the server runs: the owner seeds and tampers, the application role serves.
            let pool = PostgresClient(
                configuration: ServerPool.requests.configuration(url.connecting(as: ApplicationRole.name)),
                backgroundLogger: TestDatabase.logger)
            var settings = settings
            if live { settings.port = 0 }
            let app = buildApplication(
                settings: settings, client: pool, keys: try TestDatabase.keys(), logger: TestDatabase.logger)
            try await app.test(live ? .live : .router) { client in
                try await body(APITest(client: client, fixture: try await Fixture(owner)))
            }
        }
    }

    struct Reply: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: Data

        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
        var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    }

    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: Any? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/json", .acceptLanguage: "en"]
        headers.append(contentsOf: extra)
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = try json.map { ByteBuffer(data: try JSONSerialization.data(withJSONObject: $0)) }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Reply(status: response.status, headers: response.headers, body: Data(buffer: response.body))
        }
    }

    /// Logs in as a demo login (password demo-2021) or a fixture-made one.
    func token(_ login: String, password: String = Taishan2021.demoPassword) async throws -> String {
        let reply = try await call(.post, "/api/v1/login", json: ["login": login, "password": password])
        guard let token = reply.object["token"] as? String else {
            throw TestFailure("login \(login) failed: \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
        }
        return token
    }

    func act(_ action: String, _ id: String, as login: String, text: String? = nil) async throws -> Reply {
        try await call(.post, "/api/v1/documents/\(id)/\(action)", token: try await token(login), json: text.map { ["text": $0] })
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
