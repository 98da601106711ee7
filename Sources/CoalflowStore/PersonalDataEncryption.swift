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

    /// Re-encrypts every row sealed under another key than the current one; returns how many. Done only
    /// once no column of the schema that holds sealed data (`…_enc`) has a value under another key: a
    /// server still sealing with the old key file meanwhile gets another pass, a column this command does
    /// not know is named in the refusal.
    @discardableResult
    public func rekey() async throws -> Int {
        var converted = 0
        for _ in 0..<3 {
            for table in Table.allCases { converted += try await rekey(table) }
            let left = try await leftBehind()
            if left.isEmpty { return converted }
            if left.contains(where: { entry in !Table.allCases.contains { $0.rawValue == entry.table } }) { break }
        }
        let left = try await leftBehind()
        let named = left.map { "\($0.table).\($0.column): \($0.count)" }.joined(separator: ", ")
        throw StoreError(
            .conflict, code: .dataKeysLeftBehind,
            zh: "仍有数据使用旧密钥加密（\(named)）：是否还有服务器在用旧的数据密钥文件？更新后再次运行 coalflow admin rekey",
            en: "values are still sealed under older keys (\(named)): is a server still running with the old data key file? "
                + "Update it, then run coalflow admin rekey again")
    }

    /// Re-encrypts one table's rows, batch by batch.
    func rekey(_ table: Table) async throws -> Int {
        let sealed = table.sealed.map(\.column)
        let selection = PostgresQuery(
            unsafeSQL: """
                SELECT \(table.key), \(sealed.joined(separator: ", ")) FROM \(table.rawValue)
                WHERE \(sealed.map(Self.sealedUnderAnother).joined(separator: " OR "))
                ORDER BY \(table.key) LIMIT \(Self.batch)
                """,
            binds: currentKey)
        var converted = 0
        while true {
            let rows = try await client.query(selection, logger: logger).collect()
            guard !rows.isEmpty else { return converted }
            var keys = table.keyColumns.map { _ in [Int64]() }
            var blobs = table.sealed.map { _ in [ByteBuffer]() }
            for row in rows {
                let r = row.makeRandomAccess()
                for (n, column) in table.keyColumns.enumerated() { keys[n].append(try r[column].decode(Int64.self)) }
                for (n, (column, purpose)) in table.sealed.enumerated() {
                    blobs[n].append(try resealed(r[column], purpose: purpose))
                }
            }
            try await store(table, keys: keys, blobs: blobs)
            converted += rows.count
        }
    }

    func resealed(_ cell: PostgresCell, purpose: String) throws -> ByteBuffer {
        ByteBuffer(data: try keys.seal(try keys.open(try cell.decode(Data.self), purpose: purpose), purpose: purpose))
    }

    /// Every sealed column of the schema (bytea, named `…_enc`) with values under another key than the
    /// current one, and how many.
    func leftBehind() async throws -> [(table: String, column: String, count: Int)] {
        let columns = try await client.query(
            """
            SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c
            JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type = 'bytea' AND c.column_name LIKE '%\\_enc'
            ORDER BY 1, 2
            """, logger: logger
        ).collect().map { try $0.decode((String, String).self) }
        var left: [(String, String, Int)] = []
        for (table, column) in columns {
            let count =
                try await client.query(
                    PostgresQuery(
                        unsafeSQL: "SELECT count(*)::int FROM \(quoted(table)) WHERE \(Self.sealedUnderAnother(quoted(column)))",
                        binds: currentKey), logger: logger
                ).collect().first?.decode(Int.self) ?? 0
            if count > 0 { left.append((table, column, count)) }
        }
        return left
    }

    /// A sealed blob starts with its key id's length and the key id (`PersonalDataKeys.seal`); `$1` is the current id.
    static func sealedUnderAnother(_ column: String) -> String {
        "convert_from(substring(\(column) FROM 2 FOR get_byte(\(column), 0)), 'UTF8') <> $1"
    }

    var currentKey: PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(keys.currentID)
        return bindings
    }

    func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Writes a batch back: each row's sealed columns by its key, from arrays unnested side by side.
    func store(_ table: Table, keys: [[Int64]], blobs: [[ByteBuffer]]) async throws {
        var bindings = PostgresBindings()
        for column in keys { bindings.append(column) }
        for column in blobs { bindings.append(column) }
        let names = table.keyColumns + table.sealed.map(\.column)
        let arrays = names.indices.map { n in "$\(n + 1)::\(n < keys.count ? "bigint" : "bytea")[]" }
        let sql = """
            UPDATE \(table.rawValue) t SET \(table.sealed.map { "\($0.column) = u.\($0.column)" }.joined(separator: ", "))
            FROM unnest(\(arrays.joined(separator: ", "))) AS u(\(names.joined(separator: ", ")))
            WHERE \(table.keyColumns.map { "t.\($0) = u.\($0)" }.joined(separator: " AND "))
            """
        try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
    }

    /// The tables holding sealed personal data, each with its key and its sealed columns.
    enum Table: String, CaseIterable {
        case lines = "registration_lines"
        case slips
        case coordinators = "village_coordinators"

        var keyColumns: [String] { self == .lines ? ["document_id", "line_no"] : ["id"] }
        var key: String { keyColumns.joined(separator: ", ") }
        var sealed: [(column: String, purpose: String)] {
            let phone = (column: "phone_enc", purpose: "phone")
            return self == .coordinators ? [phone] : [(column: "id_number_enc", purpose: "id_number"), phone]
        }
    }
}
