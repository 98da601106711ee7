import CoalflowCore
import Logging
import PostgresNIO

/// Creates documents and applies workflow actions. Each action is one transaction: lock the document
/// row, ask the state machine, write the new state, and write the event last (the audit chain
/// serialises event writers, so its lock is held for as short a time as possible).
public struct WorkflowStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    /// Comments and reasons: at most this many characters, line breaks allowed.
    public static let maxTextLength = 500

    static func cleanText(_ raw: String?) throws(StoreError) -> String? {
        guard let raw, !raw.trimmingSpaces().isEmpty else { return nil }
        do {
            return try FreeText.clean(raw, field: "text", label: Message(zh: "意见", en: "the text"), maxLength: maxTextLength, multiline: true)
        } catch {
            throw StoreError(error)
        }
    }

    /// Applies `action` to document `id` for `user`. `expectedRevision`, when given, must still be the
    /// document's revision: otherwise someone changed it since the caller looked, and it is a conflict.
    public func perform(_ action: WorkflowAction, on id: Int64, by user: ActingUser, text: String? = nil,
                        expectedRevision: Int? = nil) async throws -> ActionResult {
        let logger = logger
        let text = try Self.cleanText(text)
        return try await transaction(as: .documents(user)) { connection in
            let rows = try await connection.query("""
                SELECT document_type, status, step_position, current_unit, origin_unit, street_code, year, route_id,
                       notice_to::text, revision, (now() AT TIME ZONE 'Asia/Shanghai')::date::text
                FROM documents WHERE id = \(id) FOR UPDATE
                """, logger: logger).collect()
            guard let row = rows.first else { throw Self.notFound(id) }
            let (type, status, step, currentUnit, origin, street, year, routeID, noticeTo, revision, today) = try row.decode(
                (String, String, Int?, String?, String, String, Int, Int64?, String?, Int, String).self)
            guard DocumentScope.of(user).contains(origin: origin, street: street) else { throw Self.notFound(id) }
            if let expectedRevision, expectedRevision != revision {
                throw StoreError(.conflict, code: "stale_revision",
                    zh: "单据已被他人改动（版本 \(revision)，你看到的是 \(expectedRevision)），当前状态 \(status)",
                    en: "the document changed meanwhile (revision \(revision), you saw \(expectedRevision)); it is now \(status)",
                    details: ["status: \(status)", "current_unit: \(currentUnit ?? "-")", "step: \(step.map(String.init) ?? "-")"])
            }
            let documentType = DocumentType(rawValue: type)!
            let route = try await Self.route(routeID, type: documentType, year: year, street: street, connection, logger: logger)
            let acted = [.approve, .return, .reject, .withdraw].contains(action)
                ? try await Self.actedThisRound(id, connection, logger: logger) : []
            let state = DocumentState(
                type: documentType, status: DocumentStatus(rawValue: status)!, step: step, currentUnit: currentUnit,
                originUnit: origin, noticeEnds: noticeTo.flatMap { try? CivilDate(parsing: $0) }, actedThisRound: acted)
            let todayDate = try CivilDate(parsing: today)
            let transition: Transition
            do {
                transition = try Workflow.transition(action, text: text, document: state, route: route.units,
                                                     by: user, today: todayDate)
            } catch let error as WorkflowError {
                throw Self.storeError(error, state: state)
            }
            var note = text
            if documentType == .summary {
                switch action {
                case .submit: note = "seal sha256:" + (try await SummaryStore.seal(id, by: user, connection, logger: logger))
                case .approve: try await SummaryStore.checkSeal(id, connection, logger: logger)
                default: break
                }
            }
            var newRevision = revision
            if transition.changesState {
                newRevision += 1
                try await connection.query("""
                    UPDATE documents SET status = \(transition.status.rawValue), step_position = \(transition.step),
                        current_unit = \(transition.currentUnit),
                        step_since = CASE WHEN \(transition.step)::int IS NULL THEN NULL ELSE now() END,
                        route_id = coalesce(route_id, \(route.id)), revision = \(newRevision), updated_at = now()
                    WHERE id = \(id)
                    """, logger: logger)
            }
            try await Self.recordEvent(
                id, action: action.rawValue, by: user, step: action == .submit ? transition.step : step,
                from: status, to: transition.status.rawValue, comment: (note?.isEmpty ?? true) ? nil : note,
                connection, logger: logger)
            return ActionResult(id: DocumentID.format(id), action: action.rawValue, status: transition.status,
                                currentUnit: transition.currentUnit, step: transition.step, revision: newRevision)
        }
    }

    public static func notFound(_ id: Int64) -> StoreError {
        StoreError(.notFound, code: "document_not_found", zh: "没有单据 \(DocumentID.format(id))（或你无权查看）",
                   en: "no document \(DocumentID.format(id)) (or it is not visible to you)")
    }

    static func storeError(_ error: WorkflowError, state: DocumentState) -> StoreError {
        let details = ["status: \(state.status.rawValue)", "current_unit: \(state.currentUnit ?? "-")", "step: \(state.step.map(String.init) ?? "-")"]
        switch error {
        case .forbidden(let m): return StoreError(.forbidden, code: "not_permitted", m, details: details)
        case .conflict(let m): return StoreError(.conflict, code: "state_conflict", m, details: details)
        case .invalid(let m): return StoreError(.invalid, code: "action_refused", m, details: details)
        }
    }

    /// The document's route, or for a first submission the newest route of its type and year, with
    /// each step resolved to the unit that acts.
    static func route(_ routeID: Int64?, type: DocumentType, year: Int, street: String,
                      _ connection: PostgresConnection, logger: Logger) async throws -> (id: Int64?, units: [String]) {
        let rows = try await connection.query("""
            SELECT r.id, s.actor, s.unit_code FROM routes r JOIN route_steps s ON s.route_id = r.id
            WHERE r.id = coalesce(\(routeID), (SELECT id FROM routes WHERE document_type = \(type.rawValue) AND year = \(year)
                                             ORDER BY version DESC LIMIT 1))
            ORDER BY s.position
            """, logger: logger).collect()
        var id: Int64?
        var units: [String] = []
        for row in rows {
            let (routeID, actor, unit) = try row.decode((Int64, String, String?).self)
            id = routeID
            units.append(actor == "document_street" ? street : unit ?? "")
        }
        return (id, units)
    }

    static func actedThisRound(_ id: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        let rows = try await connection.query("""
            SELECT DISTINCT actor_unit FROM workflow_events
            WHERE document_id = \(id) AND action IN ('approve', 'return', 'reject')
              AND seq > coalesce((SELECT max(seq) FROM workflow_events WHERE document_id = \(id) AND action = 'submit'), 0)
            """, logger: logger).collect()
        return Set(try rows.map { try $0.decode(String.self) })
    }

    static func recordEvent(_ id: Int64, action: String, by user: ActingUser, step: Int?, from: String, to: String,
                            comment: String?, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO workflow_events (document_id, action, actor_user_id, actor_login, actor_unit, step_position,
                                         from_status, to_status, comment)
            VALUES (\(id), \(action), \(user.userID), \(user.login), \(user.unit), \(step), \(from), \(to), \(comment))
            """, logger: logger)
    }
}
