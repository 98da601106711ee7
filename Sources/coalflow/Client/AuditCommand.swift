import ArgumentParser
import CoalflowAPI
import CoalflowClient
import CoalflowCore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit trail of every workflow action.",
        subcommands: [AuditVerifyCommand.self, AuditHeadCommand.self])
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the audit trail is complete and unaltered.",
        discussion: """
            Recomputes every event's hash chain and names the first bad event. With --head (printed by
            `coalflow audit head` and kept outside the database), deleted newest events are caught too.
            Exit code 65 when a problem is found.
            Example: coalflow audit verify --head 3f2a…c1:1520
            """)

    @Option(help: ArgumentHelp("A recorded head, SHA256:EVENTS.", valueName: "head")) var head: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        var query: [(String, String?)] = []
        if let head {
            let parts = head.split(separator: ":")
            guard parts.count == 2, parts[0].count == 64, let events = Int(parts[1]) else {
                throw Failure.usage(zh: "--head 应形如 SHA256:事件数", en: "--head must be SHA256:EVENTS")
            }
            query = [("head_sha256", String(parts[0])), ("head_events", String(events))]
        }
        let report: AuditReport = try await client.client().get(APIPath.auditVerify, query: query)
        if client.output.json {
            try Output.json(report)
        } else if report.ok {
            client.style.say(
                .init(
                    zh: "审计记录完整无误：\(report.events) 条事件，链头 \(report.head.sha256):\(report.head.events)",
                    en: "The audit trail is intact: \(report.events) events, head \(report.head.sha256):\(report.head.events)"))
        } else {
            client.style.say(
                .init(zh: "审计记录有问题（共 \(report.events) 条事件）：", en: "The audit trail has problems (\(report.events) events):"))
            report.problems.forEach { Output.line("  " + $0) }
        }
        if !report.ok { throw ExitCode(Failure.Exit.rejected) }
    }
}

struct AuditHeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head", abstract: "Print the audit chain's newest hash and event count, to keep outside the database.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        let head: AuditHead = try await client.client().get(APIPath.auditHead)
        if client.output.json { try Output.json(head) } else { Output.line("\(head.sha256):\(head.events)") }
    }
}
