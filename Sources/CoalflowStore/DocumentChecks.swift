import CoalflowCore
import Foundation
import Logging
import PostgresNIO

/// The checks a reviewer sees before approving (`show`) and that `approve --all-passing` requires.
/// They run inside the reader's transaction, so they see what the reader may see.
struct DocumentChecks: Sendable {
    let connection: PostgresConnection
    let keys: PersonalDataKeys
    let logger: Logger

    func run(_ id: Int64) async throws -> [Check] {
        let rows = try await connection.query(
            """
            SELECT d.document_type, d.households, d.coal_kg, d.stoves, d.subsidy_fen,
                   d.notice_to::text, program_today()::text
            FROM documents d WHERE d.id = \(id)
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return [] }
        let (type, households, kg, stoves, subsidy, noticeTo, today) =
            try row.decode((String, Int, Int64, Int, Int64, String?, String).self)
        guard type == DocumentType.registration.rawValue else {
            return [
                try await sealValid(id),
                try await slipsMatchHouseholds(id),
                try await summaryTotalsMatch(id, households: households, kg: kg, stoves: stoves, subsidy: subsidy),
            ]
        }
        return [
            try await idNumbersValid(id),
            try await noDuplicateHouseholds(id),
            Self.noticePeriod(noticeTo: noticeTo, today: today),
            try await totalsMatch(id, households: households, kg: kg, stoves: stoves, subsidy: subsidy),
        ]
    }

    func idNumbersValid(_ id: Int64) async throws -> Check {
        var bad: [Int] = []
        for try await (line, sealed) in try await connection.query(
            "SELECT line_no, id_number_enc FROM registration_lines WHERE document_id = \(id) ORDER BY line_no", logger: logger
        ).decode((Int, Data).self) where (try? ResidentIDNumber(try keys.open(sealed, purpose: "id_number"))) == nil {
            bad.append(line)
        }
        return Check(
            .idNumbersValid, passed: bad.isEmpty,
            message: bad.isEmpty
                ? "all ID numbers pass GB 11643-1999"
                : "invalid ID numbers on lines \(bad.map(String.init).joined(separator: ", "))")
    }

    /// A household may be registered once a year, on one form that was not rejected or withdrawn. The
    /// other forms may be outside the reader's scope: `registrations_holding` answers without showing them.
    func noDuplicateHouseholds(_ id: Int64) async throws -> Check {
        let rows = try await connection.query(
            """
            WITH mine AS (SELECT line_no, id_number_hmac FROM registration_lines WHERE document_id = \(id))
            SELECT m.line_no, o.document_id, o.origin_unit
            FROM registrations_holding((SELECT year FROM documents WHERE id = \(id)), (SELECT array_agg(id_number_hmac) FROM mine)) o
            JOIN mine m ON m.id_number_hmac = o.id_number_hmac
            WHERE o.document_id <> \(id) ORDER BY m.line_no, o.document_id LIMIT 20
            """, logger: logger
        ).collect()
        let clashes = try rows.map { try $0.decode((Int, Int64, String).self) }
        return Check(
            .noDuplicateHouseholds, passed: clashes.isEmpty,
            message: clashes.isEmpty
                ? "no household is on another form of the year"
                : clashes.map { "line \($0.0) is also on \(DocumentID.format($0.1)) of \($0.2)" }.joined(separator: "; "))
    }

    static func noticePeriod(noticeTo: String?, today: String) -> Check {
        guard let noticeTo else {
            return Check(.noticePeriod, passed: false, message: "not publicized (公示) yet")
        }
        let over = noticeTo < today
        return Check(
            .noticePeriod, passed: over,
            message: over ? "notice period ended \(noticeTo)" : "notice period runs until \(noticeTo)")
    }

    func totalsMatch(_ id: Int64, households: Int, kg: Int64, stoves: Int, subsidy: Int64) async throws -> Check {
        let rows = try await connection.query(
            """
            SELECT count(*)::int, coalesce(sum(l.coal_kg), 0)::bigint, coalesce(sum(l.stoves), 0)::int,
                   coalesce(sum(subsidy_fen(l.coal_kg, l.stoves, y.coal_subsidy_fen_per_ton, y.stove_subsidy_fen)), 0)::bigint
            FROM registration_lines l JOIN documents d ON d.id = l.document_id JOIN program_years y ON y.year = d.year
            WHERE l.document_id = \(id)
            """, logger: logger
        ).collect()
        let (n, sumKg, sumStoves, sumSubsidy) = try rows.first!.decode((Int, Int64, Int, Int64).self)
        let ok = n == households && sumKg == kg && sumStoves == stoves && sumSubsidy == subsidy
        return Check(
            .totalsMatch, passed: ok,
            message: ok
                ? "totals equal the sum of the lines"
                : "lines add up to \(n) households, \(Tons(thousandths: sumKg)) t, \(sumStoves) stoves, \(Fen(sumSubsidy).yuan) yuan; the form says \(households), \(Tons(thousandths: kg)) t, \(stoves), \(Fen(subsidy).yuan)"
        )
    }

    /// A sealed summary's content must still produce the digest it was sealed with.
    func sealValid(_ id: Int64) async throws -> Check {
        let rows = try await connection.query("SELECT seal_sha256 FROM documents WHERE id = \(id)", logger: logger).collect()
        let sealed = try rows.first?.decode(Data?.self) ?? nil
        let current = try await SummaryStore.digest(id, keys: keys, connection, logger: logger)
        guard let sealed else { return Check(.sealValid, passed: false, message: "not sealed yet: submitting seals it") }
        let ok = sealed == current
        return Check(
            .sealValid, passed: ok,
            message: ok ? "content matches the company seal" : "content changed after sealing: the digest differs")
    }

    /// Every slip is for a household on a street-approved registration of a street the company serves.
    func slipsMatchHouseholds(_ id: Int64) async throws -> Check {
        let rows = try await connection.query(
            """
            SELECT s.id FROM slips s
            JOIN registration_lines l ON l.document_id = s.registration_id AND l.line_no = s.line_no
            JOIN documents r ON r.id = s.registration_id
            WHERE s.summary_id = \(id) AND s.status = 'valid'
              AND (l.id_number_hmac <> s.id_number_hmac OR NOT registration_released(r.status, r.step_position)
                   OR NOT EXISTS (SELECT 1 FROM contracts c WHERE c.company_code = s.company_code AND c.street_code = r.street_code
                                  AND c.year = r.year AND c.product = s.product))
            ORDER BY s.id LIMIT 20
            """, logger: logger
        ).collect()
        let bad = try rows.map { SlipID.format(try $0.decode(Int64.self)) }
        return Check(
            .slipsMatchHouseholds, passed: bad.isEmpty,
            message: bad.isEmpty
                ? "every slip is for a household released to the company"
                : "slips not matching a released household: \(bad.joined(separator: ", "))")
    }

    func summaryTotalsMatch(_ id: Int64, households: Int, kg: Int64, stoves: Int, subsidy: Int64) async throws -> Check {
        let rows = try await connection.query(
            """
            SELECT count(DISTINCT (registration_id, line_no))::int, coalesce(sum(coal_kg), 0)::bigint,
                   coalesce(sum(stoves), 0)::int, coalesce(sum(subsidy_fen), 0)::bigint
            FROM slips WHERE summary_id = \(id) AND status = 'valid'
            """, logger: logger
        ).collect()
        let (n, sumKg, sumStoves, sumSubsidy) = try rows.first!.decode((Int, Int64, Int, Int64).self)
        let ok = n == households && sumKg == kg && sumStoves == stoves && sumSubsidy == subsidy
        return Check(
            .totalsMatch, passed: ok,
            message: ok
                ? "totals equal the sum of the valid slips"
                : "slips add up to \(Tons(thousandths: sumKg)) t, \(sumStoves) stoves, \(Fen(sumSubsidy).yuan) yuan; the summary says \(Tons(thousandths: kg)) t, \(stoves), \(Fen(subsidy).yuan)"
        )
    }
}
