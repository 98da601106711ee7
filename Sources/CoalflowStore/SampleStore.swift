import CoalflowCore
import Logging
import PostgresNIO

/// Quality samples (质量抽检): recorded by scjgj (or the office), judged against the limits of the
/// sample's program year. A failed sample opens a case against the company, assigned to scjgj, in the
/// same transaction, and marks the company until a later sample of the same product passes.
public struct SampleStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    public struct Record: Sendable {
        public var company: String
        public var product: Product
        public var date: CivilDate
        public var lab: String?
        /// The readings as typed, by indicator.
        public var readings: [QualityIndicator: String]

        public init(
            company: String, product: Product, date: CivilDate, lab: String? = nil, readings: [QualityIndicator: String]
        ) {
            self.company = company
            self.product = product
            self.date = date
            self.lab = lab
            self.readings = readings
        }
    }

    /// Records a sample for the user's unit and judges it; a failed one opens its case.
    public func record(_ record: Record, by user: ActingUser) async throws -> SampleView {
        guard QualitySample.mayBeRecorded(by: user) else {
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "质量抽检由区市场监管局（或领导小组办公室）的经办或审核人员记录",
                en: "quality samples are recorded by clerks and reviewers of scjgj (or the office)")
        }
        let readings: QualityReadings
        let lab: String?
        do {
            readings = try QualityReadings(product: record.product, texts: record.readings)
            lab = try record.lab.map { raw throws(InputError) in
                try FreeText.clean(raw, field: "lab", label: Message(zh: "检测机构", en: "the laboratory"), maxLength: 100)
            }
        } catch {
            throw StoreError(error)
        }
        let logger = logger
        return try await transaction(as: .documents(user)) { connection in
            let year = try await Self.check(record, connection, logger: logger)
            let limits = try await Self.limits(of: year, connection, logger: logger)
            let missing = limits.missing(for: record.product)
            guard missing.isEmpty else { throw Self.limitsMissing(year: year, missing) }
            let failed = limits.failures(of: readings)
            var caseID: Int64?
            if !failed.isEmpty {
                let street = try await Self.street(of: record.company, year: year, connection, logger: logger)
                let problem = limits.problem(of: readings, failed: failed, date: record.date)
                caseID = try await CaseStore.open(
                    .init(
                        source: .quality, street: street, company: record.company, problem: problem,
                        assign: QualitySample.samplingUnit), by: user, connection, logger: logger)
            }
            let value = { (indicator: QualityIndicator) in readings.values[indicator]?.description }
            let rows = try await connection.query(
                """
                INSERT INTO quality_samples (company_code, product, sampled_on, year, lab, sulfur_pct, ash_pct, volatile_pct,
                                             heat_mj_per_kg, efficiency_pct, failed, case_id, unit_code, created_by)
                VALUES (\(record.company), \(record.product.rawValue), \(record.date.description)::date, \(year), \(lab),
                        \(value(.sulfur))::numeric, \(value(.ash))::numeric, \(value(.volatile))::numeric,
                        \(value(.heat))::numeric, \(value(.efficiency))::numeric, \(failed.map(\.rawValue)), \(caseID),
                        \(user.unit), \(user.userID))
                RETURNING \(unescaped: Self.columns)
                """, logger: logger
            ).collect()
            return try Self.view(rows[0])
        }
    }

    /// Samples the user may see (scjgj and the district all, a company its own), newest first.
    public func list(_ user: ActingUser, company: String? = nil, limit: Int = Paging.defaultLimit, offset: Int = 0)
        async throws -> [SampleView]
    {
        let query: PostgresQuery = """
            SELECT \(unescaped: Self.columns) FROM quality_samples
            WHERE (\(company)::text IS NULL OR company_code = \(company))
            ORDER BY sampled_on DESC, id DESC LIMIT \(limit) OFFSET \(offset)
            """
        return try await rows(query, as: .documents(user)).map(Self.view)
    }

    /// The companies marked in the year's reports: those whose latest sample of a product failed (a later
    /// passing sample of that product clears the mark). For readers of reports, over their scope.
    public func flaggedCompanies(year: Int, for user: ActingUser) async throws -> [(company: String, product: Product)] {
        let street = try ReportStore.requireReader(user)
        let rows = try await rows(
            """
            SELECT company_code, product FROM (
                SELECT DISTINCT ON (company_code, product) company_code, product, passed FROM quality_samples
                WHERE year = \(year) ORDER BY company_code, product, sampled_on DESC, id DESC) latest
            WHERE NOT passed ORDER BY company_code, product
            """, as: .aggregates(user, street: street))
        return try rows.map { row in
            let (company, product) = try row.decode((String, Product).self)
            return (company, product)
        }
    }

    static let columns = """
        id, unit_code, company_code, product, sampled_on::text, lab, sulfur_pct::text, ash_pct::text, volatile_pct::text,
        heat_mj_per_kg::text, efficiency_pct::text, failed, case_id
        """

    static func view(_ row: PostgresRow) throws -> SampleView {
        let (id, unit, company, product, date, lab, sulfur, ash, volatile, heat, efficiency, failed, caseID) = try row.decode(
            (
                Int64, String, String, Product, String, String?, String?, String?, String?, String?, String?, [String],
                Int64?
            ).self)
        let stored: [(QualityIndicator, String?)] = [
            (.sulfur, sulfur), (.ash, ash), (.volatile, volatile), (.heat, heat), (.efficiency, efficiency),
        ]
        var readings: [String: String] = [:]
        for case (let indicator, let text?) in stored {
            readings[indicator.rawValue] = try QualityMeasure(parsing: text, for: indicator, field: indicator.rawValue)
                .description
        }
        return SampleView(
            id: SampleID.format(id), unit: unit, company: company, product: product, date: date, lab: lab, readings: readings,
            failed: failed.compactMap(QualityIndicator.init(rawValue:)), caseID: caseID.map(DocumentID.format))
    }

    /// The company is a delivery company and the date lies within a program year, not after today;
    /// returns that year.
    static func check(_ record: Record, _ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            """
            SELECT (SELECT kind FROM units WHERE code = \(record.company)),
                   (SELECT y.year FROM program_years y WHERE \(record.date.description)::date BETWEEN y.starts_on AND y.ends_on
                    ORDER BY y.year DESC LIMIT 1),
                   \(record.date.description)::date <= program_today()
            """, logger: logger
        ).collect()
        let (kind, year, past) = try rows[0].decode((String?, Int?, Bool).self)
        guard let kind else { throw StoreError.unknownUnit(record.company) }
        guard kind == UnitKind.company.rawValue else {
            throw StoreError.wrongKind(record.company, is: kind, expected: .company)
        }
        func refuse(_ zh: String, _ en: String) -> StoreError { StoreError(InputError(field: "date", zh: zh, en: en)) }
        guard let year else { throw refuse("\(record.date) 不在任何年度内", "\(record.date) is in no program year") }
        guard past else { throw refuse("抽检日期不能晚于今天", "the date cannot be after today") }
        return year
    }

    /// The year's limits; none set at all reads as all missing.
    static func limits(of year: Int, _ connection: PostgresConnection, logger: Logger) async throws -> QualityLimits {
        let rows = try await connection.query(
            """
            SELECT sulfur_max_pct::text, ash_max_pct::text, volatile_max_pct::text, heat_min_mj_per_kg::text,
                   efficiency_min_pct::text, is_demo
            FROM quality_limits WHERE year = \(year)
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return QualityLimits([:]) }
        let texts = try row.decode((String?, String?, String?, String?, String?, Bool).self)
        var limits = QualityLimits([:], isDemo: texts.5)
        for case (let indicator, let text?) in zip(
            QualityIndicator.allCases, [texts.0, texts.1, texts.2, texts.3, texts.4])
        {
            limits.values[indicator] = try QualityMeasure(parsing: text, for: indicator, field: indicator.rawValue)
        }
        return limits
    }

    static func limitsMissing(year: Int, _ missing: [QualityIndicator]) -> StoreError {
        let flags = missing.map { "--\($0.limitFlag) …" }.joined(separator: " ")
        return StoreError(
            .invalid, code: .qualityLimitsMissing,
            zh: "\(year) 年度尚未设定\(missing.map(\.label.zh).joined(separator: "、"))的质量限值，无法判定合格与否："
                + "先运行 coalflow admin quality-limits set --year \(year) \(flags)",
            en: "the \(year) quality limits for \(missing.map(\.label.en).joined(separator: ", ")) are not set, so the sample "
                + "cannot be judged: run coalflow admin quality-limits set --year \(year) \(flags) first")
    }

    /// The street a failed sample's case is filed under: the first, by code, the company has a contract
    /// in that year.
    static func street(of company: String, year: Int, _ connection: PostgresConnection, logger: Logger) async throws
        -> String
    {
        let rows = try await connection.query(
            """
            SELECT street_code FROM contracts WHERE company_code = \(company) AND year = \(year)
            ORDER BY street_code LIMIT 1
            """, logger: logger
        ).collect()
        guard let street = try rows.first?.decode(String.self) else {
            throw StoreError(
                .invalid, code: .noContract,
                zh: "「\(company)」在 \(year) 年度没有配送合同：不合格样品的问题线索须归入其配送的街道",
                en:
                    "'\(company)' has no delivery contract in \(year): a failed sample's case is filed under a street it delivers to"
            )
        }
        return street
    }
}
