import CoalflowCore
import Logging
import PostgresNIO

/// Every member unit's own work in the dispatch and the assessment: inspections and cases per unit,
/// and the survey coverage per street and per village.
extension ReportStore {
    /// Per member unit (the office, the bureaus, the streets), for days `from` up to `until`:
    /// inspections, sites checked and problems found; cases it opened and cases assigned to it in the
    /// period, those closed in the period, and those now overdue at it; quality samples it took and
    /// how many failed. A unit with an overdue case, or one with an inspection duty that did no inspection
    /// in a period in which others inspected, is behind (滞后).
    func unitWork(year: Int, from: CivilDate, until: CivilDate, street: String?, as scope: RowScope) async throws -> [[Cell]] {
        let (f, u) = (from.description, until.description)
        let rows = try await self.reportRows(
            """
            WITH ins AS (
                SELECT unit_code, count(*) AS n, sum(checked) AS checked, sum(problems) AS problems FROM inspections
                WHERE year = \(year) AND inspected_on >= \(f)::date AND inspected_on < \(u)::date
                  AND (\(street)::text IS NULL OR street_code = \(street))
                GROUP BY unit_code),
            cs AS (
                SELECT d.origin_unit, d.assigned_unit, d.status, d.current_unit, program_local_time(d.created_at)::date AS opened,
                       (SELECT program_local_time(max(e.at))::date FROM workflow_events e
                        WHERE e.document_id = d.id AND e.to_status = 'filed') AS closed,
                       d.status = 'in_review' AND (step_overdue(d.step_since, rs.time_limit_days) OR c.due < program_today()) AS overdue
                FROM documents d JOIN cases c ON c.document_id = d.id
                LEFT JOIN route_steps rs ON rs.route_id = d.route_id AND rs.position = d.step_position
                WHERE d.document_type = 'case' AND d.year = \(year) AND (\(street)::text IS NULL OR d.street_code = \(street))),
            qs AS (
                SELECT unit_code, passed FROM quality_samples
                WHERE year = \(year) AND sampled_on >= \(f)::date AND sampled_on < \(u)::date)
            SELECT un.code, un.kind, un.name, coalesce(ins.n, 0)::bigint, coalesce(ins.checked, 0)::bigint, coalesce(ins.problems, 0)::bigint,
                   (SELECT count(*) FROM cs WHERE cs.origin_unit = un.code AND cs.opened >= \(f)::date AND cs.opened < \(u)::date),
                   (SELECT count(*) FROM cs WHERE cs.assigned_unit = un.code AND cs.opened >= \(f)::date AND cs.opened < \(u)::date),
                   (SELECT count(*) FROM cs WHERE cs.assigned_unit = un.code AND cs.closed >= \(f)::date AND cs.closed < \(u)::date),
                   (SELECT count(*) FROM cs WHERE cs.current_unit = un.code AND cs.overdue),
                   (SELECT count(*) FROM qs WHERE qs.unit_code = un.code),
                   (SELECT count(*) FROM qs WHERE qs.unit_code = un.code AND NOT qs.passed),
                   (SELECT count(*) > 0 FROM ins)
            FROM units un LEFT JOIN ins ON ins.unit_code = un.code
            WHERE un.kind IN ('office', 'bureau', 'street') AND (\(street)::text IS NULL OR un.code = \(street) OR un.kind <> 'street')
            ORDER BY CASE un.kind WHEN 'office' THEN 0 WHEN 'bureau' THEN 1 ELSE 2 END, un.created_at, un.code
            """, as: scope)
        return try rows.map { row in
            let (
                code, kind, name, inspections, checked, problems, opened, assigned, closed, overdue, samples, failed, anyInspected
            ) =
                try row.decode(
                    (String, UnitKind, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Bool).self)
            // The office may record any inspection but owes none; the others owe those of their duty.
            let owesInspections =
                kind != .office && InspectionKind.allCases.contains { $0.mayBeRecorded(by: code, kind: kind) }
            let behind = overdue > 0 || (owesInspections && anyInspected && inspections == 0)
            return [
                .text(name), .integer(inspections), .integer(checked), .integer(problems), .integer(opened), .integer(assigned),
                .integer(closed), .integer(overdue), .integer(samples), .integer(failed), .text(behind ? "滞后" : "正常"),
            ]
        }
    }

    /// The rows of an assessment sheet small enough to hold (the coverage per street and per village),
    /// for the dispatch to show as the assessment does.
    func sheetRows(_ sheet: YearEndSheet, year: Int, street: String?, as scope: RowScope) async throws -> [[Cell]] {
        var bindings = PostgresBindings()
        bindings.append(year)
        bindings.append(street)
        let keys = try keys
        var rank = 0
        return try await self.reportRows(PostgresQuery(unsafeSQL: Self.sql(sheet), binds: bindings), as: scope).map { row in
            try Self.cells(sheet, row, rank: &rank, keys: keys)
        }
    }

    static func coverageCells(_ name: String, surveyed: Int64, burning: Int64, registered: Int64) -> [Cell] {
        [
            .text(name), .integer(surveyed), .integer(burning), .integer(registered), .integer(burning - registered),
            .share(registered, of: burning),
        ]
    }

    /// A sheet of `rows` with its totals row, for the sheets whose rows are made above.
    static func sheet(_ spec: SheetSpec, _ rows: [[Cell]]) -> Report.Sheet {
        var totals = RunningTotals(spec)
        rows.forEach { totals.add($0) }
        return Report.Sheet(spec: spec, rows: rows, totals: totals.row)
    }
}
