/// One street's progress against its targets (`coalflow progress`), or the district total (`total`).
public struct ProgressRow: Sendable, Codable, Hashable {
    public var street: String
    public var streetName: String
    public var targetCoalTons: String?
    public var targetStoves: Int?
    public var registeredCoalTons: String
    public var registeredStoves: Int
    public var registeredHouseholds: Int
    public var deliveredCoalTons: String
    public var deliveredStoves: Int
    public var deliveredSubsidyFen: Int64
    public var filedCoalTons: String
    public var filedStoves: Int
    public var filedSubsidyFen: Int64
    /// Delivered against target, `"45.5"`; null without a target.
    public var completionCoalPct: String?
    public var completionStovesPct: String?
    /// Coverage (全覆盖): homes burning coal on the street's confirmed surveys, how many of them are on a
    /// live form, and that share (`"75.0"`; null without such homes).
    public var surveyedBurningCoal: Int
    public var surveyedRegistered: Int
    public var coveragePct: String?

    public init(
        street: String, streetName: String, targetCoalTons: String?, targetStoves: Int?, registeredCoalTons: String,
        registeredStoves: Int, registeredHouseholds: Int, deliveredCoalTons: String, deliveredStoves: Int,
        deliveredSubsidyFen: Int64, filedCoalTons: String, filedStoves: Int, filedSubsidyFen: Int64,
        completionCoalPct: String?, completionStovesPct: String?, surveyedBurningCoal: Int = 0, surveyedRegistered: Int = 0,
        coveragePct: String? = nil
    ) {
        self.street = street
        self.streetName = streetName
        self.targetCoalTons = targetCoalTons
        self.targetStoves = targetStoves
        self.registeredCoalTons = registeredCoalTons
        self.registeredStoves = registeredStoves
        self.registeredHouseholds = registeredHouseholds
        self.deliveredCoalTons = deliveredCoalTons
        self.deliveredStoves = deliveredStoves
        self.deliveredSubsidyFen = deliveredSubsidyFen
        self.filedCoalTons = filedCoalTons
        self.filedStoves = filedStoves
        self.filedSubsidyFen = filedSubsidyFen
        self.completionCoalPct = completionCoalPct
        self.completionStovesPct = completionStovesPct
        self.surveyedBurningCoal = surveyedBurningCoal
        self.surveyedRegistered = surveyedRegistered
        self.coveragePct = coveragePct
    }

    enum CodingKeys: String, CodingKey {
        case street
        case streetName = "street_name"
        case targetCoalTons = "target_coal_tons"
        case targetStoves = "target_stoves"
        case registeredCoalTons = "registered_coal_tons"
        case registeredStoves = "registered_stoves"
        case registeredHouseholds = "registered_households"
        case deliveredCoalTons = "delivered_coal_tons"
        case deliveredStoves = "delivered_stoves"
        case deliveredSubsidyFen = "delivered_subsidy_fen"
        case filedCoalTons = "filed_coal_tons"
        case filedStoves = "filed_stoves"
        case filedSubsidyFen = "filed_subsidy_fen"
        case surveyedBurningCoal = "surveyed_burning_coal"
        case surveyedRegistered = "surveyed_registered"
        case coveragePct = "coverage_pct"
        case completionCoalPct = "completion_coal_pct"
        case completionStovesPct = "completion_stoves_pct"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(street, forKey: .street)
        try c.encode(streetName, forKey: .streetName)
        try c.encode(targetCoalTons, forKey: .targetCoalTons)
        try c.encode(targetStoves, forKey: .targetStoves)
        try c.encode(registeredCoalTons, forKey: .registeredCoalTons)
        try c.encode(registeredStoves, forKey: .registeredStoves)
        try c.encode(registeredHouseholds, forKey: .registeredHouseholds)
        try c.encode(deliveredCoalTons, forKey: .deliveredCoalTons)
        try c.encode(deliveredStoves, forKey: .deliveredStoves)
        try c.encode(deliveredSubsidyFen, forKey: .deliveredSubsidyFen)
        try c.encode(filedCoalTons, forKey: .filedCoalTons)
        try c.encode(filedStoves, forKey: .filedStoves)
        try c.encode(filedSubsidyFen, forKey: .filedSubsidyFen)
        try c.encode(completionCoalPct, forKey: .completionCoalPct)
        try c.encode(completionStovesPct, forKey: .completionStovesPct)
        try c.encode(surveyedBurningCoal, forKey: .surveyedBurningCoal)
        try c.encode(surveyedRegistered, forKey: .surveyedRegistered)
        try c.encode(coveragePct, forKey: .coveragePct)
    }
}
