import CoalflowCore
import Crypto
import Foundation
import Logging
import PostgresNIO

/// Verifies the hash chain of the workflow event log, independently of the database's own sealer
/// (sql/0018): in the chain's order, each event's seal must be SHA-256(previous seal ‖ canonical
/// content), and each seal must name the one before it. The first event that breaks the chain is named.
/// Events are sealed after they commit; verifying and reading the head seal the waiting ones first.
public struct AuditTrail: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    static let genesis = [UInt8](repeating: 0, count: 32)

    /// Recomputes the chain. `reader` is the person asking through the API (one who sees the whole
    /// district); operator commands pass none and read as the owner. Beyond the chain, every document
    /// must be where its last event put it, and every filed summary's content must still match its seal
    /// (with the data keys, which open the ID numbers the seal covers; without them that part is skipped).
    public func verify(against recorded: AuditHead? = nil, as reader: ActingUser? = nil) async throws -> AuditReport {
        let logger = logger
        let keys = context.keys
        try await seal()
        return try await transaction(as: reader.map(RowScope.documents)) { connection in
            // Every event with its seal, and any without one that is not waiting to be sealed (its seal
            // was removed); events committed since the seal above wait for the next.
            let rows = try await connection.query(
                """
                SELECT e.seq, e.document_id, e.action, e.actor_login, e.actor_unit, e.step_position, e.from_status, e.to_status,
                       e.comment, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), s.prev_sha256, s.sha256,
                       e.slip_id
                FROM workflow_events e LEFT JOIN audit_seals s ON s.seq = e.seq
                WHERE s.seq IS NOT NULL OR NOT EXISTS (SELECT 1 FROM audit_unsealed u WHERE u.seq = e.seq)
                ORDER BY s.position NULLS LAST, e.seq
                """, logger: logger)
            var report = try await Self.verify(rows, against: recorded)
            report.problems += try await Self.documentsWhereTheirEventsPutThem(connection, logger: logger)
            if let keys { report.problems += try await Self.filedSealsHold(keys, connection, logger: logger) }
            report.ok = report.problems.isEmpty
            return report
        }
    }

    /// A document whose status is not the one its last event moved it to was changed outside the workflow.
    static func documentsWhereTheirEventsPutThem(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query(
            """
            SELECT d.id, d.status, last.to_status FROM documents d
            LEFT JOIN LATERAL (SELECT e.to_status FROM workflow_events e WHERE e.document_id = d.id ORDER BY e.seq DESC LIMIT 1) last
              ON true
            WHERE last.to_status IS DISTINCT FROM d.status
            ORDER BY d.id LIMIT 20
            """, logger: logger
        ).collect().map { row in
            let (id, status, last) = try row.decode((Int64, String, String?).self)
            return "\(DocumentID.format(id)): its status is \(status), but its last event "
                + (last.map { "moved it to \($0)" } ?? "is missing") + " (changed outside the workflow)"
        }
    }

    /// A filed summary is what subsidies are paid on: its content must still be what the company sealed.
    static func filedSealsHold(_ keys: PersonalDataKeys, _ connection: PostgresConnection, logger: Logger) async throws
        -> [String]
    {
        var problems: [String] = []
        let filed = try await connection.query(
            "SELECT id, seal_sha256 FROM documents WHERE document_type = 'summary' AND status = 'filed' ORDER BY id",
            logger: logger
        ).collect().map { try $0.decode((Int64, Data?).self) }
        for (id, seal) in filed {
            guard let seal, try await SummaryStore.digest(id, keys: keys, filed: true, connection, logger: logger) == seal else {
                problems.append("\(DocumentID.format(id)): the filed summary's content no longer matches its seal")
                continue
            }
        }
        return problems
    }

    static func verify(_ rows: PostgresRowSequence, against recorded: AuditHead?) async throws -> AuditReport {
        var problems: [String] = []
        var previous = Self.genesis
        var count = 0
        var recordedSeen = recorded == nil
        for try await row in rows {
            let (seq, document, action, login, unit, step, from, to, comment, at, prev, storedHash, slip) = try row.decode(
                (Int64, Int64?, String, String, String, Int?, String, String, String?, String, Data?, Data?, Int64?).self)
            count += 1
            guard problems.isEmpty else { continue }
            guard let prev, let storedHash else {
                problems.append("event \(seq): it has no seal (its seal was removed)")
                continue
            }
            let hash = [UInt8](storedHash)
            if [UInt8](prev) != previous {
                problems.append(
                    "event \(seq): does not follow the event before it (an event before it was deleted, inserted or reordered)")
            } else {
                // A slip's event (a void) adds one field; a document's has none (sql/0008).
                let canonical =
                    ([String(seq), document.map(String.init), action, login, unit, step.map(String.init), from, to, comment, at]
                    + (slip.map { ["slip:\($0)"] } ?? [])).map(Self.field).joined()
                let expected = Array(SHA256.hash(data: Data(previous + Array(canonical.utf8))))
                if expected != hash {
                    problems.append("event \(seq): its content does not match its hash (it was altered)")
                }
            }
            previous = hash
            if let recorded, !recordedSeen, Self.hex(hash) == recorded.sha256 {
                recordedSeen = true
                if count != recorded.events {
                    problems.append("the recorded head is event number \(recorded.events), but it is number \(count) now")
                }
            }
        }
        let head = AuditHead(sha256: Self.hex(count == 0 ? Self.genesis : previous), events: count)
        if let recorded, problems.isEmpty, !recordedSeen {
            problems.append(
                "the recorded head \(recorded.sha256.prefix(12))… (\(recorded.events) events) is not in the chain: events were deleted or rewritten since (now \(count) events)"
            )
        }
        return AuditReport(ok: problems.isEmpty, events: count, problems: problems, head: head)
    }

    public func head(as reader: ActingUser? = nil) async throws -> AuditHead {
        let logger = logger
        try await seal()
        let rows = try await transaction(as: reader.map(RowScope.documents)) { connection in
            try await connection.query(
                "SELECT sha256, position::int FROM audit_seals ORDER BY position DESC LIMIT 1", logger: logger
            ).collect()
        }
        guard let (hash, count) = try rows.first?.decode((Data, Int).self) else {
            return AuditHead(sha256: Self.hex(Self.genesis), events: 0)
        }
        return AuditHead(sha256: Self.hex([UInt8](hash)), events: count)
    }

    /// Seals the committed events that wait for it (sql/0018); returns how many. The server does this
    /// twice a second; verifying and reading the head do it first, each in a transaction of its own (the
    /// sealer's lock is not held while the chain is read).
    @discardableResult
    public func seal() async throws -> Int {
        let logger = logger
        return try await transaction(as: nil) { connection in
            try await connection.query("SELECT audit_seal()", logger: logger).collect().first?.decode(Int.self) ?? 0
        }
    }

    /// Same encoding as the database's `audit_field`: UTF-8 length, colon, text, semicolon; `~;` for null.
    static func field(_ value: String?) -> String {
        guard let value else { return "~;" }
        return "\(value.utf8.count):\(value);"
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
