/// A sales slip (销售单) as read by its five parties: the company, the household (printed copy), the
/// street, 发改局 and 财政局.
public struct SlipView: Sendable, Codable, Hashable {
    public var id: String
    public var company: String
    public var street: String
    public var village: String
    public var year: Int
    public var date: String
    public var householdName: String
    public var address: String
    public var idNumber: String
    public var phone: String
    public var product: Product
    public var coalTons: String
    public var stoves: Int
    public var unitPriceFen: Int64
    public var amountFen: Int64
    public var subsidyFen: Int64
    public var status: SlipStatus
    public var voidReason: String?
    public var summaryId: String?
    /// The slip's events of the audit chain (its void: who, when, why), oldest first.
    public var history: [HistoryEntry] = []
    /// The units' names beside their codes, for people; nil only from a server older than these keys.
    public var companyName: String?
    public var streetName: String?
    public var villageName: String?

    public init(
        id: String, company: String, street: String, village: String, year: Int, date: String, householdName: String,
        address: String, idNumber: String, phone: String, product: Product, coalTons: String, stoves: Int,
        unitPriceFen: Int64, amountFen: Int64, subsidyFen: Int64, status: SlipStatus, voidReason: String?, summaryId: String?
    ) {
        self.id = id
        self.company = company
        self.street = street
        self.village = village
        self.year = year
        self.date = date
        self.householdName = householdName
        self.address = address
        self.idNumber = idNumber
        self.phone = phone
        self.product = product
        self.coalTons = coalTons
        self.stoves = stoves
        self.unitPriceFen = unitPriceFen
        self.amountFen = amountFen
        self.subsidyFen = subsidyFen
        self.status = status
        self.voidReason = voidReason
        self.summaryId = summaryId
    }

    enum CodingKeys: String, CodingKey {
        case id, company, street, village, year, date
        case householdName = "household_name"
        case address
        case idNumber = "id_number"
        case phone
        case product
        case coalTons = "coal_tons"
        case stoves
        case unitPriceFen = "unit_price_fen"
        case amountFen = "amount_fen"
        case subsidyFen = "subsidy_fen"
        case status
        case voidReason = "void_reason"
        case summaryId = "summary_id"
        case history
        case companyName = "company_name"
        case streetName = "street_name"
        case villageName = "village_name"
    }

    /// By hand so that `summary_id` and `void_reason` are present as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(company, forKey: .company)
        try c.encode(street, forKey: .street)
        try c.encode(village, forKey: .village)
        try c.encode(year, forKey: .year)
        try c.encode(date, forKey: .date)
        try c.encode(householdName, forKey: .householdName)
        try c.encode(address, forKey: .address)
        try c.encode(idNumber, forKey: .idNumber)
        try c.encode(phone, forKey: .phone)
        try c.encode(product, forKey: .product)
        try c.encode(coalTons, forKey: .coalTons)
        try c.encode(stoves, forKey: .stoves)
        try c.encode(unitPriceFen, forKey: .unitPriceFen)
        try c.encode(amountFen, forKey: .amountFen)
        try c.encode(subsidyFen, forKey: .subsidyFen)
        try c.encode(status, forKey: .status)
        try c.encode(voidReason, forKey: .voidReason)
        try c.encode(summaryId, forKey: .summaryId)
        try c.encode(history, forKey: .history)
        try c.encode(companyName ?? company, forKey: .companyName)
        try c.encode(streetName ?? street, forKey: .streetName)
        try c.encode(villageName ?? village, forKey: .villageName)
    }
}

/// Slip ids are printed as `S` and the number (`S7`); the bare number is accepted too.
public enum SlipID {
    public static func format(_ id: Int64) -> String { "S\(id)" }

    public static func parse(_ text: String) -> Int64? {
        let body = text.hasPrefix("S") || text.hasPrefix("s") ? text.dropFirst() : Substring(text)
        guard let id = Int64(body), id > 0 else { return nil }
        return id
    }
}

/// The company seal (加盖企业公章) of a monthly summary: the SHA-256 of its canonical content, every slip
/// line and the totals. Any later change to a slip changes the digest.
public enum SummarySeal {
    public struct Line: Sendable, Hashable {
        public let slip: Int64
        public let date: String
        public let idNumber: String
        public let product: String
        public let coalThousandths: Int64
        public let stoves: Int
        public let unitPriceFen: Int64
        public let amountFen: Int64
        public let subsidyFen: Int64

        public init(
            slip: Int64, date: String, idNumber: String, product: String, coalThousandths: Int64, stoves: Int,
            unitPriceFen: Int64, amountFen: Int64, subsidyFen: Int64
        ) {
            self.slip = slip
            self.date = date
            self.idNumber = idNumber
            self.product = product
            self.coalThousandths = coalThousandths
            self.stoves = stoves
            self.unitPriceFen = unitPriceFen
            self.amountFen = amountFen
            self.subsidyFen = subsidyFen
        }
    }

    /// The exact text that is hashed: one line per slip in id order, then the totals.
    public static func canonical(_ lines: [Line]) -> String {
        let sorted = lines.sorted { $0.slip < $1.slip }
        var text = ""
        for l in sorted {
            text +=
                "S\(l.slip)|\(l.date)|\(l.idNumber)|\(l.product)|\(Tons(thousandths: l.coalThousandths))|\(l.stoves)|\(l.unitPriceFen)|\(l.amountFen)|\(l.subsidyFen)\n"
        }
        let kg = sorted.reduce(Int64(0)) { $0 + $1.coalThousandths }
        text += "TOTAL|\(sorted.count)|\(Tons(thousandths: kg))|\(sorted.reduce(0) { $0 + $1.stoves })|"
        text += "\(sorted.reduce(Int64(0)) { $0 + $1.amountFen })|\(sorted.reduce(Int64(0)) { $0 + $1.subsidyFen })\n"
        return text
    }
}

/// A slip is valid until voided (红冲); a void slip is kept, never deleted.
public enum SlipStatus: String, Sendable, CaseIterable, Codable {
    case valid, void
}
