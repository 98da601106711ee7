import ArgumentParser

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract:
            "Set up the program (plan, units, years, targets, contracts, prices, quality limits, coordinators, users); back up and restore.",
        subcommands: [
            SeedCommand.self, UnitCommand.self, YearCommand.self, TargetCommand.self,
            ContractCommand.self, PriceCommand.self, QualityLimitsCommand.self, CoordinatorCommand.self, UserCommand.self,
            BackupCommand.self, RestoreCommand.self, KeygenCommand.self, RekeyCommand.self,
        ]
    )
}

struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit", abstract: "Manage units.", subcommands: [UnitAddCommand.self])
}

struct YearCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "year", abstract: "Manage program years.", subcommands: [YearAddCommand.self])
}

struct TargetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "target", abstract: "Manage street targets.", subcommands: [TargetAddCommand.self])
}

struct ContractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract", abstract: "Manage delivery contracts.", subcommands: [ContractAddCommand.self])
}

struct PriceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price", abstract: "Manage delivery prices.", subcommands: [PriceSetCommand.self])
}

struct QualityLimitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality-limits", abstract: "Manage the limits quality samples are judged by.",
        subcommands: [QualityLimitsSetCommand.self])
}

struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator", abstract: "Manage the villages' coordinators (协查员).",
        subcommands: [CoordinatorSetCommand.self])
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage logins.",
        subcommands: [UserAddCommand.self, UserPasswdCommand.self, UserDisableCommand.self, UserEnableCommand.self])
}
