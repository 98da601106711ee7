import CoalflowCore
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

/// Everything needed to check a batch of deliveries, read in a few queries: the program years of
/// their dates, the released households they name (locked, so concurrent batches cannot both fit),
/// what those households already received, and the company's prices.
struct IssueContext {
    struct Year {
        let year: Int
        let rates: SubsidyRates
    }

    struct Household {
        let registration: Int64
        let line: Int
        let name: String
        let address: String
        let registeredKg: Int64
        let registeredStoves: Int
        let street: String
        let village: String
        let year: Int
        let products: Set<String>
        let servesStreet: Bool
    }

    /// A checked slip, ready to insert.
    struct Row {
        let year: Int
        let registration: Int64
        let line: Int
        let street: String
        let village: String
        let name: String
        let address: String
        let product: String
        let kg: Int64
        let stoves: Int
        let price: Int64
        let amount: Int64
        let subsidy: Int64
        let date: String
    }

    let company: String
    var years: [String: Year]
    /// Keyed by ID number and year.
    var households: [String: Household]
    /// Delivered so far, including earlier rows of this batch: keyed by registration and line.
    var delivered: [String: (kg: Int64, stoves: Int)]
    var prices: [String: Int64]

    static func load(
        _ deliveries: [SlipStore.Delivery], company: String, keys: PersonalDataKeys, _ connection: PostgresConnection,
        logger: Logger
    ) async throws -> IssueContext {
        let dates = Array(Set(deliveries.map(\.date.description)))
        var years: [String: Year] = [:]
        for try await (date, year, coal, stove) in try await connection.query(
            """
            SELECT d::text, y.year, y.coal_subsidy_fen_per_ton, y.stove_subsidy_fen
            FROM unnest(\(dates)::date[]) AS d JOIN program_years y ON d BETWEEN y.starts_on AND y.ends_on
            """, logger: logger
        ).decode((String, Int, Int64, Int64).self) {
            years[date] = Year(year: year, rates: SubsidyRates(coalPerTon: Fen(coal), perStove: Fen(stove)))
        }
        // Households are found by the keyed digest of their ID number, never by the number itself.
        let numberOf = Dictionary(
            deliveries.map { (keys.lookup($0.idNumber.value), $0.idNumber.value) }, uniquingKeysWith: { first, _ in first })
        var households: [String: Household] = [:]
        let rows = try await connection.query(
            """
            SELECT l.id_number_hmac, l.document_id, l.line_no, l.household_name, l.address, l.coal_kg, l.stoves,
                   doc.street_code, doc.origin_unit, doc.year,
                   coalesce((SELECT string_agg(c.product, ',') FROM contracts c WHERE c.company_code = \(company)
                             AND c.street_code = doc.street_code AND c.year = doc.year), '')
            FROM registration_lines l JOIN documents doc ON doc.id = l.document_id
            WHERE l.id_number_hmac = ANY(\(numberOf.keys.map { ByteBuffer(data: $0) })) AND doc.document_type = 'registration'
              AND registration_released(doc.status, doc.step_position)
            ORDER BY l.document_id, l.line_no
            FOR UPDATE OF l
            """, logger: logger)
        for try await (digest, registration, line, name, address, kg, stoves, street, village, year, products) in rows.decode(
            (Data, Int64, Int, String, String, Int64, Int, String, String, Int, String).self)
        {
            let contracted = Set(products.split(separator: ",").map(String.init))
            households["\(numberOf[digest] ?? "")/\(year)"] = Household(
                registration: registration, line: line, name: name, address: address, registeredKg: kg,
                registeredStoves: stoves, street: street, village: village, year: year, products: contracted,
                servesStreet: !contracted.isEmpty)
        }
        var delivered: [String: (kg: Int64, stoves: Int)] = [:]
        let registrations = Array(Set(households.values.map(\.registration)))
        for try await (registration, line, kg, stoves) in try await connection.query(
            """
            SELECT registration_id, line_no, coal_kg, stoves FROM delivered_to(\(registrations))
            """, logger: logger
        ).decode((Int64, Int, Int64, Int).self) {
            delivered["\(registration)/\(line)"] = (kg, stoves)
        }
        var prices: [String: Int64] = [:]
        for try await (year, product, price) in try await connection.query(
            """
            SELECT year, product, unit_price_fen FROM prices WHERE company_code = \(company)
            """, logger: logger
        ).decode((Int, String, Int64).self) {
            prices["\(year)/\(product)"] = price
        }
        return IssueContext(company: company, years: years, households: households, delivered: delivered, prices: prices)
    }

    /// Checks one delivery against the rules, counting what earlier rows of the batch delivered.
    mutating func check(_ d: SlipStore.Delivery) throws -> Row {
        guard (d.coal > .zero) != (d.stoves > 0) else {
            throw SlipStore.refuse("一张销售单只写一种产品：洁净煤吨数或炉具台数", "a slip is for one product: coal tons or stoves")
        }
        let date = d.date.description
        guard let year = years[date] else {
            throw SlipStore.refuse("日期 \(date) 不在任何年度内", "the date \(date) is outside every program year")
        }
        guard let h = households["\(d.idNumber.value)/\(year.year)"] else {
            throw SlipStore.refuse(
                "身份证号 \(d.idNumber.masked) 的农户不在 \(year.year) 年度已经街道审核的登记表上",
                "no household with ID number \(d.idNumber.masked) is on a street-approved registration of \(year.year)")
        }
        let product = d.stoves > 0 ? Product.stove : Product.coal
        guard h.servesStreet else {
            throw SlipStore.refuse(
                "该农户属于「\(h.street)」，本企业与该街道没有 \(year.year) 年度配送合同",
                "the household belongs to '\(h.street)', which has no \(year.year) delivery contract with your company")
        }
        guard h.products.contains(product.rawValue) else {
            throw SlipStore.refuse(
                "本企业在「\(h.street)」的合同不包括\(product == .coal ? "洁净煤" : "炉具")",
                "your contract with '\(h.street)' does not cover \(product.rawValue)")
        }
        let key = "\(h.registration)/\(h.line)"
        let before = delivered[key] ?? (0, 0)
        if product == .coal, before.kg + d.coal.thousandths > h.registeredKg {
            let remaining = Tons(thousandths: h.registeredKg - before.kg)
            throw SlipStore.refuse(
                "超出登记数量：该户登记洁净煤 \(Tons(thousandths: h.registeredKg)) 吨，已配送 \(Tons(thousandths: before.kg)) 吨，尚余 \(remaining) 吨",
                "more than registered: the household registered \(Tons(thousandths: h.registeredKg)) t, \(Tons(thousandths: before.kg)) t delivered, \(remaining) t remain"
            )
        }
        if product == .stove, before.stoves + d.stoves > h.registeredStoves {
            let remaining = h.registeredStoves - before.stoves
            throw SlipStore.refuse(
                "超出登记数量：该户登记炉具 \(h.registeredStoves) 台，已配送 \(before.stoves) 台，尚余 \(remaining) 台",
                "more than registered: the household registered \(h.registeredStoves) stoves, \(before.stoves) delivered, \(remaining) remain"
            )
        }
        guard let price = prices["\(year.year)/\(product.rawValue)"] else {
            throw SlipStore.refuse(
                "本企业 \(year.year) 年度尚未确定\(product == .coal ? "洁净煤" : "炉具")价格（admin price set）",
                "no \(year.year) \(product.rawValue) price is set for your company (admin price set)")
        }
        delivered[key] = (before.kg + d.coal.thousandths, before.stoves + d.stoves)
        // Checked: a price stored before the bounds of `Plausible` could otherwise trap the server.
        let (gross, overflow) =
            product == .coal
            ? d.coal.thousandths.multipliedReportingOverflow(by: price) : Int64(d.stoves).multipliedReportingOverflow(by: price)
        guard !overflow else {
            throw SlipStore.refuse(
                "金额超出范围：请核对价格（admin price set）", "the amount is out of range: check the price (admin price set)")
        }
        let amount = product == .coal ? (gross + 500) / 1000 : gross
        return Row(
            year: year.year, registration: h.registration, line: h.line, street: h.street, village: h.village, name: h.name,
            address: h.address, product: product.rawValue, kg: d.coal.thousandths,
            stoves: d.stoves, price: price, amount: amount, subsidy: year.rates.subsidy(coal: d.coal, stoves: d.stoves).value,
            date: date)
    }
}
