import CoalflowCore
import Foundation
import Logging
import PostgresNIO

/// Reading documents, always within the reader's scope: a document outside it is "not found".
public struct DocumentQueries: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    public struct Filter: Sendable {
        public var type: DocumentType?
        public var status: DocumentStatus?
        public var street: String?
        public var year: Int?
        public var limit: Int
        public var offset: Int

        public init(
            type: DocumentType? = nil, status: DocumentStatus? = nil, street: String? = nil, year: Int? = nil,
            limit: Int = Paging.defaultLimit,
            offset: Int = 0
        ) {
            self.type = type
            self.status = status
            self.street = street
            self.year = year
            self.limit = limit
            self.offset = offset
        }
    }

    /// The columns of a `DocumentView`, over `documents d` joined to its awaited step `s`. The units'
    /// names are looked up by primary key for the rows returned only (PostgreSQL evaluates subqueries of
    /// the select list after the sort and limit), so they do not change how a page is planned.
    static let viewColumns = """
        d.id, d.document_type, d.status, d.origin_unit, d.street_code, d.current_unit, d.year,
        to_char(d.month, 'YYYY-MM') AS month, d.households, d.coal_kg AS coal_kg, d.stoves,
        d.subsidy_fen, d.revision, d.step_position,
        (SELECT count(*) FROM route_steps rs WHERE rs.route_id = d.route_id)::int AS step_count,
        program_time_text(d.step_since) AS waiting_since,
        s.time_limit_days,
        coalesce(step_overdue(d.step_since, s.time_limit_days) OR (d.status = 'in_review' AND c.due < program_today()), false)
            AS overdue,
        CASE WHEN d.status = 'in_review' THEN step_urges(d.id, d.step_since) ELSE 0 END::int AS urges,
        d.notice_from::text AS notice_from, d.notice_to::text AS notice_to,
        program_time_text(d.created_at) AS created_at,
        c.source, c.village_code, c.company_code, d.assigned_unit, c.due::text AS due, c.problem, c.outcome, c.result,
        (SELECT u.name FROM units u WHERE u.code = d.origin_unit) AS origin_unit_name,
        (SELECT u.name FROM units u WHERE u.code = d.street_code) AS street_name,
        (SELECT u.name FROM units u WHERE u.code = d.current_unit) AS current_unit_name,
        (SELECT u.name FROM units u WHERE u.code = d.assigned_unit) AS assigned_unit_name,
        (SELECT u.name FROM units u WHERE u.code = c.village_code) AS village_name,
        (SELECT u.name FROM units u WHERE u.code = c.company_code) AS company_name
        """
    static let viewFrom = """
        documents d LEFT JOIN route_steps s ON s.route_id = d.route_id AND s.position = d.step_position
        LEFT JOIN cases c ON c.document_id = d.id
        """

    static func view(_ row: PostgresRow) throws -> DocumentView {
        let r = row.makeRandomAccess()
        var view = DocumentView(
            id: DocumentID.format(try r["id"].decode(Int64.self)),
            type: try r["document_type"].decode(DocumentType.self),
            status: try r["status"].decode(DocumentStatus.self),
            originUnit: try r["origin_unit"].decode(String.self),
            street: try r["street_code"].decode(String.self),
            currentUnit: try r["current_unit"].decode(String?.self),
            year: try r["year"].decode(Int.self),
            month: try r["month"].decode(String?.self),
            totals: .init(
                households: try r["households"].decode(Int.self),
                coalTons: Tons(thousandths: try r["coal_kg"].decode(Int64.self)).description,
                stoves: try r["stoves"].decode(Int.self), subsidyFen: try r["subsidy_fen"].decode(Int64.self)),
            revision: try r["revision"].decode(Int.self),
            step: try r["step_position"].decode(Int?.self),
            stepCount: try r["step_count"].decode(Int.self),
            waitingSince: try r["waiting_since"].decode(String?.self),
            timeLimitDays: try r["time_limit_days"].decode(Int?.self),
            overdue: try r["overdue"].decode(Bool.self),
            urges: try r["urges"].decode(Int.self),
            noticeFrom: try r["notice_from"].decode(String?.self),
            noticeTo: try r["notice_to"].decode(String?.self),
            createdAt: try r["created_at"].decode(String.self),
            source: try r["source"].decode(String?.self), village: try r["village_code"].decode(String?.self),
            company: try r["company_code"].decode(String?.self), assignedUnit: try r["assigned_unit"].decode(String?.self),
            due: try r["due"].decode(String?.self), problem: try r["problem"].decode(String?.self),
            outcome: try r["outcome"].decode(String?.self), result: try r["result"].decode(String?.self))
        view.originUnitName = try r["origin_unit_name"].decode(String?.self)
        view.streetName = try r["street_name"].decode(String?.self)
        view.currentUnitName = try r["current_unit_name"].decode(String?.self)
        view.assignedUnitName = try r["assigned_unit_name"].decode(String?.self)
        view.villageName = try r["village_name"].decode(String?.self)
        view.companyName = try r["company_name"].decode(String?.self)
        return view
    }

    /// The scope as three bound parameters: all rows, one street's, or one originator's.
    static func scopeParameters(_ user: ActingUser) -> (all: Bool, street: String?, origin: String?) {
        switch DocumentScope.of(user) {
        case .district: (true, nil, nil)
        case .street(let code): (false, code, nil)
        case .origin(let code): (false, nil, code)
        case .none: (false, nil, nil)
        }
    }

    /// Documents visible to `user`, newest first.
    public func list(_ user: ActingUser, _ filter: Filter) async throws -> [DocumentView] {
        let scope = Self.scopeParameters(user)
        let query: PostgresQuery = """
            SELECT \(unescaped: Self.viewColumns) FROM \(unescaped: Self.viewFrom)
            WHERE (\(scope.all) OR d.street_code = \(scope.street) OR d.origin_unit = \(scope.origin)
                   OR (d.document_type = 'case' AND \(user.unit) = ANY (d.parties)))
              AND (\(filter.type?.rawValue)::text IS NULL OR d.document_type = \(filter.type?.rawValue))
              AND (\(filter.status?.rawValue)::text IS NULL OR d.status = \(filter.status?.rawValue))
              AND (\(filter.street)::text IS NULL OR d.street_code = \(filter.street))
              AND (\(filter.year)::int IS NULL OR d.year = \(filter.year))
            ORDER BY d.id DESC LIMIT \(filter.limit) OFFSET \(filter.offset)
            """
        return try await rows(query, as: .documents(user)).map(Self.view)
    }

    /// What waits for the user's unit, oldest first, a page at a time.
    public func queue(_ user: ActingUser, type: DocumentType?, limit: Int = Paging.defaultLimit, offset: Int = 0) async throws
        -> [DocumentView]
    {
        try await rows(QueuePage(unit: user.unit, type: type, limit: limit, offset: offset), as: .documents(user)).map(Self.view)
    }

    /// Everything in review in the district, longest waiting first: for 发改局, 财政局 and the office.
    public func track(_ user: ActingUser, overdueOnly: Bool, limit: Int = Paging.defaultLimit, offset: Int = 0) async throws
        -> [DocumentView]
    {
        guard user.seesWholeDistrict else {
            throw StoreError(
                .forbidden, code: .notPermitted,
                zh: "只有领导小组办公室、区发改局和区财政局可以跟踪全区审批", en: "only the office, fgj and czj track the whole district")
        }
        let query: PostgresQuery = """
            SELECT \(unescaped: Self.viewColumns) FROM \(unescaped: Self.viewFrom)
            WHERE d.status = 'in_review'
              AND (NOT \(overdueOnly) OR step_overdue(d.step_since, s.time_limit_days))
            ORDER BY d.step_since, d.id LIMIT \(limit) OFFSET \(offset)
            """
        return try await rows(query, as: .documents(user)).map(Self.view)
    }

    /// One document's header and totals, as lists show it; nil when it does not exist or is not visible.
    public func header(_ id: Int64, for user: ActingUser) async throws -> DocumentView? {
        let logger = logger
        return try await transaction(as: .documents(user)) { try await Self.header(id, for: user, $0, logger: logger) }
    }

    static func header(_ id: Int64, for user: ActingUser, _ connection: PostgresConnection, logger: Logger) async throws
        -> DocumentView?
    {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.viewColumns), d.parties FROM \(unescaped: Self.viewFrom) WHERE d.id = \(id)
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let view = try Self.view(row)
        let party = try row.makeRandomAccess()["parties"].decode([String]?.self)?.contains(user.unit) ?? false
        return party || DocumentScope.of(user).contains(origin: view.originUnit, street: view.street) ? view : nil
    }

    /// One document with its lines, checks and history, read in one transaction; nil when it does not
    /// exist or is not visible.
    public func show(_ id: Int64, for user: ActingUser) async throws -> DocumentView? {
        let logger = logger
        let keys = try self.keys
        return try await transaction(as: .documents(user)) { connection in
            guard var view = try await Self.header(id, for: user, connection, logger: logger) else { return nil }
            let unmasked = user.seesPersonalData(ofFormFrom: view.originUnit, street: view.street)
            var shown = 0
            switch view.type {
            case .registration, .summary:
                let lines = try await Self.lines(id, unmasked: unmasked, keys: keys, connection, logger: logger)
                (view.lines, shown) = (lines, lines.count)
            case .survey:
                let homes = try await SurveyStore.homes(id, unmasked: unmasked, keys: keys, connection, logger: logger)
                (view.homes, shown) = (homes, homes.count)
            case .case: break
            }
            if unmasked {
                try await AccessLog.record(document: id, households: shown, by: user, connection, logger: logger)
            }
            view.history = try await EventHistory.of(document: id, connection, logger: logger)
            // The office holds no copy of a slip, but tracks summaries: their checks add up slips as a
            // report does, over the summary's street.
            if user.unitKind == .office {
                try await RowScope.aggregates(user, street: view.street).apply(on: connection, logger: logger)
            }
            view.checks = try await DocumentChecks(connection: connection, keys: keys, reader: user, logger: logger).run(id)
            return view
        }
    }

    static func lines(
        _ id: Int64, unmasked: Bool, keys: PersonalDataKeys, _ connection: PostgresConnection,
        logger: Logger
    ) async throws -> [HouseholdLine] {
        let rows = try await connection.query(
            """
            SELECT l.line_no, l.household_name, l.address, l.id_number_enc, l.phone_enc, l.coal_kg, l.stoves,
                   subsidy_fen(l.coal_kg, l.stoves, y.coal_subsidy_fen_per_ton, y.stove_subsidy_fen)
            FROM registration_lines l JOIN documents d ON d.id = l.document_id JOIN program_years y ON y.year = d.year
            WHERE l.document_id = \(id) ORDER BY l.line_no
            """, logger: logger
        ).collect()
        return try rows.map { row in
            let (no, name, address, idSealed, phoneSealed, kg, stoves, subsidy) =
                try row.decode((Int, String, String, Data, Data, Int64, Int, Int64).self)
            let idNumber = try keys.open(idSealed, purpose: "id_number")
            let phone = try keys.open(phoneSealed, purpose: "phone")
            return HouseholdLine(
                lineNo: no, name: name, address: address,
                idNumber: unmasked ? idNumber : Masking.idNumber(idNumber),
                phone: unmasked ? phone : Masking.phone(phone),
                coalTons: Tons(thousandths: kg).description, stoves: stoves, subsidyFen: subsidy)
        }
    }
}
