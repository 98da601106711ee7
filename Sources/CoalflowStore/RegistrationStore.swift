import CoalflowCore
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

/// Registration forms (登记表): a village creates one per program year and posts it publicly (公示).
public struct RegistrationStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    /// Stores a new form with its households, all or nothing. Refuses a household already on another live
    /// form of the year (sql/0007), without telling the village which one.
    public func create(year: Int, households: [Household], by user: ActingUser, idempotency: IdempotencyKey? = nil) async throws
        -> Int64
    {
        guard user.unitKind == .village, user.role == .clerk, let street = user.street else {
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "只有村/社区经办人员可以创建登记表", en: "only a village clerk creates registration forms")
        }
        let sealed = try SealedHouseholds(households, keys: try keys)
        let logger = logger
        return try await refusingTakenHouseholds(year: year, by: user) {
            try await transaction(as: .documents(user)) { connection in
                if let idempotency, let prior = try await idempotency.prior(for: user, connection, logger: logger),
                    let id = prior.first
                {
                    return id
                }
                let years = try await connection.query("SELECT 1 FROM program_years WHERE year = \(year)", logger: logger)
                    .collect()
                guard !years.isEmpty else { throw StoreError.unknownYear(year) }
                try await HouseholdClaims.refuseHeld(year: year, digests: sealed.digests, except: nil, connection, logger: logger)
                let created = try await connection.query(
                    """
                    INSERT INTO documents (document_type, year, origin_unit, street_code, created_by)
                    VALUES ('registration', \(year), \(user.unit), \(street), \(user.userID)) RETURNING id
                    """, logger: logger
                ).collect()
                let id = try created.first!.decode(Int64.self)
                try await sealed.insert(into: id, at: Array(sealed.households.indices), firstLine: 1, connection, logger: logger)
                try await Self.updateTotals(id, connection, logger: logger)
                try await WorkflowStore.recordEvent(
                    id, action: .create, by: user, step: nil, from: .draft, to: .draft,
                    comment: nil, connection, logger: logger)
                try await idempotency?.record([id], for: user, connection, logger: logger)
                return id
            }
        }
    }

    /// Replaces the households of a draft, returned or withdrawn form (退回 is a request to correct), all
    /// or nothing, with the rules of `create`. Households are matched by ID number: a kept one keeps its
    /// line (and the slips issued against it), a new one gets a new line, a dropped one leaves the form.
    /// A changed list sends the form back to draft: the public must see it (公示) before it is submitted.
    public func amend(_ id: Int64, households: [Household], by user: ActingUser) async throws -> ActionResult {
        let keys = try keys
        let sealed = try SealedHouseholds(households, keys: keys)
        let logger = logger
        return try await refusingTakenHouseholds(year: nil, by: user) {
            try await transaction(as: .documents(user)) { connection in
                let before = try await FormHeader.lockForCorrection(id, .registration, by: user, connection, logger: logger)
                try await HouseholdClaims.refuseHeld(
                    year: before.year, digests: sealed.digests, except: id, connection, logger: logger)
                let change = try await LineChange(form: id, to: sealed, keys: keys, connection, logger: logger)
                guard change.changes else {
                    return ActionResult(
                        id: DocumentID.format(id), action: "unchanged", status: before.status, currentUnit: nil, step: nil,
                        revision: before.revision)
                }
                try await change.apply(connection, logger: logger)
                try await Self.updateTotals(id, connection, logger: logger)
                guard let after = try await FormHeader.read(id, locking: false, connection, logger: logger) else {
                    throw WorkflowStore.notFound(id)
                }
                try await connection.query(
                    """
                    UPDATE documents SET status = 'draft', notice_from = NULL, notice_to = NULL, revision = revision + 1, updated_at = now()
                    WHERE id = \(id)
                    """, logger: logger)
                try await WorkflowStore.recordEvent(
                    id, action: .amend, by: user, step: nil, from: before.status, to: .draft,
                    comment: before.totalsChange(to: after), connection, logger: logger)
                return ActionResult(
                    id: DocumentID.format(id), action: "amend", status: .draft, currentUnit: nil, step: nil,
                    revision: before.revision + 1)
            }
        }
    }

    /// Recomputes the stored totals from the lines, with the year's rates (per line, rounded to the fen).
    static func updateTotals(_ id: Int64, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE documents d SET households = t.n, coal_kg = t.kg, stoves = t.stoves, subsidy_fen = t.subsidy
            FROM (SELECT count(*) AS n, sum(l.coal_kg) AS kg, sum(l.stoves) AS stoves,
                         sum(subsidy_fen(l.coal_kg, l.stoves, y.coal_subsidy_fen_per_ton, y.stove_subsidy_fen)) AS subsidy
                  FROM registration_lines l JOIN documents dd ON dd.id = l.document_id JOIN program_years y ON y.year = dd.year
                  WHERE l.document_id = \(id)) t
            WHERE d.id = \(id)
            """, logger: logger)
    }

    /// Records the notice period (公示). Allowed to the village's clerk while the form is a draft, being
    /// publicized, returned or withdrawn.
    public func publicize(_ id: Int64, from: CivilDate, to: CivilDate, by user: ActingUser) async throws -> ActionResult {
        guard from <= to else {
            throw StoreError(
                .invalid, code: .invalidInput, zh: "公示开始日期不能晚于结束日期", en: "the notice period must start on or before its end")
        }
        let logger = logger
        return try await transaction(as: .documents(user)) { connection in
            let rows = try await connection.query(
                """
                SELECT document_type, status, origin_unit, street_code, revision FROM documents WHERE id = \(id) FOR UPDATE
                """, logger: logger
            ).collect()
            guard let row = rows.first else { throw WorkflowStore.notFound(id) }
            let (type, status, origin, street, revision) = try row.decode(
                (DocumentType, DocumentStatus, String, String, Int).self)
            guard DocumentScope.of(user).contains(origin: origin, street: street) else { throw WorkflowStore.notFound(id) }
            guard user.unit == origin, user.role == .clerk else {
                throw StoreError(
                    .forbidden, code: .notPermitted, zh: "只有制单村的经办人员可以公示",
                    en: "only a clerk of the originating village can publicize")
            }
            guard type == .registration, [.draft, .publicizing, .returned, .withdrawn].contains(status) else {
                throw StoreError(
                    .conflict, code: .stateConflict, zh: "单据状态为 \(status.label.zh)，不能公示",
                    en: "the document is \(status.rawValue); it cannot be publicized", details: ["status: \(status.rawValue)"])
            }
            try await connection.query(
                """
                UPDATE documents SET status = 'publicizing', notice_from = \(from.description)::date, notice_to = \(to.description)::date,
                    revision = revision + 1, updated_at = now()
                WHERE id = \(id)
                """, logger: logger)
            try await WorkflowStore.recordEvent(
                id, action: .publicize, by: user, step: nil, from: status, to: .publicizing,
                comment: "\(from) – \(to)", connection, logger: logger)
            return .init(
                id: DocumentID.format(id), action: "publicize", status: .publicizing, currentUnit: nil, step: nil,
                revision: revision + 1)
        }
    }
}
