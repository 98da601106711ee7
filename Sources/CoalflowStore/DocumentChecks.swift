import CoalflowCore
import Foundation
import Logging
import PostgresNIO

/// The checks a reviewer sees before approving (`show`) and that `approve --all-passing` requires; an
/// approval itself requires the blocking ones (`CheckKind.blocksApproval`). They run inside the reader's
/// transaction, so they see what the reader may see.
struct DocumentChecks: Sendable {
    let connection: PostgresConnection
    let keys: PersonalDataKeys
    let reader: ActingUser
    let logger: Logger

    /// The blocking checks that fail: an approval goes on only when there are none. A summary's seal is
    /// not among them (`run` leaves it out): the approval checks it first, refusing with `seal_broken`.
    func failingBlocking(_ id: Int64) async throws -> [Check] {
        try await run(id, blockingOnly: true).filter { !$0.passed }
    }

    func run(_ id: Int64, blockingOnly: Bool = false) async throws -> [Check] {
        guard
            let (type, households, kg, stoves, subsidy, noticeTo, today) = try await connection.all(
                Header(id: id), logger: logger
            ).first
        else { return [] }
        switch DocumentType(rawValue: type) {
        case .registration?: break
        case .summary?:
            return (blockingOnly ? [] : [try await sealValid(id)]) + [
                try await slipsMatchHouseholds(id),
                try await summaryTotalsMatch(id, households: households, kg: kg, stoves: stoves, subsidy: subsidy),
                try await noOverDelivery(summary: id),
            ]
        default:
            // Cases and surveys carry no money: their reviewers judge them by their content.
            return []
        }
        let informational =
            blockingOnly ? [] : [try await idNumbersValid(id), Self.noticePeriod(noticeTo: noticeTo, today: today)]
        return informational + [
            try await noDuplicateHouseholds(id),
            try await totalsMatch(id, households: households, kg: kg, stoves: stoves, subsidy: subsidy),
            try await noOverDelivery(registration: id),
        ]
    }

    func idNumbersValid(_ id: Int64) async throws -> Check {
        var bad: [Int] = []
        for try await (line, sealed) in try await connection.query(
            "SELECT line_no, id_number_enc FROM registration_lines WHERE document_id = \(id) ORDER BY line_no", logger: logger
        ).decode((Int, Data).self) where (try? ResidentIDNumber(try keys.open(sealed, purpose: "id_number"))) == nil {
            bad.append(line)
        }
        let lines = bad.map(String.init)
        return Check(
            .idNumbersValid, passed: bad.isEmpty,
            message: bad.isEmpty
                ? Message(zh: "身份证号均符合 GB 11643-1999", en: "all ID numbers pass GB 11643-1999")
                : Message(
                    zh: "第 \(lines.joined(separator: "、")) 行身份证号无效",
                    en: "invalid ID numbers on lines \(lines.joined(separator: ", "))"))
    }

    /// One household, one live form a year (sql/0007): every line's household is claimed by this form.
    /// The holder of a clash may be outside the reader's scope: `household_claim_clashes` answers without
    /// showing its rows, and only a reader above the village learns which form and village hold it.
    func noDuplicateHouseholds(_ id: Int64) async throws -> Check {
        let clashes = try await connection.all(Clashes(id: id), logger: logger)
        let namesHolders = reader.reach != .own
        return Check(
            .noDuplicateHouseholds, passed: clashes.isEmpty,
            message: clashes.isEmpty
                ? Message(zh: "没有农户登记在本年度其他有效登记表上", en: "no household is on another live form of the year")
                : Message.joined(
                    clashes.map { line, holder, unit, name in
                        guard namesHolders, let holder, let unit, let name else {
                            return Message(
                                zh: "第 \(line) 行农户本年度已在别处登记（请询问街道）",
                                en: "line \(line) is registered elsewhere this year (ask the street)")
                        }
                        return Message(
                            zh: "第 \(line) 行农户也在\(name)（\(unit)）的 \(DocumentID.format(holder)) 上",
                            en: "line \(line) is also on \(DocumentID.format(holder)) of \(name) (\(unit))")
                    }))
    }

    /// No household has had more delivered, on all companies' valid slips, than it registered: for a form,
    /// its own households; for a summary, the households its slips deliver to.
    func noOverDelivery(registration id: Int64) async throws -> Check {
        try await overDelivered(registration: id, summary: nil)
    }

    func noOverDelivery(summary id: Int64) async throws -> Check {
        try await overDelivered(registration: nil, summary: id)
    }

    private func overDelivered(registration: Int64?, summary: Int64?) async throws -> Check {
        let rows = try await connection.all(OverDelivered(registration: registration, summary: summary), logger: logger)
        return Check(
            .noOverDelivery, passed: rows.isEmpty,
            message: rows.isEmpty
                ? Message(zh: "没有农户的配送量超过登记量", en: "no household has more delivered than it registered")
                : Message.joined(
                    rows.map { form, line, kg, registeredKg, stoves, registeredStoves in
                        Message(
                            zh: "\(DocumentID.format(form)) 第 \(line) 行：已配送洁净煤 \(Tons(thousandths: kg)) 吨、炉具 \(stoves) 台，"
                                + "登记洁净煤 \(Tons(thousandths: registeredKg)) 吨、炉具 \(registeredStoves) 台",
                            en:
                                "\(DocumentID.format(form)) line \(line): delivered \(Tons(thousandths: kg)) t and \(stoves) stoves of "
                                + "\(Tons(thousandths: registeredKg)) t and \(registeredStoves) registered")
                    }))
    }

    static func noticePeriod(noticeTo: String?, today: String) -> Check {
        guard let noticeTo else {
            return Check(.noticePeriod, passed: false, message: Message(zh: "尚未公示", en: "not publicized (公示) yet"))
        }
        let over = noticeTo < today
        return Check(
            .noticePeriod, passed: over,
            message: over
                ? Message(zh: "公示期已于 \(noticeTo) 结束", en: "notice period ended \(noticeTo)")
                : Message(zh: "公示期至 \(noticeTo)", en: "notice period runs until \(noticeTo)"))
    }

    func totalsMatch(_ id: Int64, households: Int, kg: Int64, stoves: Int, subsidy: Int64) async throws -> Check {
        let (n, sumKg, sumStoves, sumSubsidy) = try await connection.all(LineTotals(id: id), logger: logger)[0]
        let ok = n == households && sumKg == kg && sumStoves == stoves && sumSubsidy == subsidy
        return Check(
            .totalsMatch, passed: ok,
            message: ok
                ? Message(zh: "合计等于各行之和", en: "totals equal the sum of the lines")
                : Message(
                    zh:
                        "各行合计 \(n) 户、洁净煤 \(Tons(thousandths: sumKg)) 吨、炉具 \(sumStoves) 台、补贴 \(Fen(sumSubsidy).yuan) 元；登记表写的是 \(households) 户、\(Tons(thousandths: kg)) 吨、\(stoves) 台、\(Fen(subsidy).yuan) 元",
                    en:
                        "lines add up to \(n) households, \(Tons(thousandths: sumKg)) t, \(sumStoves) stoves, \(Fen(sumSubsidy).yuan) yuan; the form says \(households), \(Tons(thousandths: kg)) t, \(stoves), \(Fen(subsidy).yuan)"
                ))
    }

    /// A sealed summary's content must still produce the digest it was sealed with.
    func sealValid(_ id: Int64) async throws -> Check {
        let rows = try await connection.query("SELECT seal_sha256 FROM documents WHERE id = \(id)", logger: logger).collect()
        let sealed = try rows.first?.decode(Data?.self) ?? nil
        let current = try await SummaryStore.digest(id, keys: keys, connection, logger: logger)
        guard let sealed else {
            return Check(
                .sealValid, passed: false, message: Message(zh: "尚未盖章：提交时盖章", en: "not sealed yet: submitting seals it"))
        }
        let ok = sealed == current
        return Check(
            .sealValid, passed: ok,
            message: ok
                ? Message(zh: "内容与企业公章相符", en: "content matches the company seal")
                : Message(zh: "盖章后内容被改动：摘要不符", en: "content changed after sealing: the digest differs"))
    }

    /// Every slip is for a household on a street-approved registration of a street the company serves.
    func slipsMatchHouseholds(_ id: Int64) async throws -> Check {
        let bad = try await connection.all(UnmatchedSlips(id: id), logger: logger).map(SlipID.format)
        return Check(
            .slipsMatchHouseholds, passed: bad.isEmpty,
            message: bad.isEmpty
                ? Message(zh: "每张销售单都对应已放行给本企业的农户", en: "every slip is for a household released to the company")
                : Message(
                    zh: "销售单不对应已放行的农户：\(bad.joined(separator: "、"))",
                    en: "slips not matching a released household: \(bad.joined(separator: ", "))"))
    }

    func summaryTotalsMatch(_ id: Int64, households: Int, kg: Int64, stoves: Int, subsidy: Int64) async throws -> Check {
        let (n, sumKg, sumStoves, sumSubsidy) = try await connection.all(SlipTotals(id: id), logger: logger)[0]
        let ok = n == households && sumKg == kg && sumStoves == stoves && sumSubsidy == subsidy
        return Check(
            .totalsMatch, passed: ok,
            message: ok
                ? Message(zh: "合计等于有效销售单之和", en: "totals equal the sum of the valid slips")
                : Message(
                    zh:
                        "销售单合计洁净煤 \(Tons(thousandths: sumKg)) 吨、炉具 \(sumStoves) 台、补贴 \(Fen(sumSubsidy).yuan) 元；汇总表写的是 \(Tons(thousandths: kg)) 吨、\(stoves) 台、\(Fen(subsidy).yuan) 元",
                    en:
                        "slips add up to \(Tons(thousandths: sumKg)) t, \(sumStoves) stoves, \(Fen(sumSubsidy).yuan) yuan; the summary says \(Tons(thousandths: kg)) t, \(stoves), \(Fen(subsidy).yuan)"
                ))
    }
}

// The checks' statements run with every approval: prepared once per connection (PreparedStatements.swift).
extension DocumentChecks {
    struct Header: DocumentStatement {
        static let sql = """
            SELECT d.document_type, d.households, d.coal_kg, d.stoves, d.subsidy_fen, d.notice_to::text, program_today()::text
            FROM documents d WHERE d.id = $1
            """
        let id: Int64
        func decodeRow(_ row: PostgresRow) throws -> (String, Int, Int64, Int, Int64, String?, String) {
            try row.decode((String, Int, Int64, Int, Int64, String?, String).self)
        }
    }

    struct Clashes: DocumentStatement {
        static let sql = "SELECT line_no, document_id, origin_unit, origin_name FROM household_claim_clashes($1) LIMIT 20"
        let id: Int64
        func decodeRow(_ row: PostgresRow) throws -> (Int, Int64?, String?, String?) {
            try row.decode((Int, Int64?, String?, String?).self)
        }
    }

    struct LineTotals: DocumentStatement {
        static let sql = """
            SELECT count(*)::int, coalesce(sum(l.coal_kg), 0)::bigint, coalesce(sum(l.stoves), 0)::int,
                   coalesce(sum(subsidy_fen(l.coal_kg, l.stoves, y.coal_subsidy_fen_per_ton, y.stove_subsidy_fen)), 0)::bigint
            FROM registration_lines l JOIN documents d ON d.id = l.document_id JOIN program_years y ON y.year = d.year
            WHERE l.document_id = $1
            """
        let id: Int64
        func decodeRow(_ row: PostgresRow) throws -> (Int, Int64, Int, Int64) { try row.decode((Int, Int64, Int, Int64).self) }
    }

    struct SlipTotals: DocumentStatement {
        static let sql = """
            SELECT count(DISTINCT (registration_id, line_no))::int, coalesce(sum(coal_kg), 0)::bigint,
                   coalesce(sum(stoves), 0)::int, coalesce(sum(subsidy_fen), 0)::bigint
            FROM slips WHERE summary_id = $1 AND status = 'valid'
            """
        let id: Int64
        func decodeRow(_ row: PostgresRow) throws -> (Int, Int64, Int, Int64) { try row.decode((Int, Int64, Int, Int64).self) }
    }

    struct UnmatchedSlips: DocumentStatement {
        static let sql = """
            SELECT s.id FROM slips s
            JOIN registration_lines l ON l.document_id = s.registration_id AND l.line_no = s.line_no
            JOIN documents r ON r.id = s.registration_id
            WHERE s.summary_id = $1 AND s.status = 'valid'
              AND (l.id_number_hmac <> s.id_number_hmac OR NOT registration_released(r.status, r.step_position)
                   OR NOT EXISTS (SELECT 1 FROM contracts c WHERE c.company_code = s.company_code AND c.street_code = r.street_code
                                  AND c.year = r.year AND c.product = s.product))
            ORDER BY s.id LIMIT 20
            """
        let id: Int64
        func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
    }

    /// The households of a form ($1) or of a summary's valid slips ($2) that have more delivered than registered.
    struct OverDelivered: PostgresPreparedStatement {
        static let sql = """
            WITH mine AS (
                SELECT document_id AS registration_id, line_no FROM registration_lines WHERE document_id = $1
                UNION SELECT registration_id, line_no FROM slips WHERE summary_id = $2 AND status = 'valid')
            SELECT m.registration_id, m.line_no, t.coal_kg, l.coal_kg, t.stoves, l.stoves
            FROM mine m
            JOIN delivered_to((SELECT array_agg(DISTINCT registration_id) FROM mine)) t
              ON t.registration_id = m.registration_id AND t.line_no = m.line_no
            JOIN registration_lines l ON l.document_id = m.registration_id AND l.line_no = m.line_no
            WHERE t.coal_kg > l.coal_kg OR t.stoves > l.stoves
            ORDER BY 1, 2 LIMIT 20
            """
        static let bindingDataTypes: [PostgresDataType] = [.int8, .int8]
        let registration: Int64?
        let summary: Int64?

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(registration)
            bindings.append(summary)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> (Int64, Int, Int64, Int64, Int, Int) {
            try row.decode((Int64, Int, Int64, Int64, Int, Int).self)
        }
    }
}
