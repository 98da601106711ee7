import Logging
import PostgresNIO

/// Runs `body` with a connected pool to `url`, and closes the pool afterwards.
///
/// A `PostgresClient` serves queries only while its `run()` is going; the server adds it to its
/// `ServiceGroup` instead, commands and tests use this.
@discardableResult
public func withPostgresClient<T: Sendable>(
    _ url: DatabaseURL,
    logger: Logger,
    _ body: (PostgresClient) async throws -> T
) async throws -> T {
    // The pool warns when the first query races its own start; for a short-lived pool that is noise.
    var background = logger
    background.logLevel = max(logger.logLevel, .error)
    let client = PostgresClient(configuration: url.configuration, backgroundLogger: background)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        try await probe(client, url: url, logger: logger)
        return try await body(client)
    }
}

/// Fails fast, with a message naming the database, when it does not answer: the pool by itself
/// keeps retrying for a minute before it gives up.
public func probe(_ client: PostgresClient, url: DatabaseURL, logger: Logger) async throws {
    let limit = url.settings.connectTimeout
    do {
        try await withTimeout(limit) {
            try await client.query("SELECT 1", logger: logger)
        }
    } catch {
        throw StoreError(
            .unavailable, code: .databaseUnreachable,
            zh: "无法连接数据库 \(url)", en: "cannot connect to the database \(url)",
            details: [error is CancellationError ? "no answer within \(limit)" : "\(String(describing: error))"])
    }
}

/// Runs `body`, giving up with `CancellationError` after `duration`.
public func withTimeout(_ duration: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: duration)
            throw CancellationError()
        }
        try await group.next()
        group.cancelAll()
    }
}

extension PSQLError {
    /// The SQLSTATE of a server error, e.g. `23505` for a unique violation.
    var sqlState: String? { serverInfo?[.sqlState] }
    var constraint: String? { serverInfo?[.constraintName] }
}

/// Unwraps the error a transaction's closure threw, so domain errors keep their meaning.
func unwrapTransactionError(_ error: any Error) -> any Error {
    if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError {
        return inner
    }
    return error
}
