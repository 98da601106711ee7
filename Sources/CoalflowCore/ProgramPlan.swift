/// The setup a program's plan prescribes: units, the year with its rates, targets and routes. The
/// store loads it idempotently (`coalflow admin seed`).
public struct ProgramPlan: Sendable {
    public struct Unit: Sendable, Hashable {
        public let code: String
        public let name: String
        public let kind: UnitKind
        public let parent: String?
        public let reach: UnitReach
        /// Keeps a copy of every sales slip.
        public let slipCopy: Bool

        public init(
            _ code: String, _ name: String, _ kind: UnitKind, parent: String? = nil, reach: UnitReach? = nil,
            slipCopy: Bool = false
        ) {
            self.code = code
            self.name = name
            self.kind = kind
            self.parent = parent
            self.reach = reach ?? UnitReach.standard(for: kind)
            self.slipCopy = slipCopy
        }
    }

    public struct Target: Sendable, Hashable {
        public let street: String
        public let coal: Tons
        public let stoves: Int
    }

    public struct Contract: Sendable, Hashable {
        public let company: String
        public let street: String
        public let product: Product
    }

    public struct Price: Sendable, Hashable {
        public let company: String
        public let product: Product
        public let unitPrice: Fen
    }

    public struct Login: Sendable, Hashable {
        public let login: String
        public let unit: String
        public let role: Role
        public let password: String
    }

    public let name: String
    public let year: Int
    public let startsOn: CivilDate
    public let endsOn: CivilDate
    public let rates: SubsidyRates
    public let units: [Unit]
    public let targets: [Target]
    public let routes: [Route]
}

/// Demonstration data for trying the product: every name says it is demo (演示).
public struct DemoData: Sendable {
    public let units: [ProgramPlan.Unit]
    public let contracts: [ProgramPlan.Contract]
    public let prices: [ProgramPlan.Price]
    public let logins: [ProgramPlan.Login]
    /// Quality limits for the plan's year, marked demo where stored: the plan names no numbers.
    public let qualityLimits: QualityLimits
}
