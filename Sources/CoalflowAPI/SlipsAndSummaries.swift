/// One delivery to a household, as a company enters it: exactly one of coal and stoves.
public struct DeliveryInput: Sendable, Codable {
    public var idNumber: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var coalTons: String?
    public var stoves: String?

    public init(idNumber: String, date: String, coalTons: String?, stoves: String?) {
        self.idNumber = idNumber
        self.date = date
        self.coalTons = coalTons
        self.stoves = stoves
    }

    enum CodingKeys: String, CodingKey {
        case idNumber = "id_number"
        case date
        case coalTons = "coal_tons"
        case stoves
    }
}

/// `POST /api/v1/slips`: issue a slip for each delivery, all or nothing.
public struct IssueSlipsRequest: Sendable, Codable {
    public var slips: [DeliveryInput]

    public init(slips: [DeliveryInput]) {
        self.slips = slips
    }
}

/// The answer to issuing slips with `Prefer: return=minimal`: the new slips' ids, in row order.
public struct IssuedSlips: Sendable, Codable, Hashable {
    public var ids: [String]

    public init(ids: [String]) {
        self.ids = ids
    }
}

/// `POST /api/v1/slips/{id}/void` (红冲).
public struct VoidSlipRequest: Sendable, Codable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}

/// `POST /api/v1/summaries`: a company's monthly sales summary (销售汇总表) for one street.
public struct CreateSummaryRequest: Sendable, Codable {
    /// The street's unit code.
    public var street: String
    /// `YYYY-MM`.
    public var month: String

    public init(street: String, month: String) {
        self.street = street
        self.month = month
    }
}
