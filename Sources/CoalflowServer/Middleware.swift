import CoalflowCore
import CoalflowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import PostgresNIO

/// Turns every error into the API's JSON error. Domain errors keep their meaning; a database that
/// cannot be reached is a 503; anything else is a 500 whose details stay in the log, never in the
/// response.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            throw APIError(error)
        } catch let error as InputError {
            throw APIError(StoreError(error))
        } catch let error as HTTPError where error.status == .badRequest {
            throw APIError.badRequest("请求内容无效", "the request body is not valid", details: error.body.map { [$0] } ?? [])
        } catch let error as HTTPError {
            let code: ErrorCode =
                switch error.status {
                case .notFound: .notFound
                case .methodNotAllowed: .methodNotAllowed
                default: .httpError
                }
            throw APIError(
                error.status, code: code,
                Message(zh: error.body ?? error.status.reasonPhrase, en: error.body ?? error.status.reasonPhrase))
        } catch let error as DecodingError {
            throw APIError.badRequest("请求内容无效", "the request body is not valid", details: [Self.describe(error)])
        } catch {
            if let state = Self.sqlState(error), ["22021", "22P05", "22003"].contains(state) {
                // Input no check above caught: a NUL character, a number beyond the column's range.
                throw APIError.badRequest(
                    "请求含有无法保存的值（如 NUL 字符或超出范围的数字）",
                    "the request holds a value that cannot be stored (a NUL character, or a number out of range)")
            }
            if Self.sqlState(error) == "55P03" {
                // lock_timeout (ServerPool): another request holds what this one needs for too long.
                throw APIError(
                    .conflict, code: .busy,
                    Message(zh: "数据正被其他操作占用，请稍后重试", en: "the data is held by another action; try again shortly"))
            }
            if Self.sqlState(error) == "57014" {
                // statement_timeout (ServerPool): a statement ran away; PostgreSQL ended it.
                context.logger.error("statement timed out", metadata: ["error": "\(Self.loggable(error))"])
                throw APIError(
                    .serviceUnavailable, code: .databaseTimeout,
                    Message(
                        zh: "数据库处理超时（请求号 \(context.id)），请稍后重试",
                        en: "the database timed out (request id \(context.id)); try again later"))
            }
            if Self.isDatabaseUnavailable(error) {
                context.logger.error("database unavailable", metadata: ["error": "\(Self.loggable(error))"])
                throw APIError.databaseUnavailable
            }
            context.logger.error("unexpected error", metadata: ["error": "\(Self.loggable(error))"])
            throw APIError(
                .internalServerError, code: .`internal`,
                Message(zh: "服务器内部错误（请求号 \(context.id)）", en: "internal server error (request id \(context.id))"))
        }
    }

    /// What a log may say of an error. A database error's detail repeats the row's values ("Failing row
    /// contains (…)": names, addresses) and its query the bound values: only its code, SQLSTATE, primary
    /// message (which names the constraint, not the values) and where it was raised are kept.
    static func loggable(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError {
            let parts = [transaction.beginError, transaction.closureError, transaction.commitError, transaction.rollbackError]
            return "transaction failed: " + parts.compactMap { $0.map(loggable) }.joined(separator: "; ")
        }
        guard let psql = error as? PSQLError else { return String(reflecting: error) }
        var text = "PSQLError(code: \(psql.code)"
        if let info = psql.serverInfo {
            text += ", sqlState: \(info[.sqlState] ?? "?"), message: \(info[.message] ?? "")"
            if let constraint = info[.constraintName] { text += ", constraint: \(constraint)" }
        }
        if let underlying = psql.underlying { text += ", underlying: \(type(of: underlying))" }
        if let file = psql.file { text += ", at: \(file):\(psql.line ?? 0)" }
        return text + ")"
    }

    static func sqlState(_ error: any Error) -> String? {
        if let psql = error as? PSQLError { return psql.serverInfo?[.sqlState] }
        if let transaction = error as? PostgresTransactionError { return transaction.closureError.flatMap(sqlState) }
        return nil
    }

    static func isDatabaseUnavailable(_ error: any Error) -> Bool {
        if let psql = error as? PSQLError {
            // SQLSTATE class 08 is a lost connection, 57P0x a server shutting down or starting up.
            let state = psql.serverInfo?[.sqlState] ?? ""
            return [.connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown].contains(
                psql.code)
                || state.hasPrefix("08") || state.hasPrefix("57P0")
        }
        if let transaction = error as? PostgresTransactionError {
            return [transaction.closureError, transaction.beginError, transaction.commitError, transaction.rollbackError]
                .contains { $0.map(isDatabaseUnavailable) == true }
        }
        return String(reflecting: type(of: error)).contains("ConnectionPoolError")
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            "field '\(c.codingPath.map(\.stringValue).joined(separator: "."))': \(c.debugDescription)"
        @unknown default: "\(error)"
        }
    }
}

/// Every response names its request id, the same id the log lines carry.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = context.id
            return response
        } catch let error as any HTTPResponseError {
            var response = try error.response(from: request, context: context)
            response.headers[.requestID] = context.id
            return response
        }
    }
}

/// Resolves `Authorization: Bearer TOKEN` to the person it belongs to, or answers 401.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SessionCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
            let user = try await sessions.user(
                forToken: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces), logger: context.logger)
        else { throw APIError.unauthenticated }
        var context = context
        context.user = user
        context.logger[metadataKey: "login"] = "\(user.login)"
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-ID")!
}
