import CoalflowCore
import Logging
import PostgresNIO

/// Cases (问题线索): opened straight into review at the unit assigned to deal with it (派单), handled
/// there (处置), then verified and closed by the opener (核查办结) or returned to the handler; moved to
/// another unit with a reason (转办, `WorkflowStore.transfer`). Each step is the workflow engine's.
public struct CaseStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    /// Opens a case in the latest program year that has started; returns its id. A street or village
    /// opens cases of its own street or village only.
    public func open(_ opening: CaseOpening, by user: ActingUser) async throws -> Int64 {
        let logger = logger
        return try await transaction(as: .documents(user)) { connection in
            try await Self.open(opening, by: user, connection, logger: logger)
        }
    }

    /// `open` within a transaction already under the user's row scope: a failed quality sample opens its
    /// case in the transaction that records the sample.
    static func open(_ opening: CaseOpening, by user: ActingUser, _ connection: PostgresConnection, logger: Logger) async throws
        -> Int64
    {
        guard user.role != .viewer, user.unitKind != .company else {
            throw StoreError(.forbidden, code: .notPermitted, zh: "你的账号不能立案", en: "your login cannot open cases")
        }
        let problem = try Self.text(opening.problem, field: "problem", label: Message(zh: "问题描述", en: "the problem"))
        guard (opening.source == .inspection) == (opening.inspection != nil) else {
            throw StoreError(
                .invalid, code: .invalidInput, zh: "来源为检查（inspection）时须给出检查记录，其他来源不给",
                en: "a case from an inspection names the inspection (--inspection), and only such a case does")
        }
        if opening.source == .quality, !QualitySample.mayBeRecorded(by: user) {
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "质量抽检问题由区市场监管局立案", en: "cases from quality samples are opened by scjgj")
        }
        try await Self.check(opening, by: user, connection, logger: logger)
        let rows = try await connection.query(
            """
            WITH year AS (SELECT y.year FROM program_years y WHERE y.starts_on <= program_today()
                          ORDER BY y.year DESC LIMIT 1),
            route AS (SELECT r.id FROM routes r, year WHERE r.document_type = 'case' AND r.year = year.year
                      ORDER BY r.version DESC LIMIT 1)
            INSERT INTO documents (document_type, year, origin_unit, street_code, status, route_id, step_position,
                                   current_unit, step_since, assigned_unit, parties, created_by)
            SELECT 'case', year.year, \(user.unit), \(opening.street), 'in_review', route.id, 1, \(opening.assign), now(),
                   \(opening.assign), ARRAY[\(user.unit), \(opening.assign)]::text[], \(user.userID)
            FROM year, route
            RETURNING id
            """, logger: logger
        ).collect()
        guard let id = try rows.first?.decode(Int64.self) else {
            throw StoreError(
                .conflict, code: .unknownYear, zh: "还没有已开始的年度，或该年度没有问题线索的办理流程",
                en: "no program year has started yet, or it has no route for cases")
        }
        try await connection.query(
            """
            INSERT INTO cases (document_id, source, village_code, company_code, problem, due, inspection_id)
            VALUES (\(id), \(opening.source.rawValue), \(opening.village), \(opening.company), \(problem),
                    \(opening.due?.description)::date, \(opening.inspection?.value))
            """, logger: logger)
        try await WorkflowStore.recordEvent(
            id, action: .create, by: user, step: nil, from: .draft, to: .draft, comment: problem, connection, logger: logger)
        try await WorkflowStore.recordEvent(
            id, action: .submit, by: user, step: 1, from: .draft, to: .inReview, comment: "→ \(opening.assign)", connection,
            logger: logger)
        return id
    }

    /// The handler reports what it did; the case then waits for its opener to verify it.
    public func handle(_ id: Int64, outcome: CaseOutcome, result: String, by user: ActingUser) async throws -> ActionResult {
        let result = try Self.text(result, field: "result", label: Message(zh: "处置结果", en: "the result"))
        let logger = logger
        return try await WorkflowStore(context: context).perform(
            .approve, on: id, by: user, text: "\(outcome.label.zh)：\(result)",
            alongside: { connection, document in
                guard document.type == .case, document.step == 1 else {
                    throw StoreError(
                        .conflict, code: .stateConflict, zh: "此单据不是待处置的问题线索", en: "this is not a case waiting to be handled")
                }
                try await connection.query(
                    "UPDATE cases SET outcome = \(outcome.rawValue), result = \(result) WHERE document_id = \(id)", logger: logger
                )
            })
    }

    /// A unit a case may be assigned or transferred to: any unit but a company.
    static func requireUnit(_ code: String, context: StoreContext) async throws {
        let kinds = try await context.client.query("SELECT kind FROM units WHERE code = \(code)", logger: context.logger)
            .collect().map { try $0.decode(String.self) }
        guard let kind = kinds.first else { throw StoreError.unknownUnit(code) }
        guard kind != UnitKind.company.rawValue else {
            throw StoreError(
                .invalid, code: .wrongUnitKind, zh: "问题线索不能交给配送企业办理：\(code)",
                en: "a case cannot be assigned to a company: \(code)")
        }
    }

    /// The places and units an opening names exist, are of the right kind, and lie within the opener's reach.
    static func check(_ opening: CaseOpening, by user: ActingUser, _ connection: PostgresConnection, logger: Logger) async throws
    {
        let rows = try await connection.query(
            """
            SELECT (SELECT kind FROM units WHERE code = \(opening.street)),
                   (SELECT parent_code FROM units WHERE code = \(opening.village) AND kind = 'village'),
                   (SELECT kind FROM units WHERE code = \(opening.company)),
                   (SELECT kind FROM units WHERE code = \(opening.assign)),
                   (SELECT street_code FROM inspections WHERE id = \(opening.inspection?.value))
            """, logger: logger
        ).collect()
        let (street, villageStreet, company, assigned, inspectionStreet) = try rows[0].decode(
            (String?, String?, String?, String?, String?).self)
        func refuse(_ zh: String, _ en: String) -> StoreError { StoreError(.invalid, code: .invalidInput, zh: zh, en: en) }
        guard street == UnitKind.street.rawValue else { throw StoreError.unknownUnit(opening.street) }
        if let village = opening.village, villageStreet != opening.street {
            throw refuse("村 \(village) 不在街道 \(opening.street)", "village \(village) is not in street \(opening.street)")
        }
        if let code = opening.company, company != UnitKind.company.rawValue {
            throw refuse("没有配送企业 \(code)", "no delivery company \(code)")
        }
        guard let assigned else { throw StoreError.unknownUnit(opening.assign) }
        guard assigned != UnitKind.company.rawValue else {
            throw refuse("问题线索不能交给配送企业办理", "a case cannot be assigned to a company")
        }
        if let inspection = opening.inspection?.value, inspectionStreet != opening.street {
            throw StoreError(
                .notFound, code: .notFound, zh: "没有检查记录 \(InspectionID.format(inspection))（或不在此街道）",
                en: "no inspection \(InspectionID.format(inspection)) in this street (or it is not visible to you)")
        }
        switch user.unitKind {
        case .street where opening.street != user.unit:
            throw StoreError(.forbidden, code: .notPermitted, zh: "只能为本街道立案", en: "a street opens cases in its own street only")
        case .village where opening.village != user.unit:
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "只能为本村立案（--village）", en: "a village opens cases for itself only (--village)"
            )
        default: break
        }
    }

    static func text(_ raw: String, field: String, label: Message) throws(StoreError) -> String {
        do {
            return try FreeText.clean(raw, field: field, label: label, maxLength: 500, multiline: true)
        } catch {
            throw StoreError(error)
        }
    }
}
