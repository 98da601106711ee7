import CoalflowCore
import Foundation
import Logging
import PostgresNIO

/// Sales slips (销售单): issued by a delivery company to a household released to it, voided (红冲) but
/// never edited or deleted.
public struct SlipStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    /// One delivery as a company states it.
    public struct Delivery: Sendable {
        public var idNumber: ResidentIDNumber
        public var date: CivilDate
        public var coal: Tons
        public var stoves: Int

        public init(idNumber: ResidentIDNumber, date: CivilDate, coal: Tons, stoves: Int) {
            self.idNumber = idNumber
            self.date = date
            self.coal = coal
            self.stoves = stoves
        }

        var product: Product { stoves > 0 ? .stove : .coal }
    }

    /// Issues slips for `deliveries`, all in one transaction: one refused delivery stores none, and the
    /// error names every refused row. Set-based: a few queries whatever the number of rows.
    public func create(_ deliveries: [Delivery], by user: ActingUser, idempotency: IdempotencyKey? = nil) async throws -> [Int64]
    {
        guard user.unitKind == .company, user.role == .clerk else {
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "只有配送企业经办人员可以开具销售单", en: "only a delivery company's clerk issues sales slips"
            )
        }
        guard !deliveries.isEmpty else {
            throw StoreError(.invalid, code: .invalidRows, zh: "没有销售单", en: "no slips given")
        }
        let logger = logger
        let keys = try self.keys
        return try await transaction(as: .documents(user)) { connection in
            if let idempotency, let prior = try await idempotency.prior(for: user, connection, logger: logger) { return prior }
            var context = try await IssueContext.load(deliveries, company: user.unit, keys: keys, connection, logger: logger)
            var rows: [IssueContext.Row] = []
            var problems: [(row: Int, error: StoreError)] = []
            for (index, delivery) in deliveries.enumerated() {
                do {
                    rows.append(try context.check(delivery))
                } catch let error as StoreError {
                    problems.append((index + 1, error))
                }
            }
            if deliveries.count == 1, let only = problems.first { throw only.error }
            guard problems.isEmpty else {
                throw StoreError(
                    .invalid, code: .invalidRows,
                    zh: "\(problems.count) 行被拒绝，未保存任何销售单", en: "\(problems.count) rows refused; no slip was stored",
                    details: problems.map { "row \($0.row): \($0.error.message.en)" })
            }
            let ids = try await Self.insert(rows, by: user, connection, logger: logger)
            try await idempotency?.record(ids, for: user, connection, logger: logger)
            return ids
        }
    }

    static func refuse(_ zh: String, _ en: String) -> StoreError {
        StoreError(.invalid, code: .slipRefused, zh: zh, en: en)
    }

    static func insert(_ rows: [IssueContext.Row], by user: ActingUser, _ connection: PostgresConnection, logger: Logger)
        async throws -> [Int64]
    {
        // One statement for all rows: arrays unnested server-side, ids returned in row order. The ID
        // number and phone are the registration line's ciphertext, copied as they are.
        let inserted = try await connection.query(
            """
            INSERT INTO slips (company_code, year, registration_id, line_no, street_code, village_code, household_name, address,
                               id_number_enc, id_number_hmac, phone_enc, product, coal_kg, stoves, unit_price_fen, amount_fen,
                               subsidy_fen, delivered_on, created_by)
            SELECT \(user.unit), t.year, t.registration, t.line, t.street, t.village, t.name, t.address,
                   l.id_number_enc, l.id_number_hmac, l.phone_enc, t.product,
                   t.kg, t.stoves, t.price, t.amount, t.subsidy, t.day::date, \(user.userID)
            FROM unnest(\(rows.map(\.year)), \(rows.map(\.registration)), \(rows.map(\.line)), \(rows.map(\.street)),
                        \(rows.map(\.village)), \(rows.map(\.name)), \(rows.map(\.address)), \(rows.map(\.product)),
                        \(rows.map(\.kg)), \(rows.map(\.stoves)), \(rows.map(\.price)),
                        \(rows.map(\.amount)), \(rows.map(\.subsidy)), \(rows.map(\.date)))
                 WITH ORDINALITY AS t(year, registration, line, street, village, name, address, product, kg, stoves,
                                      price, amount, subsidy, day, n)
            JOIN registration_lines l ON l.document_id = t.registration AND l.line_no = t.line
            ORDER BY t.n
            RETURNING id
            """, logger: logger
        ).collect()
        return try inserted.map { try $0.decode(Int64.self) }
    }

    /// Voids a slip with a reason (红冲). A slip in a summary that is in review or filed stays.
    public func void(_ id: Int64, reason raw: String, by user: ActingUser) async throws -> SlipView {
        guard !raw.trimmingSpaces().isEmpty else {
            throw StoreError(.invalid, code: .reasonRequired, zh: "作废须写明理由", en: "voiding needs a reason")
        }
        let reason: String
        do {
            reason = try FreeText.clean(
                raw, field: "reason", label: Message(zh: "作废理由", en: "the reason"),
                maxLength: WorkflowStore.maxTextLength, multiline: true)
        } catch {
            throw StoreError(error)
        }
        let logger = logger
        try await transaction(as: .documents(user)) { connection in
            let rows = try await connection.query(
                """
                SELECT s.company_code, s.street_code, s.status, d.status, d.id FROM slips s LEFT JOIN documents d ON d.id = s.summary_id
                WHERE s.id = \(id) FOR UPDATE OF s
                """, logger: logger
            ).collect()
            guard let row = rows.first else { throw Self.notFound(id) }
            let (company, street, status, summaryStatus, summary) = try row.decode(
                (String, String, SlipStatus, DocumentStatus?, Int64?).self)
            guard user.seesSlip(company: company, street: street) else { throw Self.notFound(id) }
            guard user.unit == company, user.role == .clerk else {
                throw StoreError(
                    .forbidden, code: .notPermitted, zh: "只有开具销售单的企业可以作废", en: "only the issuing company voids a slip")
            }
            guard status == .valid else {
                throw StoreError(.conflict, code: .stateConflict, zh: "销售单已作废", en: "the slip is void already")
            }
            if let summaryStatus, let summary, [.inReview, .filed].contains(summaryStatus) {
                throw StoreError(
                    .conflict, code: .slipLocked,
                    zh: "销售单在已提交的汇总表 \(DocumentID.format(summary)) 中（\(summaryStatus.label.zh)），不能作废",
                    en:
                        "the slip is in summary \(DocumentID.format(summary)), which is \(summaryStatus.rawValue); it cannot be voided"
                )
            }
            try await connection.query(
                """
                UPDATE slips SET status = 'void', void_reason = \(reason), voided_at = now() WHERE id = \(id)
                """, logger: logger)
            // The void is an act of the audit chain, like an approval (sql/0008).
            try await connection.query(
                """
                INSERT INTO workflow_events (slip_id, action, actor_user_id, actor_login, actor_unit, from_status, to_status, comment)
                VALUES (\(id), 'void', \(user.userID), \(user.login), \(user.unit), 'valid', 'void', \(reason))
                """, logger: logger)
        }
        return try await slip(id, for: user)!
    }

    public static func notFound(_ id: Int64) -> StoreError {
        StoreError(
            .notFound, code: .slipNotFound, zh: "没有销售单 \(SlipID.format(id))（或你无权查看）",
            en: "no slip \(SlipID.format(id)) (or it is not visible to you)")
    }

    static let columns = """
        s.id, s.company_code, s.street_code, s.village_code, s.year, s.delivered_on::text AS date, s.household_name, s.address,
        s.id_number_enc, s.phone_enc, s.product, s.coal_kg AS coal_kg, s.stoves, s.unit_price_fen, s.amount_fen,
        s.subsidy_fen, s.status, s.void_reason, s.summary_id,
        (SELECT u.name FROM units u WHERE u.code = s.company_code) AS company_name,
        (SELECT u.name FROM units u WHERE u.code = s.street_code) AS street_name,
        (SELECT u.name FROM units u WHERE u.code = s.village_code) AS village_name
        """

    /// A slip as the user may read it: personal data in full only where the access policy says so.
    static func view(_ row: PostgresRow, unmaskedFor user: ActingUser, keys: PersonalDataKeys) throws -> SlipView {
        let r = row.makeRandomAccess()
        let company = try r["company_code"].decode(String.self)
        let street = try r["street_code"].decode(String.self)
        let full = user.seesPersonalData(ofSlipBy: company, street: street)
        let idNumber = try keys.open(try r["id_number_enc"].decode(Data.self), purpose: "id_number")
        let phone = try keys.open(try r["phone_enc"].decode(Data.self), purpose: "phone")
        var view = SlipView(
            id: SlipID.format(try r["id"].decode(Int64.self)), company: company, street: street,
            village: try r["village_code"].decode(String.self), year: try r["year"].decode(Int.self),
            date: try r["date"].decode(String.self), householdName: try r["household_name"].decode(String.self),
            address: try r["address"].decode(String.self),
            idNumber: full ? idNumber : Masking.idNumber(idNumber),
            phone: full ? phone : Masking.phone(phone),
            product: try r["product"].decode(Product.self),
            coalTons: Tons(thousandths: try r["coal_kg"].decode(Int64.self)).description,
            stoves: try r["stoves"].decode(Int.self),
            unitPriceFen: try r["unit_price_fen"].decode(Int64.self), amountFen: try r["amount_fen"].decode(Int64.self),
            subsidyFen: try r["subsidy_fen"].decode(Int64.self), status: try r["status"].decode(SlipStatus.self),
            voidReason: try r["void_reason"].decode(String?.self),
            summaryId: try r["summary_id"].decode(Int64?.self).map(DocumentID.format))
        view.companyName = try r["company_name"].decode(String?.self)
        view.streetName = try r["street_name"].decode(String?.self)
        view.villageName = try r["village_name"].decode(String?.self)
        return view
    }

    /// Several slips at once, in the order given; those not visible are left out.
    public func slips(_ ids: [Int64], for user: ActingUser) async throws -> [SlipView] {
        try await visible("SELECT \(unescaped: Self.columns) FROM slips s WHERE s.id = ANY(\(ids)) ORDER BY s.id", for: user)
    }

    public func slip(_ id: Int64, for user: ActingUser) async throws -> SlipView? {
        try await visible("SELECT \(unescaped: Self.columns) FROM slips s WHERE s.id = \(id)", for: user).first
    }

    /// Slips visible to the user, in date order; `month` is its first day.
    public func list(_ user: ActingUser, month: CivilDate?, limit: Int = Paging.defaultLimit, offset: Int = 0) async throws
        -> [SlipView]
    {
        let all = user.slipCopy
        let company: String? = user.unitKind == .company ? user.unit : nil
        let street: String? = user.reach == .street ? user.unit : nil
        guard all || company != nil || street != nil else { return [] }
        let from = month?.description
        return try await visible(
            """
            SELECT \(unescaped: Self.columns) FROM slips s
            WHERE (\(all) OR s.company_code = \(company) OR s.street_code = \(street))
              AND (\(from)::date IS NULL OR (s.delivered_on >= \(from)::date AND s.delivered_on < \(from)::date + interval '1 month'))
            ORDER BY s.delivered_on, s.id LIMIT \(limit) OFFSET \(offset)
            """, for: user)
    }

    /// The slips of `query` the user may see, and a record of those shown in full.
    func visible(_ query: PostgresQuery, for user: ActingUser) async throws -> [SlipView] {
        let logger = logger
        let keys = try self.keys
        return try await transaction(as: .documents(user)) { connection in
            let views = try await connection.query(query, logger: logger).collect()
                .map { try Self.view($0, unmaskedFor: user, keys: keys) }.filter {
                    user.seesSlip(company: $0.company, street: $0.street)
                }
            let full = views.filter { user.seesPersonalData(ofSlipBy: $0.company, street: $0.street) }.compactMap {
                SlipID.parse($0.id)
            }
            try await AccessLog.record(slips: full, by: user, connection, logger: logger)
            // Only a void is an event of a slip: the valid ones have no history to look up.
            let voided = views.filter { $0.status == .void }.compactMap { SlipID.parse($0.id) }
            let histories = try await EventHistory.of(slips: voided, connection, logger: logger)
            return views.map { view in
                var view = view
                view.history = SlipID.parse(view.id).flatMap { histories[$0] } ?? []
                return view
            }
        }
    }
}
