import CoalflowCore
import HummingbirdBcrypt
import Logging
import PostgresNIO

/// The operator's changes to the program's setup: units, years, targets, contracts, prices, users.
/// Each checks what it references and names the first problem; nothing is half-written.
public struct AdminStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    public struct NewUnit: Sendable {
        public var code: String
        public var name: String
        public var kind: UnitKind
        public var parent: String?
        public var isDemo = false

        public init(code: String, name: String, kind: UnitKind, parent: String? = nil, isDemo: Bool = false) {
            self.code = code
            self.name = name
            self.kind = kind
            self.parent = parent
            self.isDemo = isDemo
        }
    }

    public func addUnit(_ unit: NewUnit) async throws {
        do { try UnitCode.validate(unit.code) } catch { throw StoreError(error) }
        let name: String
        do {
            name = try FreeText.clean(unit.name, field: "--name", label: Message(zh: "单位名称", en: "the unit name"), maxLength: 100)
        } catch {
            throw StoreError(error)
        }
        switch (unit.kind, unit.parent) {
        case (.village, nil):
            throw StoreError(
                .invalid, code: .villageWithoutStreet,
                zh: "村/社区必须用 --parent 指定所属街道", en: "a village needs its street: --parent STREET_CODE")
        case (.village, let parent?):
            try await requireUnit(parent, kind: .street)
        case (_, .some):
            throw StoreError(
                .invalid, code: .parentNotAllowed,
                zh: "只有村/社区有上级街道（--parent）", en: "only a village has a parent street (--parent)")
        case (_, nil):
            break
        }
        try await mapUniqueViolation(
            StoreError(
                .invalid, code: .unitExists,
                zh: "单位代码「\(unit.code)」已存在", en: "unit code '\(unit.code)' exists already")
        ) {
            try await client.query(
                """
                INSERT INTO units (code, name, kind, reach, parent_code, is_demo)
                VALUES (\(unit.code), \(name), \(unit.kind.rawValue), \(UnitReach.standard(for: unit.kind).rawValue), \(unit.parent),
                        \(unit.isDemo))
                """, logger: logger)
        }
    }

    public struct NewYear: Sendable {
        public var year: Int
        public var startsOn: CivilDate
        public var endsOn: CivilDate
        public var rates: SubsidyRates

        public init(year: Int, startsOn: CivilDate, endsOn: CivilDate, rates: SubsidyRates) {
            self.year = year
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.rates = rates
        }
    }

    public func addYear(_ year: NewYear) async throws {
        let years = ProgramYear.range
        guard years.contains(year.year) else {
            throw StoreError(
                .invalid, code: .invalidInput, zh: "年度应在 \(years.lowerBound)–\(years.upperBound) 之间",
                en: "the year must be within \(years.lowerBound)–\(years.upperBound)")
        }
        guard year.startsOn < year.endsOn else {
            throw StoreError(.invalid, code: .invalidInput, zh: "年度开始日期应早于结束日期", en: "the year must start before it ends")
        }
        do {
            try Plausible.checkPrice(year.rates.coalPerTon, field: "coal-yuan-per-ton")
            try Plausible.checkPrice(year.rates.perStove, field: "stove-yuan")
        } catch {
            throw StoreError(error)
        }
        try await mapUniqueViolation(
            StoreError(
                .invalid, code: .yearExists,
                zh: "\(year.year) 年度已存在", en: "program year \(year.year) exists already")
        ) {
            try await client.query(
                """
                INSERT INTO program_years (year, starts_on, ends_on, coal_subsidy_fen_per_ton, stove_subsidy_fen)
                VALUES (\(year.year), \(year.startsOn.description)::date, \(year.endsOn.description)::date,
                        \(year.rates.coalPerTon.value), \(year.rates.perStove.value))
                """, logger: logger)
        }
    }

    public func addTarget(street: String, year: Int, coal: Tons, stoves: Int) async throws {
        guard stoves >= 0 else {
            throw StoreError(.invalid, code: .invalidInput, zh: "炉具台数不能为负", en: "stoves cannot be negative")
        }
        try await requireUnit(street, kind: .street)
        try await requireYear(year)
        try await mapUniqueViolation(
            StoreError(
                .invalid, code: .targetExists,
                zh: "「\(street)」\(year) 年度已有任务目标", en: "street '\(street)' already has a target for \(year)")
        ) {
            try await client.query(
                """
                INSERT INTO targets (street_code, year, coal_kg, stoves)
                VALUES (\(street), \(year), \(coal.thousandths), \(stoves))
                """, logger: logger)
        }
    }

    public func addContract(company: String, street: String, year: Int, product: Product) async throws {
        try await requireUnit(company, kind: .company)
        try await requireUnit(street, kind: .street)
        try await requireYear(year)
        try await mapUniqueViolation(
            StoreError(
                .invalid, code: .contractExists,
                zh: "「\(company)」与「\(street)」\(year) 年度的\(product == .coal ? "洁净煤" : "炉具")配送合同已存在",
                en: "the \(year) \(product.rawValue) contract of '\(company)' with '\(street)' exists already")
        ) {
            try await client.query(
                """
                INSERT INTO contracts (company_code, street_code, year, product)
                VALUES (\(company), \(street), \(year), \(product.rawValue))
                """, logger: logger)
        }
    }

    /// Sets (or changes) a company's unit price for a year: per ton of coal or per stove.
    public func setPrice(company: String, year: Int, product: Product, price: Fen) async throws {
        guard price.value > 0 else {
            throw StoreError(.invalid, code: .invalidInput, zh: "价格必须大于 0", en: "the price must be above 0")
        }
        do { try Plausible.checkPrice(price, field: "price") } catch { throw StoreError(error) }
        try await requireUnit(company, kind: .company)
        try await requireYear(year)
        try await client.query(
            """
            INSERT INTO prices (company_code, year, product, unit_price_fen) VALUES (\(company), \(year), \(product.rawValue), \(price.value))
            ON CONFLICT (company_code, year, product) DO UPDATE SET unit_price_fen = EXCLUDED.unit_price_fen, updated_at = now()
            """, logger: logger)
    }

    /// Sets (or changes) limits of a program year's quality samples; the limits not given stay as they
    /// were.
    public func setQualityLimits(year: Int, _ limits: QualityLimits) async throws {
        guard !limits.values.isEmpty else {
            throw StoreError(.invalid, code: .invalidInput, zh: "未给出任何限值", en: "no limit given")
        }
        try await requireYear(year)
        let logger = logger
        try await transaction(as: nil) { connection in
            try await Self.writeQualityLimits(year: year, limits, demo: false, connection, logger: logger)
        }
    }

    /// Writes a year's limits, keeping those not given. Demo limits (`admin seed --demo`) are written only
    /// where the year has none, and stay marked demo until the office has set every limit itself.
    static func writeQualityLimits(
        year: Int, _ limits: QualityLimits, demo: Bool, _ connection: PostgresConnection, logger: Logger
    ) async throws {
        let value = { (indicator: QualityIndicator) in limits.values[indicator]?.description }
        let complete = limits.values.count == QualityIndicator.allCases.count
        try await connection.query(
            """
            INSERT INTO quality_limits (year, sulfur_max_pct, ash_max_pct, volatile_max_pct, heat_min_mj_per_kg,
                                        efficiency_min_pct, is_demo)
            VALUES (\(year), \(value(.sulfur))::numeric, \(value(.ash))::numeric, \(value(.volatile))::numeric,
                    \(value(.heat))::numeric, \(value(.efficiency))::numeric, \(demo))
            ON CONFLICT (year) DO UPDATE SET
                sulfur_max_pct = coalesce(EXCLUDED.sulfur_max_pct, quality_limits.sulfur_max_pct),
                ash_max_pct = coalesce(EXCLUDED.ash_max_pct, quality_limits.ash_max_pct),
                volatile_max_pct = coalesce(EXCLUDED.volatile_max_pct, quality_limits.volatile_max_pct),
                heat_min_mj_per_kg = coalesce(EXCLUDED.heat_min_mj_per_kg, quality_limits.heat_min_mj_per_kg),
                efficiency_min_pct = coalesce(EXCLUDED.efficiency_min_pct, quality_limits.efficiency_min_pct),
                is_demo = quality_limits.is_demo AND NOT \(complete), updated_at = now()
            WHERE NOT \(demo)
            """, logger: logger)
    }

    public static let minimumPasswordLength = 8

    public func addUser(login: String, unit: String, role: Role, name: String?, password: String, bcryptCost: UInt8) async throws
    {
        let loginOK =
            (2...64).contains(login.count) && login.first.map { $0.isASCII && ($0.isLowercase || $0.isNumber) } == true
            && login.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }
        guard loginOK else {
            throw StoreError(
                .invalid, code: .invalidLogin,
                zh: "登录名「\(login)」无效：应为 2–64 位小写字母、数字、.、_ 或 -",
                en: "login '\(login)' is not valid: 2–64 lowercase letters, digits, ., _ or -")
        }
        try Self.checkPassword(password)
        let kind = try await requireUnit(unit)
        guard role != .admin || kind == UnitKind.office.rawValue else {
            throw StoreError(
                .invalid, code: .adminOutsideOffice,
                zh: "只有领导小组办公室的人员可以是 admin", en: "only people of the office can have the admin role")
        }
        let displayName: String
        do {
            displayName =
                try name.flatMap { $0.trimmingSpaces().isEmpty ? nil : $0 }
                .map { raw throws(InputError) in
                    try FreeText.clean(raw, field: "--name", label: Message(zh: "姓名", en: "the name"), maxLength: 100)
                } ?? login
        } catch {
            throw StoreError(error)
        }
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        try await mapUniqueViolation(
            StoreError(
                .invalid, code: .loginExists,
                zh: "登录名「\(login)」已存在", en: "login '\(login)' exists already")
        ) {
            try await client.query(
                """
                INSERT INTO users (login, display_name, unit_code, unit_kind, role, password_hash)
                VALUES (\(login), \(displayName), \(unit), \(kind), \(role.rawValue), \(hash))
                """, logger: logger)
        }
    }

    /// bcrypt reads only the first 72 bytes: a longer password would silently count as its prefix.
    public static let maximumPasswordBytes = 72

    static func checkPassword(_ password: String) throws {
        guard password.count >= Self.minimumPasswordLength else {
            throw StoreError(
                .invalid, code: .weakPassword,
                zh: "密码至少 \(Self.minimumPasswordLength) 位",
                en: "the password needs at least \(Self.minimumPasswordLength) characters")
        }
        guard password.utf8.count <= Self.maximumPasswordBytes else {
            throw StoreError(
                .invalid, code: .passwordTooLong,
                zh: "密码最多 \(Self.maximumPasswordBytes) 字节（UTF-8）",
                en: "the password has at most \(Self.maximumPasswordBytes) bytes (UTF-8)")
        }
    }

    /// Sets a new password. The login's tokens are revoked and its lock lifted: whoever held the old
    /// password holds nothing any more.
    public func resetPassword(login: String, password: String, bcryptCost: UInt8) async throws {
        try Self.checkPassword(password)
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        try await changeUser(login) { connection, id in
            try await connection.query("UPDATE users SET password_hash = \(hash) WHERE id = \(id)", logger: logger)
            try await connection.query("DELETE FROM login_failures WHERE login = \(login)", logger: logger)
        }
    }

    /// Disables a login: its tokens are revoked in the same transaction, so they stop working at once,
    /// and it cannot log in again until enabled.
    public func disableUser(login: String) async throws {
        try await changeUser(login) { connection, id in
            try await connection.query(
                "UPDATE users SET disabled_at = coalesce(disabled_at, now()) WHERE id = \(id)", logger: logger)
        }
    }

    public func enableUser(login: String) async throws {
        try await changeUser(login) { connection, id in
            try await connection.query("UPDATE users SET disabled_at = NULL WHERE id = \(id)", logger: logger)
        }
    }

    /// Locks the user's row, applies `change`, and revokes the user's live tokens, in one transaction.
    private func changeUser(_ login: String, _ change: @Sendable (PostgresConnection, Int64) async throws -> Void) async throws {
        try await transaction(as: nil) { connection in
            let rows = try await connection.query("SELECT id FROM users WHERE login = \(login) FOR UPDATE", logger: logger)
                .collect()
            guard let id = try rows.first?.decode(Int64.self) else {
                throw StoreError(.notFound, code: .unknownLogin, zh: "没有账号「\(login)」", en: "no login '\(login)'")
            }
            try await change(connection, id)
            try await connection.query(
                """
                UPDATE sessions SET revoked_at = now() WHERE user_id = \(id) AND revoked_at IS NULL AND expires_at > now()
                """, logger: logger)
        }
    }

    /// The person behind a login, as a request would act for them: for work an operator does in their
    /// name (the demo's supervision work).
    public func actingUser(_ login: String) async throws -> ActingUser {
        let rows = try await client.query(
            """
            SELECT u.id, u.unit_code, un.kind, u.role, CASE WHEN un.kind = 'street' THEN un.code ELSE un.parent_code END,
                   un.reach, un.slip_copy
            FROM users u JOIN units un ON un.code = u.unit_code WHERE u.login = \(login)
            """, logger: logger
        ).collect()
        guard let row = rows.first else {
            throw StoreError(.notFound, code: .notFound, zh: "没有账号 \(login)", en: "no login \(login)")
        }
        let (id, unit, kind, role, street, reach, slipCopy) = try row.decode(
            (Int64, String, UnitKind, Role, String?, UnitReach, Bool).self)
        return ActingUser(
            userID: id, login: login, unit: unit, unitKind: kind, role: role, street: street, reach: reach, slipCopy: slipCopy)
    }

    public func userExists(_ login: String) async throws -> Bool {
        try await client.query("SELECT 1 FROM users WHERE login = \(login)", logger: logger).collect().count == 1
    }

    /// Returns the unit's kind, or throws "unknown unit" / "wrong kind".
    @discardableResult
    func requireUnit(_ code: String, kind expected: UnitKind? = nil) async throws -> String {
        let rows = try await client.query("SELECT kind FROM units WHERE code = \(code)", logger: logger).collect()
        guard let kind = try rows.first?.decode(String.self) else { throw StoreError.unknownUnit(code) }
        if let expected, kind != expected.rawValue { throw StoreError.wrongKind(code, is: kind, expected: expected) }
        return kind
    }

    func requireYear(_ year: Int) async throws {
        let rows = try await client.query("SELECT 1 FROM program_years WHERE year = \(year)", logger: logger).collect()
        guard !rows.isEmpty else { throw StoreError.unknownYear(year) }
    }

    func mapUniqueViolation(_ duplicate: StoreError, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as PSQLError where error.sqlState == "23505" {
            throw duplicate
        }
    }
}
