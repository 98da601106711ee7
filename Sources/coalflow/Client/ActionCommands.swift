import ArgumentParser
import CoalflowAPI
import CoalflowClient
import CoalflowCore
import Foundation

/// Sends one workflow action for each document and reports each outcome. Exits with the first
/// failure's code after trying them all.
func perform(_ action: WorkflowAction, on documents: [String], text: String?, _ options: ClientOptions) async throws {
    let api = try options.client()
    var results: [ActionResult] = []
    var firstFailure: (any Error)?
    for document in documents {
        do {
            let result: ActionResult = try await api.post(
                APIPath.action(action, on: try documentPath(document)), json: ActionRequest(text: text))
            results.append(result)
            if !options.output.json { options.style.say(describe(result, options.style.language)) }
        } catch {
            guard documents.count > 1, let failure = Failure(error) else { throw error }
            failure.print(options.style)
            firstFailure = firstFailure ?? error
        }
    }
    if options.output.json { try Output.json(documents.count == 1 ? AnyEncodable(results.first) : AnyEncodable(results)) }
    if let firstFailure { throw firstFailure }
}

func describe(_ r: ActionResult, _ language: Language) -> Message {
    let now =
        r.currentUnit.map { unit in
            Message(zh: "，现待 \(unit) 审批（第 \(r.step ?? 0) 步）", en: ", now waiting for \(unit) (step \(r.step ?? 0))")
        }
        ?? Message(zh: "，状态：\(r.status.label.zh)", en: ", status: \(r.status.label.en)")
    let verb = EventAction(rawValue: r.action)?.label ?? Message(zh: r.action, en: r.action)
    return Message(zh: "\(r.id) 已\(verb.zh)\(now.zh)", en: "\(r.id) \(verb.en)\(now.en)")
}

struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Send a document into review (again, after a return).",
        discussion: "Example: coalflow submit D12")
    @Argument(help: "Document id.") var document: String
    @OptionGroup var client: ClientOptions
    func run() async throws { try await perform(.submit, on: [document], text: nil, client) }
}

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve documents at your unit's step; the last step files them.",
        discussion: """
            Examples:
              coalflow approve D12 D13 --comment 同意
              coalflow approve --all-passing --type registration   # every queued document whose checks all pass
            """)
    @Argument(help: "Document ids.") var documents: [String] = []
    @Option(help: "A note kept with the approval.") var comment: String?
    @Flag(help: "Approve every document in your queue whose checks all pass; list the skipped ones.") var allPassing = false
    @Option(help: "With --all-passing: registration or summary.") var type: DocumentType?
    @OptionGroup var client: ClientOptions

    func validate() throws {
        guard allPassing != !documents.isEmpty else { throw ValidationError("give document ids, or --all-passing") }
        guard type == nil || allPassing else { throw ValidationError("--type goes with --all-passing") }
    }

    func run() async throws {
        guard allPassing else { return try await perform(.approve, on: documents, text: comment, client) }
        let reply: ApprovePassingResult = try await client.client().post(
            APIPath.approvePassing, query: [("type", type?.rawValue)])
        if client.output.json { return try Output.json(reply) }
        let language = client.style.language
        reply.approved.forEach { client.style.say(describe($0, language)) }
        for skipped in reply.skipped {
            let reasons = Message.joined(
                skipped.failed.map { Message(zh: "\($0.label.zh)：\($0.text.zh)", en: "\($0.label.en): \($0.text.en)") })
            client.style.say(
                .init(
                    zh: "\(skipped.id) 未审批：检查未通过（\(reasons.zh)）", en: "\(skipped.id) skipped: failing checks (\(reasons.en))"))
        }
        client.style.say(
            .init(
                zh: "审批通过 \(reply.approved.count) 份，跳过 \(reply.skipped.count) 份。",
                en: "Approved \(reply.approved.count), skipped \(reply.skipped.count)."))
    }
}

struct ReturnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return", abstract: "Return a document to its originator for correction (退回).",
        discussion: "Example: coalflow return D12 --reason '第 3 户电话有误'")
    @Argument(help: "Document id.") var document: String
    @Option(help: "Why: the originator sees it.") var reason: String
    @OptionGroup var client: ClientOptions
    func run() async throws { try await perform(.return, on: [document], text: reason, client) }
}

struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject a document; final (驳回).",
        discussion: "Example: coalflow reject D12 --reason '不在治理范围'")
    @Argument(help: "Document id.") var document: String
    @Option(help: "Why.") var reason: String
    @OptionGroup var client: ClientOptions
    func run() async throws { try await perform(.reject, on: [document], text: reason, client) }
}

struct WithdrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Take back a document nobody has acted on yet (撤回).",
        discussion: "Example: coalflow withdraw D12")
    @Argument(help: "Document id.") var document: String
    @OptionGroup var client: ClientOptions
    func run() async throws { try await perform(.withdraw, on: [document], text: nil, client) }
}

struct CommentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment", abstract: "Comment on a document on your unit's route.",
        discussion: "Example: coalflow comment D12 --text '请补充第 2 户住址'")
    @Argument(help: "Document id.") var document: String
    @Option(help: "The comment.") var text: String
    @OptionGroup var client: ClientOptions
    func run() async throws { try await perform(.comment, on: [document], text: text, client) }
}

struct UrgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "urge", abstract: "Urge the step a document waits at (催办; office or originator).",
        discussion: "Example: coalflow urge D12")
    @Argument(help: "Document id.") var document: String
    @OptionGroup var client: ClientOptions
    func run() async throws { try await perform(.urge, on: [document], text: nil, client) }
}
