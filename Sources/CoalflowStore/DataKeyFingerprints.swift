import CoalflowCore
import Crypto
import Foundation
import Logging
import PostgresNIO

/// Which keys a database's personal data is sealed with (`data_key_fingerprints`, sql/0012). A server
/// started with another installation's key file under the same key ids, or another lookup key, would
/// seal data no one can open later and find no stored ID digest: it refuses to start instead.
public struct DataKeyFingerprints: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Records the keys the database has not seen, then refuses if any key id it has seen comes with
    /// another key. Operator work, as the owner.
    public func check(_ keys: PersonalDataKeys) async throws {
        let given = keys.fingerprints
        let ids = given.map(\.id)
        let digests = given.map { ByteBuffer(data: $0.fingerprint) }
        let logger = logger
        do {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO data_key_fingerprints (key_id, fingerprint)
                    SELECT * FROM unnest(\(ids)::text[], \(digests)::bytea[]) ON CONFLICT (key_id) DO NOTHING
                    """, logger: logger)
                let clashes = try await connection.query(
                    """
                    SELECT f.key_id, to_char(f.recorded_at, 'YYYY-MM-DD')
                    FROM data_key_fingerprints f JOIN unnest(\(ids)::text[], \(digests)::bytea[]) AS t(id, fp) ON t.id = f.key_id
                    WHERE f.fingerprint <> t.fp ORDER BY f.key_id
                    """, logger: logger
                ).collect().map { try $0.decode((String, String).self) }
                // Refused inside the transaction: nothing of a wrong file is recorded.
                guard clashes.isEmpty else { throw Self.mismatch(clashes) }
            }
        } catch {
            throw unwrapTransactionError(error)
        }
    }

    static func mismatch(_ clashes: [(String, String)]) -> StoreError {
        let named = clashes.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
        return StoreError(
            .setup, code: .dataKeysMismatch,
            zh: "数据密钥文件与本数据库不符：密钥 \(named) 与数据库启用时记录的不同。请使用本安装的数据密钥文件",
            en: "the data key file does not belong to this database: key \(named) differs from the one recorded "
                + "when it was first used. Use this installation's data key file")
    }
}

extension PersonalDataKeys {
    /// Each key's HMAC of a fixed text under itself: tells keys apart without revealing them.
    var fingerprints: [(id: String, fingerprint: Data)] {
        func digest(_ key: Data) -> Data {
            Data(HMAC<SHA256>.authenticationCode(for: Data("coalflow data key fingerprint".utf8), using: SymmetricKey(data: key)))
        }
        return keys.keys.sorted().map { ($0, digest(keys[$0]!)) } + [("lookup", digest(lookupKey))]
    }
}
