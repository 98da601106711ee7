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
            return try FreeText.clean(
                raw, field: "text", label: Message(zh: "意见", en: "the text"), maxLength: maxTextLength, multiline: true)
        } catch {
            throw StoreError(error)
        }
    }

    /// Applies `action` to document `id` for `user`. `expectedRevision`, when given, must still be the
    /// document's revision: otherwise someone changed it since the caller looked, and it is a conflict.
    /// `alongside` runs in the same transaction once the action is allowed, before its event (a case's
    /// handler records the outcome with the approval).
    public func perform(
        _ action: WorkflowAction, on id: Int64, by user: ActingUser, text: String? = nil,
        expectedRevision: Int? = nil
    ) async throws -> ActionResult {
        try await perform(action, on: id, by: user, text: text, expectedRevision: expectedRevision, alongside: nil)
    }

    func perform(
        _ action: WorkflowAction, on id: Int64, by user: ActingUser, text: String? = nil,
        expectedRevision: Int? = nil,
        alongside: (@Sendable (PostgresConnection, LockDocument.Row) async throws -> Void)?
    ) async throws -> ActionResult {
        let logger = logger
        let text = try Self.cleanText(text)
        return try await refusingTakenHouseholds(year: nil, by: user) {
            try await act(
                action, event: EventAction(action), on: id, by: user, text: text, expectedRevision: expectedRevision,
                logger: logger,
                decide: { state, document, today in
                    try Workflow.transition(action, text: text, document: state, route: document.route, by: user, today: today)
                }, alongside: alongside)
        }
    }

    /// 转办: a case goes to `unit` with a reason (`Workflow.transfer`), which becomes a party to it.
    public func transfer(_ id: Int64, to unit: String, reason: String?, by user: ActingUser) async throws -> ActionResult {
        let logger = logger
        let reason = try Self.cleanText(reason)
        try await CaseStore.requireUnit(unit, context: context)
        return try await act(
            nil, event: .transfer, on: id, by: user, text: reason.map { "→ \(unit)：\($0)" }, expectedRevision: nil,
            logger: logger,
            decide: { state, _, _ in try Workflow.transfer(state, to: unit, reason: reason, by: user) },
            alongside: { connection, _ in
                try await connection.query(
                    """
                    UPDATE documents SET assigned_unit = \(unit),
                        parties = CASE WHEN \(unit) = ANY (parties) THEN parties ELSE parties || \(unit) END
                    WHERE id = \(id)
                    """, logger: logger)
            })
    }

    /// One action on one locked document: `decide` is the state machine's answer for it as it stands.
    private func act(
        _ action: WorkflowAction?, event: EventAction, on id: Int64, by user: ActingUser, text: String?, expectedRevision: Int?,
        logger: Logger,
        decide: (DocumentState, LockDocument.Row, CivilDate) throws -> Transition,
        alongside: ((PostgresConnection, LockDocument.Row) async throws -> Void)?
    ) async throws -> ActionResult {
        try await transaction(as: .documents(user)) { connection in
            guard let document = try await connection.all(LockDocument(id: id), logger: logger).first else {
                throw Self.notFound(id)
            }
            let (status, step, currentUnit, revision) = (document.status, document.step, document.currentUnit, document.revision)
            guard
                document.parties.contains(user.unit)
                    || DocumentScope.of(user).contains(origin: document.origin, street: document.street)
            else {
                throw Self.notFound(id)
            }
            if let expectedRevision, expectedRevision != revision {
                throw StoreError(
                    .conflict, code: .staleRevision,
                    zh: "单据已被他人改动（版本 \(revision)，你看到的是 \(expectedRevision)），当前状态 \(status.label.zh)",
                    en:
                        "the document changed meanwhile (revision \(revision), you saw \(expectedRevision)); it is now \(status.rawValue)",
                    details: [
                        "status: \(status.rawValue)", "current_unit: \(currentUnit ?? "-")",
                        "step: \(step.map(String.init) ?? "-")",
                    ])
            }
            let documentType = document.type
            var state = DocumentState(
                type: documentType, status: status, step: step, currentUnit: currentUnit,
                originUnit: document.origin, noticeEnds: document.noticeTo.flatMap { try? CivilDate(parsing: $0) })
            if let action, Workflow.needsActedThisRound(action, document: state, by: user) {
                state.actedThisRound = Set(try await connection.all(ActedThisRound(id: id), logger: logger))
            }
            let transition: Transition
            do {
                transition = try decide(state, document, try CivilDate(parsing: document.today))
            } catch let error as WorkflowError {
                throw Self.storeError(error, state: state)
            }
            var note = text
            if documentType == .summary {
                switch action {
                case .submit?:
                    note =
                        "seal sha256:"
                        + (try await SummaryStore.seal(id, by: user, keys: try self.keys, connection, logger: logger))
                case .approve?: try await SummaryStore.checkSeal(id, keys: try self.keys, connection, logger: logger)
                default: break
                }
            }
            switch action {
            case .approve? where documentType == .case && step == 1 && alongside == nil:
                throw StoreError(
                    .invalid, code: .actionRefused, zh: "问题线索须用 case handle 报告处置结果",
                    en: "a case is handled with its result (case handle), not approved")
            case .submit? where documentType == .registration:
                try await Self.refuseHouseholdsHeldElsewhere(id, connection, logger: logger)
            case .approve? where documentType != .case:
                let checks = DocumentChecks(connection: connection, keys: try self.keys, reader: user, logger: logger)
                let failing = try await checks.failingBlocking(id)
                guard failing.isEmpty else { throw Self.blocked(failing) }
            default: break
            }
            try await alongside?(connection, document)
            let newRevision = transition.changesState ? revision + 1 : revision
            let record = RecordEvent(
                id: id, action: event, user: user, step: action == .submit ? transition.step : step, from: status,
                to: transition.status, comment: (note?.isEmpty ?? true) ? nil : note)
            if transition.changesState {
                try await connection.run(
                    MoveAndRecord(
                        id: id, transition: transition, routeID: document.routeID, revision: newRevision, event: record),
                    logger: logger)
            } else {
                try await connection.run(record, logger: logger)
            }
            return ActionResult(
                id: DocumentID.format(id), action: event.rawValue, status: transition.status,
                currentUnit: transition.currentUnit, step: transition.step, revision: newRevision)
        }
    }

    /// A form goes into review only while it holds each of its households alone this year (sql/0007).
    static func refuseHouseholdsHeldElsewhere(_ id: Int64, _ connection: PostgresConnection, logger: Logger) async throws {
        let lines = try await connection.query("SELECT line_no FROM household_claim_clashes(\(id))", logger: logger)
            .collect().map { try $0.decode(Int.self) }
        guard lines.isEmpty else { throw HouseholdClaims.taken(rows: lines, year: nil, lines: true) }
    }

    /// A check that protects money failed: no approval; return or reject the document instead.
    static func blocked(_ failing: [Check]) -> StoreError {
        StoreError(
            .invalid, code: .blockingCheckFailed,
            zh: "检查未通过，不能同意：\(failing.map { "\($0.label.zh)（\($0.text.zh)）" }.joined(separator: "、"))；请退回或驳回",
            en:
                "a check that blocks approval failed: \(failing.map(\.name).joined(separator: ", ")); return or reject it instead",
            details: failing.map { "\($0.name): \($0.message)" })
    }

    public static func notFound(_ id: Int64) -> StoreError {
        StoreError(
            .notFound, code: .documentNotFound, zh: "没有单据 \(DocumentID.format(id))（或你无权查看）",
            en: "no document \(DocumentID.format(id)) (or it is not visible to you)")
    }

    static func storeError(_ error: WorkflowError, state: DocumentState) -> StoreError {
        let details = [
            "status: \(state.status.rawValue)", "current_unit: \(state.currentUnit ?? "-")",
            "step: \(state.step.map(String.init) ?? "-")",
        ]
        switch error {
        case .forbidden(let m): return StoreError(.forbidden, code: .notPermitted, m, details: details)
        case .conflict(let m): return StoreError(.conflict, code: .stateConflict, m, details: details)
        case .invalid(let m): return StoreError(.invalid, code: .actionRefused, m, details: details)
        }
    }

    static func recordEvent(
        _ id: Int64, action: EventAction, by user: ActingUser, step: Int?, from: DocumentStatus, to: DocumentStatus,
        comment: String?, _ connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.run(
            RecordEvent(id: id, action: action, user: user, step: step, from: from, to: to, comment: comment),
            logger: logger)
    }
}
