import ArgumentParser
import CoalflowCore
import Foundation

@main
struct Coalflow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coalflow",
        abstract: "散煤清洁化治理审批系统 · Clean-coal subsidy approval workflow (Taishan District).",
        discussion: """
            Operator commands (serve, migrate, admin) run on the server host and talk to PostgreSQL directly.
            The others talk to the server (--server, COALFLOW_SERVER, default http://127.0.0.1:8080) as the
            person who ran `coalflow login`.

            Examples:
              coalflow serve                                  # private database in ./.coalflow, port 8080
              coalflow admin seed taishan-2021 --demo         # the plan's units, rates, targets; demo logins
              coalflow admin unit add --code xinzhuang --name 新庄村 --kind village --parent caiyuan
              printf '%s\n' demo-2021 | coalflow login --login caiyuan --password-stdin
              coalflow queue
              coalflow approve D12 --comment 同意
            """,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, AdminCommand.self,
            LoginCommand.self, LogoutCommand.self, WhoamiCommand.self,
            QueueCommand.self, ListCommand.self, ShowCommand.self,
            SubmitCommand.self, ApproveCommand.self, ReturnCommand.self, RejectCommand.self,
            WithdrawCommand.self, CommentCommand.self, UrgeCommand.self,
            RegistrationCommand.self, SlipCommand.self, SummaryCommand.self,
            TrackCommand.self, ProgressCommand.self, ReportCommand.self, ExportCommand.self, AuditCommand.self,
            CaseCommand.self, InspectionCommand.self, SurveyCommand.self, CoverageCommand.self, SampleCommand.self,
        ]
    )

    /// Parses, runs, and turns every error into the exit code and message the contract pins.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if let failure = Failure(error) {
                failure.print(OutputStyle.fromArguments())
                Foundation.exit(failure.exitCode)
            }
            exit(withError: error)
        }
    }
}
