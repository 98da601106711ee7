import CoalflowCore
import Logging
import PostgresNIO

/// What a unit's web overview shows: the year and where its schedule stands, progress per street (for
/// those who read reports), what waits at each unit and for how long, the latest actions, and the
/// documents of the user's own scope by status.
public struct Overview: Sendable {
    /// Documents waiting at one unit.
    public struct Waiting: Sendable, Hashable {
        public var unit: String
        public var unitName: String
        public var count: Int
        /// The longest wait, in hours.
        public var longestHours: Int
        public var overdue: Int
        /// Within a day of its step's time limit, not past it.
        public var dueSoon: Int
    }

    /// One action on a document, newest first.
    public struct Action: Sendable, Hashable {
        public var document: String
        public var type: DocumentType
        public var action: String
        public var unitName: String
        public var login: String
        public var at: String
        public var fromStatus: String
        public var toStatus: String
    }

    /// The user's own unit, by name.
    public var unitName: String
    public var year: Int
    public var startsOn: String
    public var endsOn: String
    /// Elapsed share of the program year, in tenths of a percent (0–1000): the pro-rata schedule.
    public var schedulePermille: Int
    /// Per street and the district total; empty for villages and companies.
    public var progress: [ProgressRow]
    public var waiting: [Waiting]
    public var latest: [Action]
    /// The documents the user may see, by status (every status present).
    public var byStatus: [DocumentStatus: Int]
    /// Cases past their due date, not yet closed.
    public var overdueCases: Int
}

extension ReportStore {
    /// The overview for `user` in `year`, or in the program year under way (the latest begun, else the
    /// first) when nil; nil when no program year is set up.
    public func overview(year: Int?, user: ActingUser) async throws -> Overview? {
        let logger = logger
        let reach = DocumentQueries.scopeParameters(user)
        guard
            var overview = try await transaction(
                as: .documents(user), on: context.reads,
                { connection -> Overview? in
                    let years = try await connection.query(
                        """
                        SELECT year, starts_on::text, ends_on::text,
                               greatest(0, least(1000, round(1000.0 * (program_today() - starts_on + 1)
                                                              / (ends_on - starts_on + 1))))::int
                        FROM program_years
                        WHERE year = \(year) OR (\(year)::int IS NULL AND starts_on <= program_today())
                        ORDER BY year DESC LIMIT 1
                        """, logger: logger
                    ).collect()
                    let first =
                        years.isEmpty && year == nil
                        ? try await connection.query(
                            """
                            SELECT year, starts_on::text, ends_on::text, 0 FROM program_years ORDER BY year LIMIT 1
                            """, logger: logger
                        ).collect() : years
                    guard let (year, starts, ends, permille) = try first.first?.decode((Int, String, String, Int).self) else {
                        return nil
                    }
                    let unitName =
                        try await connection.query("SELECT name FROM units WHERE code = \(user.unit)", logger: logger)
                        .collect().first?.decode(String.self) ?? user.unit
                    // What the user may see, as `list` has it: $1–$4; the year: $5.
                    func scoped(_ sql: String) -> PostgresQuery {
                        var binds = PostgresBindings()
                        binds.append(reach.all)
                        binds.append(reach.street)
                        binds.append(reach.origin)
                        binds.append(user.unit)
                        binds.append(year)
                        let scope = """
                            ($1 OR d.street_code = $2 OR d.origin_unit = $3 OR (d.document_type = 'case' AND $4 = ANY (d.parties)))
                            """
                        return PostgresQuery(unsafeSQL: sql.replacingOccurrences(of: "SCOPE", with: scope), binds: binds)
                    }
                    // Counts of waiting documents per unit from the running counts (sql/0020), cases
                    // counted as they are; the longest wait and what is late or due soon from the oldest
                    // waiting documents of each unit only (the index of waiting documents, oldest first).
                    var waiting: [Overview.Waiting] = []
                    for row in try await connection.query(
                        scoped(
                            """
                            WITH counted AS (
                                SELECT current_unit, sum(documents) AS n FROM document_counts d
                                WHERE d.year = $5 AND d.status = 'in_review' AND ($1 OR d.street_code = $2 OR d.origin_unit = $3)
                                GROUP BY current_unit
                                UNION ALL
                                SELECT d.current_unit, count(*) FROM documents d
                                WHERE d.document_type = 'case' AND d.status = 'in_review' AND d.year = $5 AND SCOPE
                                GROUP BY d.current_unit),
                            waiting AS (SELECT current_unit, sum(n)::int AS n FROM counted GROUP BY current_unit HAVING sum(n) > 0)
                            SELECT w.current_unit, coalesce(u.name, w.current_unit), w.n,
                                   coalesce((SELECT extract(epoch FROM now() - d.step_since) / 3600 FROM documents d
                                             WHERE d.status = 'in_review' AND d.current_unit = w.current_unit AND d.year = $5 AND SCOPE
                                             ORDER BY d.step_since LIMIT 1), 0)::int,
                                   late.overdue, late.soon
                            FROM waiting w LEFT JOIN units u ON u.code = w.current_unit
                            CROSS JOIN LATERAL (
                                SELECT count(*) FILTER (WHERE step_overdue(d.step_since, rs.time_limit_days))::int AS overdue,
                                       count(*) FILTER (WHERE NOT step_overdue(d.step_since, rs.time_limit_days)
                                                        AND d.step_since + make_interval(days => rs.time_limit_days - 1) < now())::int
                                           AS soon
                                FROM documents d
                                JOIN route_steps rs ON rs.route_id = d.route_id AND rs.position = d.step_position
                                WHERE d.status = 'in_review' AND d.current_unit = w.current_unit AND d.year = $5 AND SCOPE
                                  AND d.step_since < now() - make_interval(
                                      days => greatest((SELECT min(time_limit_days) FROM route_steps) - 1, 0))) late
                            ORDER BY 5 DESC, 4 DESC, 1
                            """), logger: logger
                    ).collect() {
                        let (unit, name, count, hours, overdue, soon) = try row.decode((String, String, Int, Int, Int, Int).self)
                        waiting.append(
                            .init(unit: unit, unitName: name, count: count, longestHours: hours, overdue: overdue, dueSoon: soon))
                    }
                    // The newest actions in the reader's scope (sql/0021, the scope from the row settings).
                    var latest: [Overview.Action] = []
                    for row in try await connection.query("SELECT * FROM latest_events(\(year)::int, 10)", logger: logger)
                        .collect()
                    {
                        let (id, type, action, unitName, login, at, from, to) = try row.decode(
                            (Int64, String, String, String, String, String, String, String).self)
                        latest.append(
                            .init(
                                document: DocumentID.format(id), type: DocumentType(rawValue: type) ?? .registration,
                                action: action, unitName: unitName, login: login, at: at, fromStatus: from, toStatus: to))
                    }
                    // Documents by status from the running counts; cases as they are, with those overdue.
                    var byStatus: [DocumentStatus: Int] = [:]
                    var overdueCases = 0
                    for row in try await connection.query(
                        scoped(
                            """
                            SELECT d.status, sum(d.documents)::int, 0 FROM document_counts d
                            WHERE d.year = $5 AND ($1 OR d.street_code = $2 OR d.origin_unit = $3)
                            GROUP BY d.status
                            UNION ALL
                            SELECT d.status, count(*)::int, count(*) FILTER (WHERE c.due < program_today())::int
                            FROM documents d JOIN cases c ON c.document_id = d.id
                            WHERE d.document_type = 'case' AND d.year = $5 AND SCOPE
                            GROUP BY d.status
                            """), logger: logger
                    ).collect() {
                        let (status, count, lateCases) = try row.decode((String, Int, Int).self)
                        if let status = DocumentStatus(rawValue: status), count > 0 { byStatus[status, default: 0] += count }
                        if status == DocumentStatus.inReview.rawValue { overdueCases += lateCases }
                    }
                    return Overview(
                        unitName: unitName, year: year, startsOn: starts, endsOn: ends, schedulePermille: permille, progress: [],
                        waiting: waiting,
                        latest: latest, byStatus: byStatus, overdueCases: overdueCases)
                })
        else { return nil }
        if case .some = try Self.streetScope(user) {
            overview.progress = try await progress(year: overview.year, user: user)
        }
        return overview
    }
}

extension ReportStore {
    /// The program years set up, newest first.
    public func programYears() async throws -> [Int] {
        try await client.query("SELECT year FROM program_years ORDER BY year DESC", logger: logger).collect().map {
            try $0.decode(Int.self)
        }
    }

    /// Every street and town, code and name, in the plan's order.
    public func streets() async throws -> [(code: String, name: String)] {
        try await client.query("SELECT code, name FROM units WHERE kind = 'street' ORDER BY created_at, code", logger: logger)
            .collect().map { try $0.decode((String, String).self) }
    }
}
