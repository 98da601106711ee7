import CoalflowCore

/// `POST /api/v1/cases`: a case opened and assigned (派单), the very value the store opens.
public typealias OpenCaseRequest = CaseOpening

/// `POST /api/v1/cases/{id}/handle`: what the handling unit did.
public struct HandleCaseRequest: Sendable, Codable {
    public var outcome: CaseOutcome
    public var result: String

    public init(outcome: CaseOutcome, result: String) {
        self.outcome = outcome
        self.result = result
    }
}

/// `POST /api/v1/cases/{id}/transfer` (转办).
public struct TransferCaseRequest: Sendable, Codable {
    public var to: String
    public var reason: String

    public init(to: String, reason: String) {
        self.to = to
        self.reason = reason
    }
}

/// `POST /api/v1/inspections`: the very value the store records.
public typealias RecordInspectionRequest = InspectionRecord

/// `POST /api/v1/surveys`: a village's survey ledger (摸底台账), all or nothing.
public struct CreateSurveyRequest: Sendable, Codable {
    public struct Home: Sendable, Codable {
        public var name: String
        public var address: String
        public var idNumber: String
        /// A `Heating` code or its Chinese name.
        public var heating: String
        public var coalUseTons: String
        public var coalStockTons: String

        public init(name: String, address: String, idNumber: String, heating: String, coalUseTons: String, coalStockTons: String)
        {
            self.name = name
            self.address = address
            self.idNumber = idNumber
            self.heating = heating
            self.coalUseTons = coalUseTons
            self.coalStockTons = coalStockTons
        }

        enum CodingKeys: String, CodingKey {
            case name, address
            case idNumber = "id_number"
            case heating
            case coalUseTons = "coal_use_tons"
            case coalStockTons = "coal_stock_tons"
        }
    }

    public var year: Int
    public var homes: [Home]

    public init(year: Int, homes: [Home]) {
        self.year = year
        self.homes = homes
    }
}

/// `POST /api/v1/samples`: a quality sample (质量抽检). Readings are decimal text (`"0.45"`), exact: a coal
/// sample gives `sulfur`, `ash`, `volatile` (%) and `heat` (MJ/kg); a stove sample `efficiency` (%).
public struct RecordSampleRequest: Sendable, Codable {
    public var company: String
    public var product: Product
    /// `YYYY-MM-DD`.
    public var date: String
    public var lab: String?
    /// By indicator name, as in a sample's `readings`.
    public var readings: [String: String]

    public init(company: String, product: Product, date: String, lab: String? = nil, readings: [String: String]) {
        self.company = company
        self.product = product
        self.date = date
        self.lab = lab
        self.readings = readings
    }
}
