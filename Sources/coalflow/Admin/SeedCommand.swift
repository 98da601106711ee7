import ArgumentParser
import CoalflowCore
import CoalflowStore

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load a program plan: its units, routes, targets and subsidy rates. Idempotent.",
        discussion: """
            Plans: taishan-2021. --demo adds demo villages, companies, contracts, prices, quality limits
            (marked demo: the plan names none) and one login per unit (every demo name is marked 演示) and
            prints the demo logins and their password; and the member units' demo work: a confirmed survey
            per demo village, inspections, cases in every state.
            Running it again changes nothing.
            Example: coalflow admin seed taishan-2021 --demo
            """
    )

    @Argument(help: "The plan to load: taishan-2021.") var plan: String
    @Flag(help: "Also add demo villages, companies, contracts, prices and logins.") var demo = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard plan == Taishan2021.plan.name else { throw ValidationError("unknown plan '\(plan)'; known plans: taishan-2021") }
    }

    func run() async throws {
        let logger = commandLogger("coalflow.seed")
        let cost = try bcryptCost()
        let demo = demo ? Taishan2021.demo : nil
        try await database.withDatabase(logger: logger) { client, _ in
            try await Seeder(client: client, logger: logger).seed(Taishan2021.plan, demo: demo, bcryptCost: cost)
            if let demo {
                try await DemoSupervision(client: client, logger: logger, keys: try database.dataKeys()).seed(demo)
            }
        }
        let logins = demo?.logins ?? []
        if output.json {
            struct Login: Encodable { let login, unit, role, password: String }
            struct Result: Encodable {
                let plan: String
                let year: Int
                let demoLogins: [Login]
                enum CodingKeys: String, CodingKey {
                    case plan, year
                    case demoLogins = "demo_logins"
                }
            }
            try Output.json(
                Result(
                    plan: plan, year: Taishan2021.plan.year,
                    demoLogins: logins.map {
                        Login(login: $0.login, unit: $0.unit, role: $0.role.rawValue, password: $0.password)
                    }))
            return
        }
        let style = output.style
        style.say(
            .init(
                zh: "已载入方案 \(plan)：单位、审批流程、\(Taishan2021.plan.year) 年度补贴标准与任务目标。",
                en: "Loaded plan \(plan): units, routes, \(Taishan2021.plan.year) subsidy rates and targets."))
        guard !logins.isEmpty else { return }
        style.say(
            .init(
                zh: "演示账号（密码均为 \(Taishan2021.demoPassword)）：", en: "Demo logins (password \(Taishan2021.demoPassword) for all):"))
        let names = Dictionary(uniqueKeysWithValues: (Taishan2021.plan.units + (demo?.units ?? [])).map { ($0.code, $0.name) })
        let header = style.language == .zh ? ["登录名", "角色", "单位"] : ["login", "role", "unit"]
        Output.line(Table(header: header, rows: logins.map { [$0.login, $0.role.rawValue, names[$0.unit] ?? $0.unit] }).render())
    }
}
