import CoalflowCore
import Crypto
import Foundation
import Logging
import PostgresNIO

/// Monthly sales summaries (销售汇总表): a company's valid slips for one street and month, sealed when
/// submitted. Every later approval checks the seal against the content.
public struct SummaryStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    /// Gathers the company's valid, not yet summarised slips for `street` and `month` into a new summary.
    public func create(street: String, month: CivilDate, by user: ActingUser, idempotency: IdempotencyKey? = nil) async throws
        -> Int64
    {
        guard user.unitKind == .company, user.role == .clerk else {
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "只有配送企业经办人员可以编制销售汇总表", en: "only a delivery company's clerk makes summaries")
        }
        let logger = logger
        return try await transaction(as: .documents(user)) { connection in
            if let idempotency, let prior = try await idempotency.prior(for: user, connection, logger: logger),
                let id = prior.first
            {
                return id
            }
            let years = try await connection.query(
                """
                SELECT year FROM program_years WHERE \(month.description)::date BETWEEN starts_on AND ends_on
                """, logger: logger
            ).collect()
            guard let year = try years.first?.decode(Int.self) else {
                throw StoreError(
                    .invalid, code: .invalidInput, zh: "\(month.year)-\(month.month) 不在任何年度内",
                    en: "that month is outside every program year")
            }
            let created = try await connection.query(
                """
                INSERT INTO documents (document_type, year, origin_unit, street_code, month, created_by)
                SELECT 'summary', \(year), \(user.unit), code, \(month.description)::date, \(user.userID) FROM units
                WHERE code = \(street) AND kind = 'street'
                RETURNING id
                """, logger: logger
            ).collect()
            guard let id = try created.first?.decode(Int64.self) else { throw StoreError.unknownUnit(street) }
            guard try await Self.gather(id, connection, logger: logger) > 0 else {
                throw StoreError(
                    .invalid, code: .noSlips,
                    zh: "本企业在「\(street)」\(month.year) 年 \(month.month) 月没有未汇总的有效销售单",
                    en: "your company has no valid, unsummarised slips for '\(street)' in that month")
            }
            try await WorkflowStore.recordEvent(
                id, action: .create, by: user, step: nil, from: .draft, to: .draft,
                comment: nil, connection, logger: logger)
            try await idempotency?.record([id], for: user, connection, logger: logger)
            return id
        }
    }

    /// Attaches the month's valid, unsummarised slips of the summary's company and street, and
    /// recomputes the totals. Returns how many valid slips the summary holds.
    static func gather(_ id: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.query(
            """
            UPDATE slips s SET summary_id = d.id FROM documents d
            WHERE d.id = \(id) AND s.summary_id IS NULL AND s.status = 'valid' AND s.company_code = d.origin_unit
              AND s.street_code = d.street_code AND s.delivered_on >= d.month AND s.delivered_on < d.month + interval '1 month'
            """, logger: logger)
        let rows = try await connection.query(
            """
            UPDATE documents d SET households = t.households, coal_kg = t.kg, stoves = t.stoves, subsidy_fen = t.subsidy
            FROM (SELECT count(DISTINCT (registration_id, line_no)) AS households, coalesce(sum(coal_kg), 0) AS kg,
                         coalesce(sum(stoves), 0) AS stoves, coalesce(sum(subsidy_fen), 0) AS subsidy, count(*) AS slips
                  FROM slips WHERE summary_id = \(id) AND status = 'valid') t
            WHERE d.id = \(id)
            RETURNING t.slips::int
            """, logger: logger
        ).collect()
        return try rows.first?.decode(Int.self) ?? 0
    }

    /// Recomputes a draft, returned or withdrawn summary from the company's current valid slips of its
    /// street and month (a void slip drops out, a new one comes in); the seal is cleared, and submitting
    /// seals it anew. The history records totals before → after.
    public func refresh(_ id: Int64, by user: ActingUser) async throws -> ActionResult {
        let logger = logger
        return try await transaction(as: .documents(user)) { connection in
            let before = try await FormHeader.lockForCorrection(id, .summary, by: user, connection, logger: logger)
            // Void slips leave the summary, so that the month's valid slips are theirs to gather again.
            try await connection.query(
                "UPDATE slips SET summary_id = NULL WHERE summary_id = \(id) AND status = 'void'", logger: logger)
            _ = try await Self.gather(id, connection, logger: logger)
            guard let after = try await FormHeader.read(id, locking: false, connection, logger: logger) else {
                throw WorkflowStore.notFound(id)
            }
            try await connection.query(
                """
                UPDATE documents SET seal_sha256 = NULL, sealed_by = NULL, sealed_at = NULL, revision = revision + 1, updated_at = now()
                WHERE id = \(id)
                """, logger: logger)
            try await WorkflowStore.recordEvent(
                id, action: .amend, by: user, step: nil, from: before.status, to: before.status,
                comment: "refreshed from the valid slips: " + before.totalsChange(to: after), connection, logger: logger)
            return ActionResult(
                id: DocumentID.format(id), action: "refresh", status: before.status, currentUnit: nil, step: nil,
                revision: before.revision + 1)
        }
    }

    /// The digest of the summary's content as it is now.
    /// `filed`: the summary is filed and the reader may hold no copy of its slips (the office verifying
    /// the audit trail): its sealed facts come through `filed_summary_sealed_facts` (sql/0011).
    static func digest(_ id: Int64, keys: PersonalDataKeys, filed: Bool = false, _ connection: PostgresConnection, logger: Logger)
        async throws -> Data
    {
        var lines: [SummarySeal.Line] = []
        let rows =
            filed
            ? try await connection.query(
                """
                SELECT id, delivered_on, id_number_enc, product, coal_kg, stoves, unit_price_fen, amount_fen, subsidy_fen
                FROM filed_summary_sealed_facts(\(id))
                """, logger: logger)
            : try await connection.query(
                """
                SELECT id, delivered_on::text, id_number_enc, product, coal_kg, stoves, unit_price_fen, amount_fen, subsidy_fen
                FROM slips WHERE summary_id = \(id) AND status = 'valid' ORDER BY id
                """, logger: logger)
        // The seal covers the ID number itself, not its ciphertext: re-encryption never breaks a seal.
        for try await (slip, date, sealed, product, kg, stoves, price, amount, subsidy) in rows.decode(
            (Int64, String, Data, String, Int64, Int, Int64, Int64, Int64).self)
        {
            let number = try keys.open(sealed, purpose: "id_number")
            lines.append(
                .init(
                    slip: slip, date: date, idNumber: number, product: product, coalThousandths: kg, stoves: stoves,
                    unitPriceFen: price, amountFen: amount, subsidyFen: subsidy))
        }
        return Data(SHA256.hash(data: Data(SummarySeal.canonical(lines).utf8)))
    }

    /// Seals the summary at submission: takes in replacement slips, records who sealed it and the digest.
    static func seal(
        _ id: Int64, by user: ActingUser, keys: PersonalDataKeys, _ connection: PostgresConnection,
        logger: Logger
    ) async throws -> String {
        guard try await gather(id, connection, logger: logger) > 0 else {
            throw StoreError(
                .invalid, code: .noSlips, zh: "汇总表没有有效销售单，不能提交", en: "the summary holds no valid slip; it cannot be submitted")
        }
        let digest = try await digest(id, keys: keys, connection, logger: logger)
        try await connection.query(
            """
            UPDATE documents SET seal_sha256 = \(digest), sealed_by = \(user.userID), sealed_at = now() WHERE id = \(id)
            """, logger: logger)
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Refuses to let a summary advance when its content no longer matches its seal.
    static func checkSeal(_ id: Int64, keys: PersonalDataKeys, _ connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query("SELECT seal_sha256 FROM documents WHERE id = \(id)", logger: logger).collect()
        let sealed = try rows.first?.decode(Data?.self)
        guard let sealed, try await digest(id, keys: keys, connection, logger: logger) == sealed else {
            throw StoreError(
                .conflict, code: .sealBroken,
                zh: "汇总表内容与企业盖章时不一致（数字摘要不符），不能审批",
                en: "the summary's content no longer matches its seal (digest differs); it cannot be approved")
        }
    }
}
