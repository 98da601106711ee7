import ArgumentParser
import CoalflowCore
import CoalflowStore

extension UnitKind: ExpressibleByArgument {}
extension Product: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}

/// Runs one setup change against the database and confirms it in the user's language.
protocol SetupCommand: AsyncParsableCommand {
    var database: DatabaseOptions { get }
    var output: OutputOptions { get }
    func change(_ store: AdminStore) async throws -> Message
}

extension SetupCommand {
    func run() async throws {
        let logger = commandLogger("coalflow.admin")
        let done = try await database.withDatabase(logger: logger) { client, _ in
            try await change(AdminStore(client: client, logger: logger))
        }
        if output.json {
            try Output.json(["ok": true])
        } else {
            output.style.say(done)
        }
    }
}

struct UnitAddCommand: SetupCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a unit: a village (with its street), a delivery company, a street or a bureau.",
        discussion: """
            Examples:
              coalflow admin unit add --code xinzhuang --name 新庄村 --kind village --parent caiyuan
              coalflow admin unit add --code taimei --name 泰美洁净煤有限公司 --kind company
            """
    )

    @Option(help: "Unit code: 2–32 lowercase letters, digits, _ or -.") var code: String
    @Option(help: "Unit name, e.g. 新庄村.") var name: String
    @Option(help: "village, company, street, bureau or office.") var kind: UnitKind
    @Option(help: "For a village: the code of its street.") var parent: String?
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func change(_ store: AdminStore) async throws -> Message {
        try await store.addUnit(.init(code: code, name: name, kind: kind, parent: parent))
        return .init(zh: "已添加\(kind.label.zh)「\(name)」（\(code)）。", en: "Added \(kind.label.en) '\(name)' (\(code)).")
    }
}

struct YearAddCommand: SetupCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a program year with its dates and subsidy rates.",
        discussion:
            "Example: coalflow admin year add --year 2022 --from 2022-09-01 --to 2023-03-31 --coal-yuan-per-ton 300 --stove-yuan 400"
    )

    @Option(help: "The program year, named after the plan's year.") var year: Int
    @Option(help: "First day (YYYY-MM-DD).") var from: String
    @Option(help: "Last day (YYYY-MM-DD).") var to: String
    @Option(help: "Subsidy per ton of clean coal, in yuan.") var coalYuanPerTon: String
    @Option(help: "Subsidy per stove, in yuan.") var stoveYuan: String
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func change(_ store: AdminStore) async throws -> Message {
        let rates = SubsidyRates(
            coalPerTon: try Fen(yuan: coalYuanPerTon, field: "--coal-yuan-per-ton"),
            perStove: try Fen(yuan: stoveYuan, field: "--stove-yuan"))
        try await store.addYear(
            .init(
                year: year, startsOn: try CivilDate(parsing: from, field: "--from"),
                endsOn: try CivilDate(parsing: to, field: "--to"), rates: rates))
        return .init(zh: "已添加 \(year) 年度（\(from) 至 \(to)）。", en: "Added program year \(year) (\(from) to \(to)).")
    }
}

struct TargetAddCommand: SetupCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Set a street's target for a program year (one per street and year).",
        discussion: "Example: coalflow admin target add --street shanggao --year 2021 --coal-tons 500 --stoves 30"
    )

    @Option(help: "Street code.") var street: String
    @Option(help: "Program year.") var year: Int
    @Option(help: "Target clean coal, tons (at most 3 decimals).") var coalTons: String
    @Option(help: "Target stoves.") var stoves: Int
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func change(_ store: AdminStore) async throws -> Message {
        let tons = try Tons(parsing: coalTons, field: "--coal-tons")
        try await store.addTarget(street: street, year: year, coal: tons, stoves: stoves)
        return .init(
            zh: "已设定「\(street)」\(year) 年度目标：\(tons) 吨，\(stoves) 台。",
            en: "Set the \(year) target of '\(street)': \(tons) t, \(stoves) stoves.")
    }
}

struct ContractAddCommand: SetupCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record that a company delivers coal or stoves to a street in a program year (配送合同).",
        discussion: "Example: coalflow admin contract add --company demo-coal-a --street caiyuan --year 2021 --product coal"
    )

    @Option(help: "Company code.") var company: String
    @Option(help: "Street code.") var street: String
    @Option(help: "Program year.") var year: Int
    @Option(help: "coal or stove.") var product: Product
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func change(_ store: AdminStore) async throws -> Message {
        try await store.addContract(company: company, street: street, year: year, product: product)
        return .init(
            zh: "已登记合同：「\(company)」向「\(street)」配送\(product == .coal ? "洁净煤" : "炉具")（\(year) 年度）。",
            en: "Recorded contract: '\(company)' delivers \(product.rawValue) to '\(street)' (\(year)).")
    }
}

struct PriceSetCommand: SetupCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set a company's delivery price for a program year (配送价格).",
        discussion: """
            Examples:
              coalflow admin price set --year 2021 --company demo-coal-a --coal-yuan-per-ton 1100
              coalflow admin price set --year 2021 --company demo-stove --stove-yuan 1200
            """
    )

    @Option(help: "Program year.") var year: Int
    @Option(help: "Company code.") var company: String
    @Option(help: "Price per ton of clean coal, in yuan.") var coalYuanPerTon: String?
    @Option(help: "Price per stove, in yuan.") var stoveYuan: String?
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (coalYuanPerTon == nil) != (stoveYuan == nil) else {
            throw ValidationError("give exactly one of --coal-yuan-per-ton and --stove-yuan")
        }
    }

    func change(_ store: AdminStore) async throws -> Message {
        let (product, price) =
            if let coalYuanPerTon {
                (Product.coal, try Fen(yuan: coalYuanPerTon, field: "--coal-yuan-per-ton"))
            } else {
                (Product.stove, try Fen(yuan: stoveYuan!, field: "--stove-yuan"))
            }
        try await store.setPrice(company: company, year: year, product: product, price: price)
        return .init(
            zh: "已设定「\(company)」\(year) 年度\(product == .coal ? "洁净煤每吨" : "炉具每台") \(price.yuan) 元。",
            en: "Set the \(year) price of '\(company)': \(price.yuan) yuan per \(product == .coal ? "ton" : "stove").")
    }
}

struct UserAddCommand: SetupCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a login for a person of a unit. The password is read from standard input.",
        discussion:
            "Example: printf '%s\\n' 'a long secret' | coalflow admin user add --login wang --unit caiyuan --role reviewer --name 王芳 --password-stdin"
    )

    @Option(help: "Login name: 2–64 lowercase letters, digits, ., _ or -.") var login: String
    @Option(help: "Code of the person's unit.") var unit: String
    @Option(help: "clerk, reviewer, viewer or admin (office only).") var role: Role
    @Option(help: "The person's name.") var name: String?
    @Flag(help: "Read the password from the first line of standard input (never from the command line).") var passwordStdin =
        false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard passwordStdin else { throw ValidationError("the password is read from standard input: add --password-stdin") }
    }

    func change(_ store: AdminStore) async throws -> Message {
        let password = readLine(strippingNewline: true) ?? ""
        try await store.addUser(
            login: login, unit: unit, role: role, name: name, password: password, bcryptCost: try bcryptCost())
        return .init(zh: "已添加账号 \(login)（\(unit)，\(role.rawValue)）。", en: "Added login \(login) (\(unit), \(role.rawValue)).")
    }
}

struct UserPasswdCommand: SetupCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Set a new password for a login. Its tokens stop working and a login lock is lifted.",
        discussion: "Example: printf '%s\\n' 'another long secret' | coalflow admin user passwd --login wang --password-stdin"
    )

    @Option(help: "Login name.") var login: String
    @Flag(help: "Read the new password from the first line of standard input (never from the command line).") var passwordStdin =
        false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard passwordStdin else { throw ValidationError("the password is read from standard input: add --password-stdin") }
    }

    func change(_ store: AdminStore) async throws -> Message {
        let password = readLine(strippingNewline: true) ?? ""
        try await store.resetPassword(login: login, password: password, bcryptCost: try bcryptCost())
        return .init(zh: "已为 \(login) 设定新密码，原有登录已失效。", en: "Set a new password for \(login); its sessions were ended.")
    }
}

struct UserDisableCommand: SetupCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Disable a login: its tokens stop working at once and it cannot log in.",
        discussion: "Example: coalflow admin user disable --login wang"
    )

    @Option(help: "Login name.") var login: String
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func change(_ store: AdminStore) async throws -> Message {
        try await store.disableUser(login: login)
        return .init(zh: "已停用账号 \(login)。", en: "Disabled login \(login).")
    }
}

struct UserEnableCommand: SetupCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Enable a disabled login again (it logs in anew; old tokens stay revoked).",
        discussion: "Example: coalflow admin user enable --login wang"
    )

    @Option(help: "Login name.") var login: String
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func change(_ store: AdminStore) async throws -> Message {
        try await store.enableUser(login: login)
        return .init(zh: "已启用账号 \(login)。", en: "Enabled login \(login).")
    }
}
