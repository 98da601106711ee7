/// The person behind a request: who they are, which unit they act for and in what role, and how far
/// their unit sees (data on the unit, `units.reach` and `units.slip_copy`).
public struct ActingUser: Sendable, Hashable, Codable {
    public let userID: Int64
    public let login: String
    public let unit: String
    public let unitKind: UnitKind
    public let role: Role
    /// For a village, its street; for a street, itself; otherwise nil.
    public let street: String?
    public let reach: UnitReach
    /// The unit keeps a copy of every sales slip (发改局, 财政局), as on the paper slip's five copies.
    public let slipCopy: Bool
    /// The unit's name (区发改局), when known.
    public let unitName: String?

    public init(
        userID: Int64, login: String, unit: String, unitKind: UnitKind, role: Role, street: String?,
        reach: UnitReach? = nil, slipCopy: Bool = false, unitName: String? = nil
    ) {
        self.userID = userID
        self.login = login
        self.unit = unit
        self.unitKind = unitKind
        self.role = role
        self.street = street
        self.reach = reach ?? UnitReach.standard(for: unitKind)
        self.slipCopy = slipCopy
        self.unitName = unitName
    }

    /// 发改局, 财政局 and the office see the whole district.
    public var seesWholeDistrict: Bool { reach == .district }
}
