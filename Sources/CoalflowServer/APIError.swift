import CoalflowAPI
import CoalflowCore
import CoalflowStore
import Foundation
import Hummingbird

/// An error as the API sends it: `{"error": {"code", "message", "details"}}` with an HTTP status.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: ErrorCode
    let message: Message
    let details: [String]

    init(_ status: HTTPResponse.Status, code: ErrorCode, _ message: Message, details: [String] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    init(_ error: StoreError) {
        let status: HTTPResponse.Status =
            switch error.kind {
            case .invalid: .unprocessableContent
            case .notFound: .notFound
            case .conflict: .conflict
            case .forbidden: .forbidden
            case .unavailable: .serviceUnavailable
            case .setup: .internalServerError
            }
        self.init(status, code: error.code, error.message, details: error.details)
    }

    static let unauthenticated = APIError(
        .unauthorized, code: .unauthenticated,
        Message(zh: "未登录或登录已过期，请先运行 coalflow login", en: "not logged in, or the session expired: run coalflow login"))

    static let databaseUnavailable = APIError(
        .serviceUnavailable, code: .databaseUnavailable,
        Message(zh: "数据库暂时无法访问，请稍后重试", en: "the database is unavailable; try again shortly"))

    static func badRequest(_ zh: String, _ en: String, details: [String] = []) -> APIError {
        APIError(.badRequest, code: .badRequest, Message(zh: zh, en: en), details: details)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        let body = ErrorResponse(code: code, message: message.text(request.language), details: details)
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try JSONEncoder().encode(body))))
    }
}
