import CoalflowCore
import Crypto
import Foundation
import Logging
import PostgresNIO

/// A client's `Idempotency-Key` for one create. The create's own transaction first takes a lock on the
/// key and looks for an earlier request with it: the same request gets what that one created, another
/// request is refused; otherwise the create runs and records its result with the key, atomically.
public struct IdempotencyKey: Sendable {
    public let key: String
    /// SHA-256 of the method, path and body: a key reused for another request is an error, not a replay.
    public let request: Data

    public init(key: String, method: String, path: String, body: some Sequence<UInt8>) throws(StoreError) {
        guard (1...100).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw StoreError(
                .invalid, code: .badIdempotencyKey,
                zh: "Idempotency-Key 应为 1–100 个可见 ASCII 字符", en: "Idempotency-Key must be 1–100 visible ASCII characters")
        }
        self.key = key
        var hash = SHA256()
        hash.update(data: Data("\(method) \(path)\n".utf8))
        hash.update(data: Data(body))
        request = Data(hash.finalize())
    }

    /// What the first request with this key created, or nil when this is the first.
    func prior(for user: ActingUser, _ connection: PostgresConnection, logger: Logger) async throws -> [Int64]? {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(String(user.userID) + ":" + key), 0))", logger: logger)
        let rows = try await connection.query(
            """
            SELECT request_sha256, resource_ids FROM idempotency_keys WHERE user_id = \(user.userID) AND key = \(key)
            """, logger: logger
        ).collect()
        guard let (digest, ids) = try rows.first?.decode((Data, [Int64]).self) else { return nil }
        guard digest == request else {
            throw StoreError(
                .invalid, code: .idempotencyKeyReused,
                zh: "该 Idempotency-Key 已用于另一个请求", en: "this Idempotency-Key was used for a different request")
        }
        logger.info("idempotent replay", metadata: ["key": "\(key)"])
        return ids
    }

    func record(_ ids: [Int64], for user: ActingUser, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO idempotency_keys (user_id, key, request_sha256, resource_ids) VALUES (\(user.userID), \(key), \(request), \(ids))
            """, logger: logger)
    }
}
