import CoalflowCore
import Foundation
import Logging
import PostgresNIO

/// The year-end assessment (年考核), each sheet read with a streaming query and handed on row by row,
/// so neither side holds a whole sheet.
extension ReportStore {
    /// How long each completed step took, for documents of the year: from the event that started the
    /// step (a submission, or the approval of the step before) to the approval, return or rejection.
    static let stepTimes = """
        step_times AS (
            SELECT d.id AS document_id, d.street_code, d.document_type, e.actor_unit, e.step_position,
                   extract(epoch FROM e.at - e.started) / 86400.0 AS days, rs.time_limit_days
            FROM (SELECT document_id, action, actor_unit, step_position, at,
                         max(at) FILTER (WHERE action IN ('submit', 'approve'))
                             OVER (PARTITION BY document_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS started
                  FROM workflow_events) e
            JOIN documents d ON d.id = e.document_id
            JOIN route_steps rs ON rs.route_id = d.route_id AND rs.position = e.step_position
            WHERE e.action IN ('approve', 'return', 'reject') AND e.started IS NOT NULL AND d.year = $1)
        """

    /// Streams one sheet's rows to `emit`. Household detail is for the district units and the streets.
    public func yearEnd(_ sheet: YearEndSheet, year: Int, user: ActingUser, emit: ([Cell]) async throws -> Void) async throws {
        let street = try Self.checkYearEnd(sheet, user)
        let keys = try self.keys
        var bindings = PostgresBindings()
        bindings.append(year)
        bindings.append(street)
        let logger = logger
        try await transaction(as: .aggregates(user, street: street), on: context.exports) { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: Self.sql(sheet), binds: bindings), logger: logger)
            var rank = 0
            for try await row in rows {
                let cells = try Self.cells(sheet, row, rank: &rank, keys: keys)
                try await emit(cells)
            }
        }
    }

    /// Refuses before anything is streamed; returns the street the reader is limited to, if any.
    @discardableResult
    public static func checkYearEnd(_ sheet: YearEndSheet, _ user: ActingUser) throws -> String? {
        let street = try requireReader(user)
        if sheet == .households, !user.seesHouseholdDetail {
            throw StoreError(
                .forbidden, code: .notPermitted,
                zh: "农户明细仅供领导小组办公室、区发改局、区财政局和街道查看", en: "household detail is for the office, fgj, czj and the streets")
        }
        return street
    }

    static func sql(_ sheet: YearEndSheet) -> String {
        switch sheet {
        case .streets:
            """
            WITH \(stepTimes),
            reg AS (SELECT d.street_code, sum(l.coal_kg) AS kg, sum(l.stoves) AS stoves, count(*) AS households
                    FROM documents d JOIN registration_lines l ON l.document_id = d.id
                    WHERE d.document_type = 'registration' AND d.year = $1
                      AND registration_released(d.status, d.step_position) GROUP BY 1),
            del AS (SELECT street_code, sum(coal_kg) AS kg, sum(stoves) AS stoves
                    FROM slips WHERE year = $1 AND status = 'valid' GROUP BY 1),
            fil AS (SELECT s.street_code, sum(s.coal_kg) AS kg, sum(s.stoves) AS stoves, sum(s.subsidy_fen) AS subsidy
                    FROM slips s JOIN documents d ON d.id = s.summary_id WHERE s.year = $1 AND s.status = 'valid' AND d.status = 'filed' GROUP BY 1),
            steps AS (SELECT street_code, round(avg(days) FILTER (WHERE step_position = 1) * 10)::bigint AS s1,
                             round(avg(days) FILTER (WHERE step_position = 2) * 10)::bigint AS s2,
                             round(avg(days) FILTER (WHERE step_position = 3) * 10)::bigint AS s3,
                             count(*) FILTER (WHERE days > time_limit_days) AS late
                      FROM step_times GROUP BY 1),
            open_late AS (SELECT d.street_code, count(*) AS late FROM documents d
                          JOIN route_steps rs ON rs.route_id = d.route_id AND rs.position = d.step_position
                          WHERE d.status = 'in_review' AND d.year = $1 AND step_overdue(d.step_since, rs.time_limit_days) GROUP BY 1)
            SELECT u.code, u.name, t.coal_kg, t.stoves::bigint,
                   coalesce(reg.kg, 0)::bigint, coalesce(reg.stoves, 0)::bigint, coalesce(reg.households, 0)::bigint,
                   coalesce(del.kg, 0)::bigint, coalesce(del.stoves, 0)::bigint, coalesce(fil.kg, 0)::bigint, coalesce(fil.stoves, 0)::bigint,
                   coalesce(fil.subsidy, 0)::bigint, steps.s1, steps.s2, steps.s3, (coalesce(steps.late, 0) + coalesce(open_late.late, 0))::bigint
            FROM units u
            LEFT JOIN targets t ON t.street_code = u.code AND t.year = $1
            LEFT JOIN reg ON reg.street_code = u.code LEFT JOIN del ON del.street_code = u.code LEFT JOIN fil ON fil.street_code = u.code
            LEFT JOIN steps ON steps.street_code = u.code LEFT JOIN open_late ON open_late.street_code = u.code
            WHERE u.kind = 'street' AND ($2::text IS NULL OR u.code = $2)
            -- Ranked by coal completion; streets without a target come last, in plan order.
            ORDER BY (t.coal_kg IS NULL), coalesce(del.kg, 0)::numeric / nullif(t.coal_kg, 0) DESC NULLS LAST, u.created_at, u.code
            """
        case .companies:
            """
            WITH \(stepTimes),
            sums AS (SELECT s.company_code, count(*) AS slips, sum(s.coal_kg) AS kg, sum(s.stoves) AS stoves,
                            sum(s.amount_fen) AS amount, sum(s.subsidy_fen) AS subsidy
                     FROM slips s WHERE s.year = $1 AND s.status = 'valid' AND ($2::text IS NULL OR s.street_code = $2) GROUP BY 1),
            filed AS (SELECT d.origin_unit, count(*) AS summaries,
                             round(avg(extract(epoch FROM f.at - sub.at) / 86400.0) * 10)::bigint AS days
                      FROM documents d
                      JOIN LATERAL (SELECT min(at) AS at FROM workflow_events WHERE document_id = d.id AND action = 'submit') sub ON true
                      JOIN LATERAL (SELECT max(at) AS at FROM workflow_events WHERE document_id = d.id AND action = 'approve' AND to_status = 'filed') f ON true
                      WHERE d.document_type = 'summary' AND d.year = $1 AND d.status = 'filed' AND ($2::text IS NULL OR d.street_code = $2)
                      GROUP BY 1)
            SELECT u.code, u.name, coalesce(sums.slips, 0)::bigint, coalesce(sums.kg, 0)::bigint, coalesce(sums.stoves, 0)::bigint,
                   coalesce(sums.amount, 0)::bigint, coalesce(sums.subsidy, 0)::bigint, coalesce(filed.summaries, 0)::bigint, filed.days
            FROM units u LEFT JOIN sums ON sums.company_code = u.code LEFT JOIN filed ON filed.origin_unit = u.code
            WHERE u.kind = 'company' AND (sums.slips IS NOT NULL OR filed.summaries IS NOT NULL OR $2::text IS NULL)
            ORDER BY u.code
            """
        case .households:
            """
            WITH delivered AS (
                SELECT s.registration_id, s.line_no, sum(s.coal_kg) AS kg, sum(s.stoves) AS stoves,
                       sum(s.coal_kg) FILTER (WHERE d.status = 'filed') AS filed_kg,
                       sum(s.stoves) FILTER (WHERE d.status = 'filed') AS filed_stoves,
                       sum(s.subsidy_fen) FILTER (WHERE d.status = 'filed') AS filed_subsidy
                FROM slips s LEFT JOIN documents d ON d.id = s.summary_id
                WHERE s.year = $1 AND s.status = 'valid' AND ($2::text IS NULL OR s.street_code = $2)
                GROUP BY 1, 2)
            SELECT r.street_code, r.origin_unit, r.id, l.household_name, l.id_number_enc,
                   l.coal_kg, l.stoves::bigint, coalesce(x.kg, 0)::bigint, coalesce(x.stoves, 0)::bigint,
                   coalesce(x.filed_kg, 0)::bigint, coalesce(x.filed_stoves, 0)::bigint, coalesce(x.filed_subsidy, 0)::bigint
            FROM documents r JOIN registration_lines l ON l.document_id = r.id
            LEFT JOIN delivered x ON x.registration_id = l.document_id AND x.line_no = l.line_no
            WHERE r.document_type = 'registration' AND r.year = $1 AND r.status NOT IN ('rejected', 'withdrawn')
              AND ($2::text IS NULL OR r.street_code = $2)
            ORDER BY r.street_code, r.origin_unit, r.id, l.line_no
            """
        case .timeliness:
            """
            WITH \(stepTimes)
            SELECT actor_unit, count(*), round(avg(days) * 10)::bigint,
                   round((percentile_cont(0.9) WITHIN GROUP (ORDER BY days) * 10)::numeric)::bigint,
                   count(*) FILTER (WHERE days > time_limit_days)
            FROM step_times WHERE ($2::text IS NULL OR street_code = $2)
            GROUP BY actor_unit ORDER BY actor_unit
            """
        case .inspections:
            """
            SELECT un.name, \(InspectionKind.allCases.map { "count(i.id) FILTER (WHERE i.kind = '\($0.rawValue)')" }.joined(separator: ", ")),
                   coalesce(sum(i.checked), 0)::bigint, coalesce(sum(i.problems), 0)::bigint
            FROM units un LEFT JOIN inspections i ON i.unit_code = un.code AND i.year = $1 AND ($2::text IS NULL OR i.street_code = $2)
            WHERE un.kind IN ('office', 'bureau', 'street') AND ($2::text IS NULL OR un.code = $2 OR un.kind <> 'street')
            GROUP BY un.code, un.name, un.kind, un.created_at
            ORDER BY CASE un.kind WHEN 'office' THEN 0 WHEN 'bureau' THEN 1 ELSE 2 END, un.created_at, un.code
            """
        case .cases:
            // Per unit now handling each case (转办 moves it): opened to it this year, closed, in hand,
            // overdue (past its step's limit or its due date), and the days from opening to closing.
            """
            SELECT un.name, count(d.id), count(d.id) FILTER (WHERE d.status = 'filed'),
                   count(d.id) FILTER (WHERE d.status = 'in_review'),
                   count(d.id) FILTER (WHERE d.status = 'in_review' AND (step_overdue(d.step_since, rs.time_limit_days)
                                                                         OR c.due < program_today())),
                   round(avg(extract(epoch FROM closed.at - d.created_at) / 8640) FILTER (WHERE d.status = 'filed'))::bigint
            FROM units un
            LEFT JOIN documents d ON d.document_type = 'case' AND d.assigned_unit = un.code AND d.year = $1
                                 AND ($2::text IS NULL OR d.street_code = $2)
            LEFT JOIN cases c ON c.document_id = d.id
            LEFT JOIN route_steps rs ON rs.route_id = d.route_id AND rs.position = d.step_position
            LEFT JOIN LATERAL (SELECT max(e.at) AS at FROM workflow_events e WHERE e.document_id = d.id AND e.to_status = 'filed') closed
                   ON true
            WHERE un.kind IN ('office', 'bureau', 'street', 'village') AND ($2::text IS NULL OR un.code = $2 OR un.kind <> 'street')
            GROUP BY un.code, un.name, un.kind, un.created_at
            HAVING count(d.id) > 0 OR un.kind IN ('office', 'bureau')
            ORDER BY CASE un.kind WHEN 'office' THEN 0 WHEN 'bureau' THEN 1 WHEN 'street' THEN 2 ELSE 3 END, un.created_at, un.code
            """
        case .samples:
            // 待复检: the products whose latest sample failed, marked until a later one passes.
            """
            SELECT u.code, u.name, count(q.id), count(q.id) FILTER (WHERE NOT q.passed),
                   count(q.id) FILTER (WHERE q.product = 'coal'), count(q.id) FILTER (WHERE q.product = 'stove'),
                   coalesce((SELECT string_agg(CASE l.product WHEN 'coal' THEN '洁净煤' ELSE '炉具' END, '、' ORDER BY l.product)
                             FROM (SELECT DISTINCT ON (x.product) x.product, x.passed FROM quality_samples x
                                   WHERE x.company_code = u.code AND x.year = $1
                                   ORDER BY x.product, x.sampled_on DESC, x.id DESC) l
                             WHERE NOT l.passed), '')
            FROM units u LEFT JOIN quality_samples q ON q.company_code = u.code AND q.year = $1
            WHERE u.kind = 'company'
              AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM contracts c WHERE c.company_code = u.code AND c.year = $1
                                                                            AND c.street_code = $2))
            GROUP BY u.code, u.name ORDER BY u.code
            """
        case .coverage:
            """
            SELECT u.name, count(c.village_code)::bigint, count(*) FILTER (WHERE c.burns_coal)::bigint,
                   count(*) FILTER (WHERE c.burns_coal AND c.registered)::bigint
            FROM units u LEFT JOIN survey_coverage($1::int, $2::text) c ON c.street_code = u.code
            WHERE u.kind = 'street' AND ($2::text IS NULL OR u.code = $2)
            GROUP BY u.code, u.name, u.created_at ORDER BY u.created_at, u.code
            """
        case .villages:
            // Every village in the reader's scope, surveyed or not, with its coordinator if it has one.
            """
            SELECT s.name, v.name, k.name, k.phone_enc, count(c.village_code)::bigint,
                   count(*) FILTER (WHERE c.burns_coal)::bigint, count(*) FILTER (WHERE c.burns_coal AND c.registered)::bigint
            FROM units v JOIN units s ON s.code = v.parent_code
            LEFT JOIN village_coordinators k ON k.village_code = v.code
            LEFT JOIN survey_coverage($1::int, $2::text) c ON c.village_code = v.code
            WHERE v.kind = 'village' AND ($2::text IS NULL OR v.parent_code = $2)
            GROUP BY s.code, s.name, s.created_at, v.code, v.name, v.created_at, k.name, k.phone_enc
            ORDER BY s.created_at, s.code, v.created_at, v.code
            """
        }
    }

    static func cells(_ sheet: YearEndSheet, _ row: PostgresRow, rank: inout Int, keys: PersonalDataKeys) throws -> [Cell] {
        switch sheet {
        case .streets:
            let (
                code, name, targetKg, targetStoves, regKg, regStoves, households, delKg, delStoves, filKg, filStoves, subsidy, s1,
                s2, s3, late
            ) =
                try row.decode(
                    (
                        String, String, Int64?, Int64?, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64?, Int64?,
                        Int64?, Int64
                    ).self)
            let lagging = targetKg.map { delKg < $0 } == true || targetStoves.map { delStoves < $0 } == true
            if targetKg != nil { rank += 1 }
            return [
                .text(code), .text(name), targetKg.map(Cell.tons) ?? .text(""), targetStoves.map(Cell.integer) ?? .text(""),
                .tons(regKg), .integer(regStoves), .integer(households), .tons(delKg), .integer(delStoves), .tons(filKg),
                .integer(filStoves),
                targetKg.map { Cell.share(delKg, of: $0) } ?? .percent(nil),
                targetStoves.map { Cell.share(delStoves, of: $0) } ?? .percent(nil),
                .yuan(subsidy), .days(s1), .days(s2), .days(s3), .integer(late),
                targetKg == nil ? .text("") : .integer(Int64(rank)), .text(targetKg == nil ? "" : lagging ? "是" : "否"),
            ]
        case .companies:
            let (code, name, slips, kg, stoves, amount, subsidy, summaries, days) =
                try row.decode((String, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64?).self)
            return [
                .text(code), .text(name), .integer(slips), .tons(kg), .integer(stoves), .yuan(amount), .yuan(subsidy),
                .integer(summaries), .days(days),
            ]
        case .households:
            let (street, village, form, name, sealed, regKg, regStoves, kg, stoves, filKg, filStoves, subsidy) =
                try row.decode((String, String, Int64, String, Data, Int64, Int64, Int64, Int64, Int64, Int64, Int64).self)
            let idNumber = try keys.open(sealed, purpose: "id_number")
            let masked = Masking.idNumber(idNumber)
            return [
                .text(street), .text(village), .text(DocumentID.format(form)), .text(name), .text(masked), .tons(regKg),
                .integer(regStoves),
                .tons(kg), .integer(stoves), .tons(filKg), .integer(filStoves), .yuan(subsidy),
            ]
        case .timeliness:
            let (unit, count, avg, p90, late) = try row.decode((String, Int64, Int64?, Int64?, Int64).self)
            return [.text(unit), .integer(count), .days(avg), .days(p90), .integer(late)]
        case .inspections:
            let r = row.makeRandomAccess()
            return [.text(try r[0].decode(String.self))] + (try (1..<r.count).map { .integer(try r[$0].decode(Int64.self)) })
        case .cases:
            let (unit, assigned, closed, open, late, days) = try row.decode((String, Int64, Int64, Int64, Int64, Int64?).self)
            return [.text(unit), .integer(assigned), .integer(closed), .integer(open), .integer(late), .days(days)]
        case .samples:
            let (code, name, count, failed, coal, stoves, pending) = try row.decode(
                (String, String, Int64, Int64, Int64, Int64, String).self)
            return [
                .text(code), .text(name), .integer(count), .integer(failed), .integer(coal), .integer(stoves), .text(pending),
            ]
        case .coverage:
            let (name, surveyed, burning, registered) = try row.decode((String, Int64, Int64, Int64).self)
            return Self.coverageCells(name, surveyed: surveyed, burning: burning, registered: registered)
        case .villages:
            let (street, village, coordinator, sealed, surveyed, burning, registered) = try row.decode(
                (String, String, String?, Data?, Int64, Int64, Int64).self)
            let phone = try sealed.map { try Masking.phone(keys.open($0, purpose: "phone")) }
            let coverage = Self.coverageCells(village, surveyed: surveyed, burning: burning, registered: registered)
            return [.text(street), coverage[0], .text(coordinator ?? ""), .text(phone ?? "")] + coverage.dropFirst()
        }
    }
}
