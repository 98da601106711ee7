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

    /// Re-encrypts one table's rows, batch by batch: each sealed column opened and sealed again under
    /// the current key. The digests stay: the lookup key does not rotate.
    func rekey(_ table: Table) async throws -> Int {
        let sealed = table.sealed.map(\.column)
        var converted = 0
        while true {
            let rows = try await client.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT \(table.key), \(sealed.joined(separator: ", ")) FROM \(table.rawValue)
                        WHERE \(sealed.map(Self.sealedUnderAnother).joined(separator: " OR "))
                        ORDER BY \(table.key) LIMIT \(Self.batch)
                        """,
                    binds: currentKey), logger: logger
            ).collect()
            guard !rows.isEmpty else { return converted }
            var bindings = PostgresBindings()
            for column in table.keyColumns {
                bindings.append(try rows.map { try $0.makeRandomAccess()[column].decode(Int64.self) })
            }
            for (column, purpose) in table.sealed {
                bindings.append(try rows.map { try resealed($0.makeRandomAccess()[column], purpose: purpose) })
            }
            let names = table.keyColumns + sealed
            let arrays = names.enumerated().map { n, name in "$\(n + 1)::\(n < table.keyColumns.count ? "bigint" : "bytea")[]" }
            try await client.query(
                PostgresQuery(
                    unsafeSQL: """
                        UPDATE \(table.rawValue) x SET \(sealed.map { "\($0) = t.\($0)" }.joined(separator: ", "))
                        FROM unnest(\(arrays.joined(separator: ", "))) AS t(\(names.joined(separator: ", ")))
                        WHERE \(table.keyColumns.map { "x.\($0) = t.\($0)" }.joined(separator: " AND "))
                        """,
                    binds: bindings), logger: logger)
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

    /// The tables holding sealed personal data: their key columns, and each sealed column with the
    /// purpose it was sealed for.
    enum Table: String, CaseIterable {
        case lines = "registration_lines"
        case slips
        case surveyLines = "survey_lines"
        case coordinators = "village_coordinators"

        var keyColumns: [String] { [.slips, .coordinators].contains(self) ? ["id"] : ["document_id", "line_no"] }
        var key: String { keyColumns.joined(separator: ", ") }
        var sealed: [(column: String, purpose: String)] {
            switch self {
            case .lines, .slips: [("id_number_enc", "id_number"), ("phone_enc", "phone")]
            case .surveyLines: [("id_number_enc", "id_number")]
            case .coordinators: [("phone_enc", "phone")]
            }
        }
    }
}
