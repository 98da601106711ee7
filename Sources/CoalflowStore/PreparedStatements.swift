import CoalflowCore
import Foundation
import Logging
import PostgresNIO

// The statements every request or every workflow action runs, prepared once per pooled connection.
// Each statement is otherwise parsed, analysed and planned again on every call, and with the
// row-level security policies that was most of PostgreSQL's time per approval (`make bench`). The
// parameter types are declared: a NULL in the first call would otherwise leave one for the server to
// guess, and a later value of another width would not fit it.

extension PostgresConnection {
    /// Runs a prepared statement whose rows are not needed.
    func run<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws {
        for try await _ in try await execute(statement, logger: logger) {}
    }

    /// The rows of a prepared statement, decoded.
    func all<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [Statement.Row] {
        try await execute(statement, logger: logger).reduce(into: []) { $0.append($1) }
    }
}

/// A statement about one document: its one parameter ($1) is the document's id.
protocol DocumentStatement: PostgresPreparedStatement {
    var id: Int64 { get }
}

extension DocumentStatement {
    static var bindingDataTypes: [PostgresDataType] { [.int8] }

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }
}

/// Names the actor to row-level security for the rest of the transaction (`RowScope`).
struct SetRowScope: PostgresPreparedStatement {
    static let sql = """
        SELECT set_config('coalflow.unit', $1, true), set_config('coalflow.kind', $2, true),
               set_config('coalflow.scope', $3, true), set_config('coalflow.code', $4, true),
               set_config('coalflow.slip_copy', $5, true)
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .text, .text, .text]
    typealias Row = Void
    let scope: RowScope

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(scope.unit)
        bindings.append(scope.kind.rawValue)
        bindings.append(scope.scope)
        bindings.append(scope.code ?? "")
        bindings.append(scope.slipCopy ? "on" : "off")
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}

/// The person a live token belongs to: not expired, not revoked, the user not disabled.
struct UserForToken: PostgresPreparedStatement {
    static let sql = """
        SELECT u.id, u.login, u.unit_code, un.kind, u.role,
               CASE WHEN un.kind = 'street' THEN un.code ELSE un.parent_code END, un.reach, un.slip_copy,
               extract(epoch FROM s.expires_at - now())::float8, un.name
        FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.code = u.unit_code
        WHERE s.token_sha256 = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL
        """
    static let bindingDataTypes: [PostgresDataType] = [.bytea]
    typealias Row = (Int64, String, String, UnitKind, Role, String?, UnitReach, Bool, Double, String)
    let digest: Data

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        try bindings.append(digest)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}

/// A document locked for a workflow action, with its route: the document's own, or for a first
/// submission the newest of its type and year, each step resolved to the unit that acts.
struct LockDocument: DocumentStatement {
    static let sql = """
        SELECT d.document_type, d.status, d.step_position, d.current_unit, d.origin_unit, d.street_code, d.year,
               d.notice_to::text, d.revision, program_today()::text, r.id,
               coalesce((SELECT array_agg(CASE s.actor WHEN 'document_street' THEN d.street_code
                                                       WHEN 'assigned_unit' THEN d.assigned_unit
                                                       WHEN 'origin_unit' THEN d.origin_unit
                                                       ELSE coalesce(s.unit_code, '') END ORDER BY s.position)
                         FROM route_steps s WHERE s.route_id = r.id), '{}'),
               coalesce((SELECT array_agg(s.return_to ORDER BY s.position) FROM route_steps s WHERE s.route_id = r.id), '{}'),
               coalesce(d.parties, '{}')
        FROM documents d
        LEFT JOIN routes r ON r.id = coalesce(d.route_id, (SELECT n.id FROM routes n WHERE n.document_type = d.document_type
                                                           AND n.year = d.year ORDER BY n.version DESC LIMIT 1))
        WHERE d.id = $1
        FOR UPDATE OF d
        """
    struct Row {
        let type: DocumentType, status: DocumentStatus, step: Int?, currentUnit: String?, origin: String, street: String,
            year: Int
        let noticeTo: String?, revision: Int, today: String, routeID: Int64?, route: [RouteStop]
        /// A case's units, who reach it whatever their scope.
        let parties: [String]
    }
    let id: Int64

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let (type, status, step, currentUnit, origin, street, year, noticeTo, revision, today, routeID, units, returns, parties) =
            try row.decode(
                (
                    DocumentType, DocumentStatus, Int?, String?, String, String, Int, String?, Int, String, Int64?, [String],
                    [String], [String]
                ).self)
        let route = zip(units, returns).map { RouteStop($0, returnsTo: ReturnTarget(rawValue: $1) ?? .origin) }
        return Row(
            type: type, status: status, step: step, currentUnit: currentUnit, origin: origin, street: street, year: year,
            noticeTo: noticeTo, revision: revision, today: today, routeID: routeID, route: route, parties: parties)
    }
}

/// The units that approved, returned or rejected a document since its last submission.
struct ActedThisRound: DocumentStatement {
    static let sql = """
        SELECT DISTINCT actor_unit FROM workflow_events
        WHERE document_id = $1 AND action IN ('approve', 'return', 'reject')
          AND seq > coalesce((SELECT max(seq) FROM workflow_events WHERE document_id = $1 AND action = 'submit'), 0)
        """
    typealias Row = String
    let id: Int64

    func decodeRow(_ row: PostgresRow) throws -> String {
        try row.decode(String.self)
    }
}

/// A document's new workflow state after an action, and the action's event, in one statement (one
/// round trip): the event names the status the document moves to.
struct MoveAndRecord: PostgresPreparedStatement {
    static let sql = """
        WITH moved AS (
            UPDATE documents SET status = $2, step_position = $3, current_unit = $4,
                step_since = CASE WHEN $3::int IS NULL THEN NULL ELSE now() END,
                route_id = coalesce(route_id, $5), revision = $6, updated_at = now()
            WHERE id = $1)
        INSERT INTO workflow_events (document_id, action, actor_user_id, actor_login, actor_unit, step_position,
                                     from_status, to_status, comment)
        VALUES ($1, $7, $8, $9, $10, $11, $12, $2, $13)
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .int8, .text, .int8, .text, .int8, .int8, .text, .int8, .text, .text, .int8, .text, .text,
    ]
    typealias Row = Void
    let id: Int64
    let transition: Transition
    let routeID: Int64?
    let revision: Int
    let event: RecordEvent

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 13)
        bindings.append(id)
        bindings.append(transition.status)
        bindings.append(transition.step)
        bindings.append(transition.currentUnit)
        bindings.append(routeID)
        bindings.append(revision)
        bindings.append(event.action)
        bindings.append(event.user.userID)
        bindings.append(event.user.login)
        bindings.append(event.user.unit)
        bindings.append(event.step)
        bindings.append(event.from)
        bindings.append(event.comment)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}

/// A workflow event; the database's sealer chains it to the ones before (sql/0018).
struct RecordEvent: PostgresPreparedStatement {
    static let sql = """
        INSERT INTO workflow_events (document_id, action, actor_user_id, actor_login, actor_unit, step_position,
                                     from_status, to_status, comment)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """
    static let bindingDataTypes: [PostgresDataType] = [.int8, .text, .int8, .text, .text, .int8, .text, .text, .text]
    typealias Row = Void
    let id: Int64, action: EventAction, user: ActingUser, step: Int?, from: DocumentStatus, to: DocumentStatus, comment: String?

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 9)
        bindings.append(id)
        bindings.append(action)
        bindings.append(user.userID)
        bindings.append(user.login)
        bindings.append(user.unit)
        bindings.append(step)
        bindings.append(from)
        bindings.append(to)
        bindings.append(comment)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}

/// An approval's statements in the order it runs them ($n parameters), for `coalflow-bench` to run the
/// same SQL through pgbench alone: the database's share of an approval, without HTTP and the server.
public enum ApprovalSQL {
    public static let scope = SetRowScope.sql
    public static let lock = LockDocument.sql
    public static let moveAndRecord = MoveAndRecord.sql
}
