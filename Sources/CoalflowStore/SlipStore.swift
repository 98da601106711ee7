import CoalflowCore
import Logging
import PostgresNIO

/// Sales slips (销售单): issued by a delivery company to a household released to it, voided (红冲) but
/// never edited or deleted.
public struct SlipStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
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
    /// error names every refused row.
    public func create(_ deliveries: [Delivery], by user: ActingUser) async throws -> [Int64] {
        guard user.unitKind == .company, user.role == .clerk else {
            throw StoreError(.forbidden, code: "not_permitted", zh: "只有配送企业经办人员可以开具销售单", en: "only a delivery company's clerk issues sales slips")
        }
        let logger = logger
        do {
            return try await client.withTransaction(logger: logger) { connection in
                var ids: [Int64] = []
                var problems: [String] = []
                for (index, delivery) in deliveries.enumerated() {
                    do {
                        ids.append(try await Self.issue(delivery, by: user, connection, logger: logger))
                    } catch let error as StoreError where error.kind == .invalid {
                        problems.append(deliveries.count == 1 ? error.message.en : "row \(index + 1): \(error.message.en)")
                        if deliveries.count == 1 { throw error }
                    }
                }
                guard problems.isEmpty else {
                    throw StoreError(.invalid, code: "invalid_rows",
                        zh: "\(problems.count) 行被拒绝，未保存任何销售单", en: "\(problems.count) rows refused; no slip was stored", details: problems)
                }
                return ids
            }
        } catch {
            throw unwrapTransactionError(error)
        }
    }

    static func refuse(_ zh: String, _ en: String) -> StoreError {
        StoreError(.invalid, code: "slip_refused", zh: zh, en: en)
    }

    static func issue(_ d: Delivery, by user: ActingUser, _ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        guard (d.coal > .zero) != (d.stoves > 0) else {
            throw refuse("一张销售单只写一种产品：洁净煤吨数或炉具台数", "a slip is for one product: coal tons or stoves")
        }
        let date = d.date.description
        let years = try await connection.query("""
            SELECT year, coal_subsidy_fen_per_ton, stove_subsidy_fen FROM program_years WHERE \(date)::date BETWEEN starts_on AND ends_on
            """, logger: logger).collect()
        guard let (year, coalRate, stoveRate) = try years.first?.decode((Int, Int64, Int64).self) else {
            throw refuse("日期 \(date) 不在任何年度内", "the date \(date) is outside every program year")
        }
        let product = d.product.rawValue
        let number = d.idNumber.value
        // Lock the household's line: two slips for one household at once must not both fit.
        let households = try await connection.query("""
            SELECT l.document_id, l.line_no, l.household_name, l.address, l.phone, (l.coal_tons * 1000)::bigint, l.stoves,
                   doc.street_code, doc.origin_unit,
                   EXISTS (SELECT 1 FROM contracts c WHERE c.company_code = \(user.unit) AND c.street_code = doc.street_code
                           AND c.year = doc.year AND c.product = \(product)) AS contracted,
                   EXISTS (SELECT 1 FROM contracts c WHERE c.company_code = \(user.unit) AND c.street_code = doc.street_code
                           AND c.year = doc.year) AS serves_street
            FROM registration_lines l JOIN documents doc ON doc.id = l.document_id
            WHERE l.id_number = \(number) AND doc.document_type = 'registration' AND doc.year = \(year)
              AND (doc.status = 'filed' OR (doc.status = 'in_review' AND doc.step_position > 1))
            FOR UPDATE OF l
            """, logger: logger).collect()
        guard let row = households.first else {
            throw refuse("身份证号 \(d.idNumber.masked) 的农户不在 \(year) 年度已经街道审核的登记表上",
                         "no household with ID number \(d.idNumber.masked) is on a street-approved registration of \(year)")
        }
        let (registration, line, name, address, phone, registeredKg, registeredStoves, street, village, contracted, servesStreet) =
            try row.decode((Int64, Int, String, String, String, Int64, Int, String, String, Bool, Bool).self)
        guard servesStreet else {
            throw refuse("该农户属于「\(street)」，本企业与该街道没有 \(year) 年度配送合同",
                         "the household belongs to '\(street)', which has no \(year) delivery contract with your company")
        }
        guard contracted else {
            throw refuse("本企业在「\(street)」的合同不包括\(d.product == .coal ? "洁净煤" : "炉具")",
                         "your contract with '\(street)' does not cover \(product)")
        }
        let delivered = try await connection.query("""
            SELECT coalesce(sum((coal_tons * 1000)::bigint), 0)::bigint, coalesce(sum(stoves), 0)::int FROM slips
            WHERE registration_id = \(registration) AND line_no = \(line) AND status = 'valid'
            """, logger: logger).collect()
        let (deliveredKg, deliveredStoves) = try delivered.first!.decode((Int64, Int).self)
        if d.product == .coal, deliveredKg + d.coal.thousandths > registeredKg {
            let remaining = Tons(thousandths: registeredKg - deliveredKg)
            throw refuse("超出登记数量：该户登记洁净煤 \(Tons(thousandths: registeredKg)) 吨，已配送 \(Tons(thousandths: deliveredKg)) 吨，尚余 \(remaining) 吨",
                         "more than registered: the household registered \(Tons(thousandths: registeredKg)) t, \(Tons(thousandths: deliveredKg)) t delivered, \(remaining) t remain")
        }
        if d.product == .stove, deliveredStoves + d.stoves > registeredStoves {
            let remaining = registeredStoves - deliveredStoves
            throw refuse("超出登记数量：该户登记炉具 \(registeredStoves) 台，已配送 \(deliveredStoves) 台，尚余 \(remaining) 台",
                         "more than registered: the household registered \(registeredStoves) stoves, \(deliveredStoves) delivered, \(remaining) remain")
        }
        let prices = try await connection.query("""
            SELECT unit_price_fen FROM prices WHERE company_code = \(user.unit) AND year = \(year) AND product = \(product)
            """, logger: logger).collect()
        guard let price = try prices.first?.decode(Int64.self) else {
            throw refuse("本企业 \(year) 年度尚未确定\(d.product == .coal ? "洁净煤" : "炉具")价格（admin price set）",
                         "no \(year) \(product) price is set for your company (admin price set)")
        }
        let amount = d.product == .coal ? (d.coal.thousandths * price + 500) / 1000 : Int64(d.stoves) * price
        let subsidy = SubsidyRates(coalPerTon: Fen(coalRate), perStove: Fen(stoveRate)).subsidy(coal: d.coal, stoves: d.stoves)
        let inserted = try await connection.query("""
            INSERT INTO slips (company_code, year, registration_id, line_no, street_code, village_code, household_name, address,
                               id_number, phone, product, coal_tons, stoves, unit_price_fen, amount_fen, subsidy_fen, delivered_on, created_by)
            VALUES (\(user.unit), \(year), \(registration), \(line), \(street), \(village), \(name), \(address), \(number), \(phone),
                    \(product), \(d.coal.thousandths)::bigint::numeric / 1000, \(d.stoves), \(price), \(amount), \(subsidy.value),
                    \(date)::date, \(user.userID))
            RETURNING id
            """, logger: logger).collect()
        return try inserted.first!.decode(Int64.self)
    }

    /// Voids a slip with a reason (红冲). A slip in a summary that is in review or filed stays.
    public func void(_ id: Int64, reason: String, by user: ActingUser) async throws -> SlipView {
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw StoreError(.invalid, code: "reason_required", zh: "作废须写明理由", en: "voiding needs a reason") }
        let logger = logger
        do {
            try await client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query("""
                    SELECT s.company_code, s.street_code, s.status, d.status, d.id FROM slips s LEFT JOIN documents d ON d.id = s.summary_id
                    WHERE s.id = \(id) FOR UPDATE OF s
                    """, logger: logger).collect()
                guard let row = rows.first else { throw Self.notFound(id) }
                let (company, street, status, summaryStatus, summary) = try row.decode((String, String, String, String?, Int64?).self)
                guard Self.canSee(user, company: company, street: street) else { throw Self.notFound(id) }
                guard user.unit == company, user.role == .clerk else {
                    throw StoreError(.forbidden, code: "not_permitted", zh: "只有开具销售单的企业可以作废", en: "only the issuing company voids a slip")
                }
                guard status == "valid" else {
                    throw StoreError(.conflict, code: "state_conflict", zh: "销售单已作废", en: "the slip is void already")
                }
                if let summaryStatus, ["in_review", "filed"].contains(summaryStatus) {
                    throw StoreError(.conflict, code: "slip_locked",
                        zh: "销售单在已提交的汇总表 \(DocumentID.format(summary!)) 中（\(summaryStatus)），不能作废",
                        en: "the slip is in summary \(DocumentID.format(summary!)), which is \(summaryStatus); it cannot be voided")
                }
                try await connection.query("""
                    UPDATE slips SET status = 'void', void_reason = \(reason), voided_at = now() WHERE id = \(id)
                    """, logger: logger)
            }
        } catch {
            throw unwrapTransactionError(error)
        }
        return try await slip(id, for: user)!
    }

    public static func notFound(_ id: Int64) -> StoreError {
        StoreError(.notFound, code: "slip_not_found", zh: "没有销售单 \(SlipID.format(id))（或你无权查看）",
                   en: "no slip \(SlipID.format(id)) (or it is not visible to you)")
    }

    /// The five copies: the company, the household's street, 发改局 and 财政局 (the household holds paper).
    static func canSee(_ user: ActingUser, company: String, street: String) -> Bool {
        user.unit == company || user.unit == "fgj" || user.unit == "czj" || (user.unitKind == .street && user.unit == street)
    }

    static let columns = """
        s.id, s.company_code, s.street_code, s.village_code, s.year, s.delivered_on::text AS date, s.household_name, s.address,
        s.id_number, s.phone, s.product, (s.coal_tons * 1000)::bigint AS coal_kg, s.stoves, s.unit_price_fen, s.amount_fen,
        s.subsidy_fen, s.status, s.void_reason, s.summary_id
        """

    static func view(_ row: PostgresRow, unmaskedFor user: ActingUser) throws -> SlipView {
        let r = row.makeRandomAccess()
        let company = try r["company_code"].decode(String.self)
        let street = try r["street_code"].decode(String.self)
        // The serving company and the household's street need the full number; 发改局 and 财政局 do not.
        let full = user.unit == company || user.unit == street
        let idNumber = try r["id_number"].decode(String.self)
        let phone = try r["phone"].decode(String.self)
        return SlipView(
            id: SlipID.format(try r["id"].decode(Int64.self)), company: company, street: street,
            village: try r["village_code"].decode(String.self), year: try r["year"].decode(Int.self),
            date: try r["date"].decode(String.self), householdName: try r["household_name"].decode(String.self),
            address: try r["address"].decode(String.self),
            idNumber: full ? idNumber : ((try? ResidentIDNumber(idNumber))?.masked ?? DocumentQueries.mask(idNumber)),
            phone: full ? phone : ((try? PhoneNumber(phone))?.masked ?? DocumentQueries.mask(phone)),
            product: Product(rawValue: try r["product"].decode(String.self))!,
            coalTons: Tons(thousandths: try r["coal_kg"].decode(Int64.self)).description, stoves: try r["stoves"].decode(Int.self),
            unitPriceFen: try r["unit_price_fen"].decode(Int64.self), amountFen: try r["amount_fen"].decode(Int64.self),
            subsidyFen: try r["subsidy_fen"].decode(Int64.self), status: try r["status"].decode(String.self),
            voidReason: try r["void_reason"].decode(String?.self),
            summaryId: try r["summary_id"].decode(Int64?.self).map(DocumentID.format))
    }

    public func slip(_ id: Int64, for user: ActingUser) async throws -> SlipView? {
        let rows = try await client.query("SELECT \(unescaped: Self.columns) FROM slips s WHERE s.id = \(id)", logger: logger).collect()
        guard let row = rows.first else { return nil }
        let view = try Self.view(row, unmaskedFor: user)
        return Self.canSee(user, company: view.company, street: view.street) ? view : nil
    }

    /// Slips visible to the user, in date order; `month` is its first day.
    public func list(_ user: ActingUser, month: CivilDate?, limit: Int = 5000) async throws -> [SlipView] {
        let all = user.unit == "fgj" || user.unit == "czj"
        let company: String? = user.unitKind == .company ? user.unit : nil
        let street: String? = user.unitKind == .street ? user.unit : nil
        guard all || company != nil || street != nil else { return [] }
        let from = month?.description
        let rows = try await client.query("""
            SELECT \(unescaped: Self.columns) FROM slips s
            WHERE (\(all) OR s.company_code = \(company) OR s.street_code = \(street))
              AND (\(from)::date IS NULL OR (s.delivered_on >= \(from)::date AND s.delivered_on < \(from)::date + interval '1 month'))
            ORDER BY s.delivered_on, s.id LIMIT \(limit)
            """, logger: logger).collect()
        return try rows.map { try Self.view($0, unmaskedFor: user) }
    }
}
