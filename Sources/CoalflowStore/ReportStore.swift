import CoalflowCore
import Logging
import PostgresNIO

/// The figures the leading group office supervises with (月调度、季检查、年考核). Aggregates for the
/// district units and the member bureaus; a street sees its own rows; household detail only for those
/// who may see households, always masked.
public struct ReportStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    /// Which streets a reader may see figures of: nil for all.
    public static func streetScope(_ user: ActingUser) throws -> String?? {
        switch user.unitKind {
        case .office, .bureau: return .some(nil)
        case .street: return .some(user.unit)
        case .village, .company: return nil
        }
    }

    public static let notAReader = StoreError(
        .forbidden, code: .notPermitted,
        zh: "进度与报表供领导小组成员单位和街道查看", en: "progress and reports are for the leading group's units and the streets")

    /// A report's rows, from the read pool (a replica when the server has one).
    func reportRows(_ query: PostgresQuery, as scope: RowScope) async throws -> [PostgresRow] {
        try await rows(query, as: scope, on: context.reads)
    }

    static func requireReader(_ user: ActingUser) throws -> String? {
        guard let scope = try streetScope(user) else { throw notAReader }
        return scope
    }

    /// Per street, then a district total row (`street` = `total`): targets; registered on street-approved
    /// forms; delivered on valid slips; filed on slips of summaries 财政局 has filed. The three come from
    /// the running totals the database keeps per street (sql/0017), not from the lines and slips.
    public func progress(year: Int, user: ActingUser) async throws -> [ProgressRow] {
        let street = try Self.requireReader(user)
        let scope = RowScope.aggregates(user, street: street)
        let rows = try await self.reportRows(
            """
            WITH sums AS (
                SELECT street_code, sum(registered_kg)::bigint AS reg_kg, sum(registered_stoves)::bigint AS reg_stoves,
                       sum(registered_households)::bigint AS households, sum(delivered_kg)::bigint AS del_kg,
                       sum(delivered_stoves)::bigint AS del_stoves, sum(delivered_subsidy_fen)::bigint AS del_subsidy,
                       sum(filed_kg)::bigint AS fil_kg, sum(filed_stoves)::bigint AS fil_stoves,
                       sum(filed_subsidy_fen)::bigint AS fil_subsidy
                FROM street_progress WHERE year = \(year) GROUP BY street_code),
            cov AS (
                SELECT street_code, count(*) FILTER (WHERE burns_coal) AS burning,
                       count(*) FILTER (WHERE burns_coal AND registered) AS registered
                FROM survey_coverage(\(year)::int, \(street)::text) GROUP BY street_code)
            SELECT u.code, u.name, t.coal_kg, t.stoves,
                   coalesce(p.reg_kg, 0), coalesce(p.reg_stoves, 0)::int, coalesce(p.households, 0)::int,
                   coalesce(p.del_kg, 0), coalesce(p.del_stoves, 0)::int, coalesce(p.del_subsidy, 0),
                   coalesce(p.fil_kg, 0), coalesce(p.fil_stoves, 0)::int, coalesce(p.fil_subsidy, 0),
                   coalesce(cov.burning, 0), coalesce(cov.registered, 0)
            FROM units u
            LEFT JOIN targets t ON t.street_code = u.code AND t.year = \(year)
            LEFT JOIN sums p ON p.street_code = u.code
            LEFT JOIN cov ON cov.street_code = u.code
            WHERE u.kind = 'street' AND (\(street)::text IS NULL OR u.code = \(street))
            ORDER BY u.created_at, u.code
            """, as: scope)
        var result: [ProgressRow] = []
        var total = [Int64](repeating: 0, count: 13)
        var anyTarget = false
        for row in rows {
            let (
                code, name, targetKg, targetStoves, regKg, regStoves, households, delKg, delStoves, delSubsidy, filKg, filStoves,
                filSubsidy, burning, covered
            ) =
                try row.decode(
                    (String, String, Int64?, Int?, Int64, Int, Int, Int64, Int, Int64, Int64, Int, Int64, Int64, Int64).self)
            result.append(
                Self.progressRow(
                    code, name, targetKg, targetStoves.map(Int64.init),
                    [
                        regKg, Int64(regStoves), Int64(households),
                        delKg, Int64(delStoves), delSubsidy, filKg, Int64(filStoves), filSubsidy, burning, covered,
                    ]))
            anyTarget = anyTarget || targetKg != nil
            for (i, v) in [
                targetKg ?? 0, Int64(targetStoves ?? 0), regKg, Int64(regStoves), Int64(households), delKg, Int64(delStoves),
                delSubsidy, filKg, Int64(filStoves), filSubsidy, burning, covered,
            ].enumerated() { total[i] += v }
        }
        if street == nil {
            result.append(
                Self.progressRow("total", "全区合计", anyTarget ? total[0] : nil, anyTarget ? total[1] : nil, Array(total[2...])))
        }
        return result
    }

    /// `figures`: registered kg, stoves, households; delivered kg, stoves, subsidy; filed kg, stoves, subsidy;
    /// surveyed homes burning coal, and of them registered.
    static func progressRow(_ code: String, _ name: String, _ targetKg: Int64?, _ targetStoves: Int64?, _ f: [Int64])
        -> ProgressRow
    {
        func pct(_ part: Int64, _ whole: Int64?) -> String? {
            guard let whole, whole > 0, case .percent(let p?) = Cell.share(part, of: whole) else { return nil }
            return Cell.tenths(p)
        }
        return ProgressRow(
            street: code, streetName: name, targetCoalTons: targetKg.map { Tons(thousandths: $0).description },
            targetStoves: targetStoves.map(Int.init), registeredCoalTons: Tons(thousandths: f[0]).description,
            registeredStoves: Int(f[1]), registeredHouseholds: Int(f[2]), deliveredCoalTons: Tons(thousandths: f[3]).description,
            deliveredStoves: Int(f[4]), deliveredSubsidyFen: f[5], filedCoalTons: Tons(thousandths: f[6]).description,
            filedStoves: Int(f[7]), filedSubsidyFen: f[8], completionCoalPct: pct(f[3], targetKg),
            completionStovesPct: pct(f[4], targetStoves), surveyedBurningCoal: Int(f[9]), surveyedRegistered: Int(f[10]),
            coveragePct: pct(f[10], f[9]))
    }
}
