import CoalflowCore
import Logging
import PostgresNIO

/// The monthly dispatch (月调度) and quarterly inspection (季检查), laid out as `PeriodSheet` says.
extension ReportStore {
    /// The report for days `from` up to (not including) `until`, within the program year that contains `from`.
    public func period(from: CivilDate, until: CivilDate, title: String, user: ActingUser) async throws -> Report {
        let street = try Self.requireReader(user)
        let scope = RowScope.aggregates(user, street: street)
        let years = try await self.reportRows(
            """
            SELECT year, starts_on::text, ends_on::text, to_char(program_local_time(now()), 'YYYY-MM-DD HH24:MI')
            FROM program_years WHERE \(from.description)::date BETWEEN starts_on AND ends_on
            """, as: scope)
        guard let (year, starts, ends, now) = try years.first?.decode((Int, String, String, String).self) else {
            throw StoreError(.invalid, code: .invalidInput, zh: "\(from) 不在任何年度内", en: "\(from) is outside every program year")
        }
        let f = from.description
        let u = until.description
        var sheets: [Report.Sheet] = []

        let streetRows = try await self.reportRows(
            """
            SELECT u.name, t.coal_kg, t.stoves::bigint,
                   coalesce(sum(s.coal_kg) FILTER (WHERE s.delivered_on >= \(f)::date), 0)::bigint,
                   coalesce(sum(s.stoves) FILTER (WHERE s.delivered_on >= \(f)::date), 0)::bigint,
                   coalesce(sum(s.subsidy_fen) FILTER (WHERE s.delivered_on >= \(f)::date), 0)::bigint,
                   coalesce(sum(s.coal_kg), 0)::bigint, coalesce(sum(s.stoves), 0)::bigint,
                   coalesce(sum(s.subsidy_fen) FILTER (WHERE sd.status = 'filed'), 0)::bigint,
                   -- The pro-rata share of the target by the end of the period.
                   (t.coal_kg::numeric * (least(\(u)::date, y.ends_on + 1) - y.starts_on) / (y.ends_on + 1 - y.starts_on))::bigint
            FROM units u
            JOIN program_years y ON y.year = \(year)
            LEFT JOIN targets t ON t.street_code = u.code AND t.year = y.year
            LEFT JOIN slips s ON s.street_code = u.code AND s.year = y.year AND s.status = 'valid' AND s.delivered_on < \(u)::date
            LEFT JOIN documents sd ON sd.id = s.summary_id
            WHERE u.kind = 'street' AND (\(street)::text IS NULL OR u.code = \(street))
            GROUP BY u.code, u.name, u.created_at, t.coal_kg, t.stoves, y.starts_on, y.ends_on
            ORDER BY u.created_at, u.code
            """, as: scope)
        var totals = RunningTotals(PeriodSheet.streets.spec)
        var rows: [[Cell]] = []
        for row in streetRows {
            let (name, targetKg, targetStoves, kg, stoves, subsidy, ytdKg, ytdStoves, filedSubsidy, dueKg) =
                try row.decode((String, Int64?, Int64?, Int64, Int64, Int64, Int64, Int64, Int64, Int64?).self)
            let lagging = dueKg.map { ytdKg < $0 } ?? false
            let cells: [Cell] = [
                .text(name), targetKg.map(Cell.tons) ?? .text(""), targetStoves.map(Cell.integer) ?? .text(""),
                .tons(kg), .integer(stoves), .yuan(subsidy), .tons(ytdKg), .integer(ytdStoves), .yuan(filedSubsidy),
                targetKg.map { Cell.share(ytdKg, of: $0) } ?? .percent(nil), dueKg.map(Cell.tons) ?? .text(""),
                .text(targetKg == nil ? "无目标" : lagging ? "滞后" : "正常"),
            ]
            totals.add(cells)
            rows.append(cells)
        }
        sheets.append(.init(spec: PeriodSheet.streets.spec, rows: rows, totals: totals.row))

        let waiting = try await self.reportRows(
            """
            SELECT d.current_unit, count(*), round(max(extract(epoch FROM now() - d.step_since)) / 8640)::bigint,
                   count(*) FILTER (WHERE step_overdue(d.step_since, rs.time_limit_days)),
                   coalesce(sum(step_urges(d.id, d.step_since)), 0)::bigint
            FROM documents d JOIN route_steps rs ON rs.route_id = d.route_id AND rs.position = d.step_position
            WHERE d.status = 'in_review' AND d.year = \(year) AND (\(street)::text IS NULL OR d.street_code = \(street))
            GROUP BY d.current_unit ORDER BY d.current_unit
            """, as: scope)
        totals = RunningTotals(PeriodSheet.waiting.spec)
        rows = try waiting.map { row in
            let (unit, count, days, overdue, urges) = try row.decode((String, Int64, Int64, Int64, Int64).self)
            let cells: [Cell] = [.text(unit), .integer(count), .days(days), .integer(overdue), .integer(urges)]
            totals.add(cells)
            return cells
        }
        sheets.append(.init(spec: PeriodSheet.waiting.spec, rows: rows, totals: totals.row))

        let overdue = try await self.reportRows(
            """
            SELECT d.id, d.document_type, d.origin_unit, d.street_code, d.current_unit,
                   round(extract(epoch FROM now() - d.step_since) / 8640)::bigint, rs.time_limit_days::bigint,
                   step_urges(d.id, d.step_since)
            FROM documents d JOIN route_steps rs ON rs.route_id = d.route_id AND rs.position = d.step_position
            WHERE d.status = 'in_review' AND d.year = \(year) AND step_overdue(d.step_since, rs.time_limit_days)
              AND (\(street)::text IS NULL OR d.street_code = \(street))
            ORDER BY d.step_since
            """, as: scope)
        rows = try overdue.map { row in
            let (id, type, origin, docStreet, unit, days, limit, urges) = try row.decode(
                (Int64, String, String, String, String, Int64, Int64, Int64).self)
            return [
                .text(DocumentID.format(id)), .text(DocumentType(rawValue: type)?.label.zh ?? type), .text(origin),
                .text(docStreet),
                .text(unit), .days(days), .integer(limit), .integer(urges),
            ]
        }
        sheets.append(.init(spec: PeriodSheet.overdue.spec, rows: rows, totals: nil))

        // Each company with deliveries in the reader's scope, or marked: a product whose latest sample by the
        // period's end failed (待复检 until a later one passes), or a case against it now overdue. Row-level
        // security keeps a street reader to the samples of companies serving it and to its own cases.
        let companies = try await self.reportRows(
            """
            WITH pending AS (
                SELECT company_code, array_agg(CASE product WHEN 'coal' THEN '洁净煤' ELSE '炉具' END ORDER BY product) AS products
                FROM (SELECT DISTINCT ON (company_code, product) company_code, product, passed FROM quality_samples
                      WHERE year = \(year) AND sampled_on < \(u)::date
                      ORDER BY company_code, product, sampled_on DESC, id DESC) latest
                WHERE NOT passed GROUP BY company_code),
            late AS (
                SELECT c.company_code, count(*) AS cases FROM documents d JOIN cases c ON c.document_id = d.id
                LEFT JOIN route_steps rs ON rs.route_id = d.route_id AND rs.position = d.step_position
                WHERE d.document_type = 'case' AND d.year = \(year) AND d.status = 'in_review' AND c.company_code IS NOT NULL
                  AND (step_overdue(d.step_since, rs.time_limit_days) OR c.due < program_today())
                  AND (\(street)::text IS NULL OR d.street_code = \(street))
                GROUP BY c.company_code)
            SELECT u.name,
                   count(s.id) FILTER (WHERE s.delivered_on >= \(f)::date),
                   coalesce(sum(s.coal_kg) FILTER (WHERE s.delivered_on >= \(f)::date), 0)::bigint,
                   coalesce(sum(s.stoves) FILTER (WHERE s.delivered_on >= \(f)::date), 0)::bigint,
                   coalesce(sum(s.amount_fen) FILTER (WHERE s.delivered_on >= \(f)::date), 0)::bigint,
                   coalesce(sum(s.subsidy_fen) FILTER (WHERE s.delivered_on >= \(f)::date), 0)::bigint,
                   coalesce(sum(s.coal_kg), 0)::bigint, coalesce(sum(s.stoves), 0)::bigint, coalesce(sum(s.subsidy_fen), 0)::bigint,
                   coalesce(pending.products, '{}'), coalesce(late.cases, 0)::bigint
            FROM units u
            LEFT JOIN slips s ON s.company_code = u.code AND s.year = \(year) AND s.status = 'valid' AND s.delivered_on < \(u)::date
                             AND (\(street)::text IS NULL OR s.street_code = \(street))
            LEFT JOIN pending ON pending.company_code = u.code LEFT JOIN late ON late.company_code = u.code
            WHERE u.kind = 'company'
            GROUP BY u.code, u.name, pending.products, late.cases
            HAVING count(s.id) > 0 OR pending.products IS NOT NULL OR late.cases IS NOT NULL
            ORDER BY u.code
            """, as: scope)
        totals = RunningTotals(PeriodSheet.companies.spec)
        rows = try companies.map { row in
            let (name, count, kg, stoves, amount, subsidy, ytdKg, ytdStoves, ytdSubsidy, pending, late) =
                try row.decode((String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, [String], Int64).self)
            let cells: [Cell] = [
                .text(name), .integer(count), .tons(kg), .integer(stoves), .yuan(amount), .yuan(subsidy),
                .tons(ytdKg), .integer(ytdStoves), .yuan(ytdSubsidy),
                .text(PeriodSheet.companyMark(pendingRetest: pending, overdueCases: late)),
            ]
            totals.add(cells)
            return cells
        }
        sheets.append(.init(spec: PeriodSheet.companies.spec, rows: rows, totals: totals.row))
        sheets.append(
            Self.sheet(
                PeriodSheet.units.spec, try await unitWork(year: year, from: from, until: until, street: street, as: scope)))
        for (sheet, rows) in [(PeriodSheet.coverage, YearEndSheet.coverage), (.villages, .villages)] {
            sheets.append(Self.sheet(sheet.spec, try await sheetRows(rows, year: year, street: street, as: scope)))
        }
        return Report(
            title: title, subtitle: "\(year) 年度（\(starts) 至 \(ends)）统计期 \(f) 至 \(until.previous)，生成于 \(now)", sheets: sheets)
    }
}
