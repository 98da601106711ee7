/// One household as a village enters it: every field as text, checked by the server row by row.
public struct HouseholdInput: Sendable, Codable {
    public var name: String
    public var address: String
    public var idNumber: String
    public var phone: String
    public var coalTons: String
    public var stoves: String

    public init(name: String, address: String, idNumber: String, phone: String, coalTons: String, stoves: String) {
        self.name = name
        self.address = address
        self.idNumber = idNumber
        self.phone = phone
        self.coalTons = coalTons
        self.stoves = stoves
    }

    enum CodingKeys: String, CodingKey {
        case name, address
        case idNumber = "id_number"
        case phone
        case coalTons = "coal_tons"
        case stoves
    }
}

/// `POST /api/v1/registrations`: a registration form (登记表) and its households.
public struct CreateRegistrationRequest: Sendable, Codable {
    public var year: Int
    public var households: [HouseholdInput]

    public init(year: Int, households: [HouseholdInput]) {
        self.year = year
        self.households = households
    }
}

/// `POST /api/v1/documents/{id}/publicize`: the notice period (公示期), `YYYY-MM-DD` both ends included.
public struct PublicizeRequest: Sendable, Codable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// `POST /api/v1/documents/{id}/amend`: the form's new list of households, all of it.
public struct AmendRegistrationRequest: Sendable, Codable {
    public var households: [HouseholdInput]

    public init(households: [HouseholdInput]) {
        self.households = households
    }
}
