import AsyncHTTPClient
import CoalflowAPI
import CoalflowCore
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A typed client of the coalflow HTTP API.
public struct APIClient: Sendable {
    public let server: String
    public let token: String?
    public let language: Language
    /// How long one request may take before it is given up.
    public var timeout: TimeAmount = .seconds(60)

    public init(server: String, token: String?, language: Language) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.token = token
        self.language = language
    }

    public func get<T: Decodable>(_ path: String, query: [(String, String?)] = [], as type: T.Type = T.self) async throws -> T {
        try decode(try await send(.GET, path, query: query, body: nil))
    }

    public func post<T: Decodable>(
        _ path: String, query: [(String, String?)] = [], json body: (any Encodable)? = nil, as type: T.Type = T.self
    ) async throws -> T {
        try decode(try await send(.POST, path, query: query, body: body))
    }

    /// A create (registration, slips, summary), sent with a fresh `Idempotency-Key`. When the answer is
    /// lost on the way (a timeout, a reset connection), it is sent once more with the same key: the
    /// server then answers with what the first attempt created instead of creating it twice.
    /// `headers` go with both attempts (e.g. `Prefer: return=minimal`).
    public func create<T: Decodable>(
        _ path: String, json body: any Encodable, as type: T.Type = T.self,
        headers: [(String, String)] = []
    ) async throws -> T {
        let key = UUID().uuidString
        do {
            return try decode(try await send(.POST, path, query: [], body: body, idempotencyKey: key, headers: headers))
        } catch let error as ClientError where error.kind == .unreachable {
            return try decode(try await send(.POST, path, query: [], body: body, idempotencyKey: key, headers: headers))
        }
    }

    /// For endpoints that answer without a body (204).
    public func post(_ path: String) async throws {
        _ = try await send(.POST, path, query: [], body: nil)
    }

    /// Reads a newline-delimited response line by line as it arrives, never holding the whole body.
    public func streamLines(_ path: String, query: [(String, String?)], _ line: (Data) async throws -> Void) async throws {
        var client = self
        // An export streams for as long as the data takes; only a stalled start should time out.
        client.timeout = .minutes(30)
        let response = try await client.start(.GET, path, query: query, body: nil)
        guard (200..<300).contains(response.status.code) else {
            throw ClientError(
                status: Int(response.status.code), body: Data(buffer: try await response.body.collect(upTo: 1024 * 1024)))
        }
        var pending = Data()
        for try await chunk in response.body {
            pending.append(contentsOf: chunk.readableBytesView)
            while let newline = pending.firstIndex(of: 0x0A) {
                try await line(pending[pending.startIndex..<newline])
                pending.removeSubrange(pending.startIndex...newline)
            }
        }
        if !pending.isEmpty { try await line(pending) }
    }

    func decode<T: Decodable>(_ data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ClientError.unexpected("the server's answer could not be read: \(error)")
        }
    }

    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String?)], body: (any Encodable)?,
        idempotencyKey: String? = nil, headers: [(String, String)] = []
    ) async throws -> Data {
        let response = try await start(method, path, query: query, body: body, idempotencyKey: idempotencyKey, headers: headers)
        let data: Data
        do {
            data = Data(buffer: try await response.body.collect(upTo: 256 * 1024 * 1024))
        } catch {
            throw unreachable(error)
        }
        guard (200..<300).contains(response.status.code) else {
            throw ClientError(status: Int(response.status.code), body: data)
        }
        return data
    }

    func unreachable(_ error: any Error) -> ClientError {
        ClientError(
            kind: .unreachable, status: nil, code: .serverUnreachable,
            message: Message(zh: "无法连接服务器 \(server)", en: "cannot reach the server at \(server)").text(language),
            details: ["\(error)"])
    }

    func start(
        _ method: HTTPMethod, _ path: String, query: [(String, String?)], body: (any Encodable)?,
        idempotencyKey: String? = nil, headers: [(String, String)] = []
    ) async throws -> HTTPClientResponse {
        var components = URLComponents(string: server + path)
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        if !items.isEmpty { components?.queryItems = items }
        guard let url = components?.string, components?.scheme == "http" || components?.scheme == "https" else {
            throw ClientError(
                kind: .usage, status: nil, code: .badServerUrl,
                message: Message(zh: "服务器地址无效：\(server)", en: "not a server URL: \(server)").text(language), details: [])
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Accept-Language", value: language.rawValue)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        request.headers.add(contentsOf: headers)
        if let body {
            let encoder = JSONEncoder()
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try encoder.encode(body)))
        }
        do {
            return try await HTTPClient.shared.execute(request, timeout: timeout)
        } catch {
            throw unreachable(error)
        }
    }
}

/// A failed request, as the command line reports it.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case rejected, notFound, conflict, forbidden, unreachable, usage, unexpected
    }

    public let kind: Kind
    public let status: Int?
    public let code: ErrorCode
    public let message: String
    public let details: [String]

    public var description: String { "\(code): \(message)" }

    init(kind: Kind, status: Int?, code: ErrorCode, message: String, details: [String]) {
        self.kind = kind
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    /// Reads the API's `{"error": {...}}` body; the status decides the kind.
    init(status: Int, body: Data) {
        let parsed = try? JSONDecoder().decode(ErrorResponse.self, from: body)
        let kind: Kind =
            switch status {
            case 400, 413, 422: .rejected
            case 401, 403: .forbidden
            case 404: .notFound
            case 409: .conflict
            case 502, 503, 504: .unreachable
            default: .unexpected
            }
        // The server and the client are one release: a code the client does not know is an HTTP error.
        self.init(
            kind: kind, status: status, code: parsed.flatMap { ErrorCode(rawValue: $0.error.code) } ?? .httpError,
            message: parsed?.error.message ?? "HTTP \(status)", details: parsed?.error.details ?? [])
    }

    static func unexpected(_ message: String) -> ClientError {
        ClientError(kind: .unexpected, status: nil, code: .unexpected, message: message, details: [])
    }
}
