import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

/// After a key rotation, re-encrypts the rows sealed under an older key. Batch by batch, each batch one
/// transaction; safe to interrupt and run again. Operator work, as the owner.
public struct PersonalDataEncryption: Sendable {
    let client: PostgresClient
    let logger: Logger
    let keys: PersonalDataKeys
    static let batch = 5000

    public init(client: PostgresClient, logger: Logger, keys: PersonalDataKeys) {
        self.client = client
        self.logger = logger
        self.keys = keys
    }

    /// Re-encrypts every row sealed under another key than the current one; returns how many.
    @discardableResult
    public func rekey() async throws -> Int {
        var converted = 0
        for table in Table.allCases {
            while true {
                let rows = try await client.query(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT \(table.key), id_number_enc, id_number_hmac, phone_enc FROM \(table.rawValue)
                            WHERE (convert_from(substring(id_number_enc FROM 2 FOR get_byte(id_number_enc, 0)), 'UTF8') <> $1
                               OR convert_from(substring(phone_enc FROM 2 FOR get_byte(phone_enc, 0)), 'UTF8') <> $1)
                            ORDER BY \(table.key) LIMIT \(Self.batch)
                            """,
                        binds: {
                            var b = PostgresBindings()
                            b.append(keys.currentID)
                            return b
                        }()), logger: logger
                ).collect()
                guard !rows.isEmpty else { break }
                var ids: [[Int64]] = [[], []]
                var idEnc: [ByteBuffer] = []
                var digests: [ByteBuffer] = []
                var phoneEnc: [ByteBuffer] = []
                for row in rows {
                    let r = row.makeRandomAccess()
                    for (n, column) in table.keyColumns.enumerated() { ids[n].append(try r[column].decode(Int64.self)) }
                    idEnc.append(
                        ByteBuffer(
                            data: try keys.seal(
                                try keys.open(try r["id_number_enc"].decode(Data.self), purpose: "id_number"),
                                purpose: "id_number")))
                    digests.append(try r["id_number_hmac"].decode(ByteBuffer.self))
                    phoneEnc.append(
                        ByteBuffer(
                            data: try keys.seal(
                                try keys.open(try r["phone_enc"].decode(Data.self), purpose: "phone"), purpose: "phone")))
                }
                try await store(table, ids: ids, idEnc: idEnc, digests: digests, phoneEnc: phoneEnc)
                converted += rows.count
            }
        }
        return converted
    }

    func store(_ table: Table, ids: [[Int64]], idEnc: [ByteBuffer], digests: [ByteBuffer], phoneEnc: [ByteBuffer]) async throws {
        switch table {
        case .lines:
            try await client.query(
                """
                UPDATE registration_lines l SET id_number_enc = t.e, id_number_hmac = t.h, phone_enc = t.p
                FROM unnest(\(ids[0]), \(ids[1].map(Int32.init)), \(idEnc), \(digests), \(phoneEnc)) AS t(doc, line, e, h, p)
                WHERE l.document_id = t.doc AND l.line_no = t.line
                """, logger: logger)
        case .slips:
            try await client.query(
                """
                UPDATE slips s SET id_number_enc = t.e, id_number_hmac = t.h, phone_enc = t.p
                FROM unnest(\(ids[0]), \(idEnc), \(digests), \(phoneEnc)) AS t(id, e, h, p)
                WHERE s.id = t.id
                """, logger: logger)
        }
    }

    enum Table: String, CaseIterable {
        case lines = "registration_lines"
        case slips

        var keyColumns: [String] { self == .lines ? ["document_id", "line_no"] : ["id"] }
        var key: String { keyColumns.joined(separator: ", ") }
    }
}
