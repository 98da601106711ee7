import CoalflowCore
import HummingbirdBcrypt
import Logging
import PostgresNIO

/// Loads a program plan (and optionally its demo data) so that loading it again changes nothing:
/// existing rows are left exactly as they are, including anything an operator changed since.
public struct Seeder: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    public func seed(_ plan: ProgramPlan, demo: DemoData?, bcryptCost: UInt8) async throws {
        // Hash only the passwords of logins still missing, before the transaction: bcrypt is slow on purpose.
        var hashes: [String: String] = [:]
        for login in demo?.logins ?? [] where try await !AdminStore(client: client, logger: logger).userExists(login.login) {
            hashes[login.login] = Bcrypt.hash(login.password, cost: bcryptCost)
        }
        let logger = logger
        try await transaction(as: nil) { connection in
            // Each unit gets its own timestamp, so reports list the streets in the plan's order.
            for unit in plan.units + (demo?.units ?? []) {
                try await connection.query(
                    """
                    INSERT INTO units (code, name, kind, reach, slip_copy, parent_code, is_demo, created_at)
                    VALUES (\(unit.code), \(unit.name), \(unit.kind.rawValue), \(unit.reach.rawValue), \(unit.slipCopy), \(unit.parent),
                            \(demo?.units.contains(unit) ?? false),
                            clock_timestamp())
                    ON CONFLICT (code) DO NOTHING
                    """, logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO program_years (year, starts_on, ends_on, coal_subsidy_fen_per_ton, stove_subsidy_fen)
                VALUES (\(plan.year), \(plan.startsOn.description)::date, \(plan.endsOn.description)::date,
                        \(plan.rates.coalPerTon.value), \(plan.rates.perStove.value))
                ON CONFLICT (year) DO NOTHING
                """, logger: logger)
            for target in plan.targets {
                try await connection.query(
                    """
                    INSERT INTO targets (street_code, year, coal_kg, stoves)
                    VALUES (\(target.street), \(plan.year), \(target.coal.thousandths), \(target.stoves))
                    ON CONFLICT (street_code, year) DO NOTHING
                    """, logger: logger)
            }
            for route in plan.routes {
                try await Self.insertFirstRoute(route, year: plan.year, connection, logger: logger)
            }
            guard let demo else { return }
            for contract in demo.contracts {
                try await connection.query(
                    """
                    INSERT INTO contracts (company_code, street_code, year, product)
                    VALUES (\(contract.company), \(contract.street), \(plan.year), \(contract.product.rawValue))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
            for price in demo.prices {
                try await connection.query(
                    """
                    INSERT INTO prices (company_code, year, product, unit_price_fen)
                    VALUES (\(price.company), \(plan.year), \(price.product.rawValue), \(price.unitPrice.value))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
            try await AdminStore.writeQualityLimits(
                year: plan.year, demo.qualityLimits, demo: true, connection, logger: logger)
            for login in demo.logins {
                guard let hash = hashes[login.login] else { continue }
                try await connection.query(
                    """
                    INSERT INTO users (login, display_name, unit_code, unit_kind, role, password_hash)
                    SELECT \(login.login), \(login.login), code, kind, \(login.role.rawValue), \(hash) FROM units WHERE code = \(login.unit)
                    ON CONFLICT (login) DO NOTHING
                    """, logger: logger)
            }
        }
    }

    /// A route is versioned: the plan's route is version 1 and is written only if the year has none.
    static func insertFirstRoute(_ route: Route, year: Int, _ connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query(
            """
            INSERT INTO routes (document_type, year, version) VALUES (\(route.documentType.rawValue), \(year), 1)
            ON CONFLICT DO NOTHING RETURNING id
            """, logger: logger
        ).collect()
        guard let routeID = try rows.first?.decode(Int64.self) else { return }
        for (index, step) in route.steps.enumerated() {
            let (actor, unit): (String, String?) =
                switch step.actor {
                case .documentStreet: ("document_street", nil)
                case .unit(let code): ("unit", code)
                case .assignedUnit: ("assigned_unit", nil)
                case .originUnit: ("origin_unit", nil)
                }
            try await connection.query(
                """
                INSERT INTO route_steps (route_id, position, actor, unit_code, time_limit_days, return_to)
                VALUES (\(routeID), \(index + 1), \(actor), \(unit), \(step.timeLimitDays), \(step.returnsTo.rawValue))
                """, logger: logger)
        }
    }
}
