import ArgumentParser
import CoalflowAPI
import CoalflowClient
import CoalflowCore

extension DocumentType: ExpressibleByArgument {}
extension DocumentStatus: ExpressibleByArgument {}

/// Prints a list of documents as JSON or as a table.
func printDocuments(_ documents: [DocumentView], _ options: ClientOptions) throws {
    if options.output.json {
        try Output.json(documents)
    } else {
        Output.line(DocumentRendering(language: options.style.language).table(documents))
    }
}

struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "What waits for your unit's action, oldest first.",
        discussion: "Example: coalflow queue --type registration"
    )

    @Option(help: "registration or summary.") var type: DocumentType?
    @OptionGroup var page: PageOptions
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await page.fetch(APIPath.queue, [("type", type?.rawValue)], client)
    }
}

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Documents visible to you, newest first.",
        discussion: "Example: coalflow list --type registration --status in_review --street caiyuan --year 2021"
    )

    @Option(help: "registration or summary.") var type: DocumentType?
    @Option(help: "draft, publicizing, in_review, returned, filed, rejected or withdrawn.") var status: DocumentStatus?
    @Option(help: "Street code.") var street: String?
    @Option(help: "Program year.") var year: Int?
    @OptionGroup var page: PageOptions
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await page.fetch(
            APIPath.documents,
            [
                ("type", type?.rawValue), ("status", status?.rawValue), ("street", street), ("year", year.map(String.init)),
            ], client)
    }
}

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A document's header, lines, checks, route and full history.",
        discussion: "Example: coalflow show D12"
    )

    @Argument(help: "Document id, e.g. D12.") var document: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let view: DocumentView = try await client.client().get(APIPath.document(try documentPath(document)))
        if client.output.json {
            try Output.json(view)
        } else {
            Output.line(DocumentRendering(language: client.style.language).detail(view))
        }
    }
}

struct TrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Every document in review: where it waits, since when, whether overdue (office, fgj, czj).",
        discussion: "Example: coalflow track --overdue"
    )

    @Flag(help: "Only documents waiting longer than their step's time limit.") var overdue = false
    @OptionGroup var page: PageOptions
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await page.fetch(APIPath.track, [("overdue", overdue ? "true" : nil)], client)
    }
}

/// `--limit` and `--offset` for lists that may be long.
struct PageOptions: ParsableArguments {
    @Option(help: "At most this many (1–\(Paging.maxLimit)).") var limit = Paging.defaultLimit
    @Option(help: "Skip this many first.") var offset = 0

    func validate() throws {
        guard Paging.limits.contains(limit) else { throw ValidationError("--limit must be within 1–\(Paging.maxLimit)") }
        guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
    }

    /// Fetches one page of documents and prints it.
    func fetch(_ path: String, _ query: [(String, String?)], _ options: ClientOptions) async throws {
        try await fetch(path, query, options) { (documents: [DocumentView]) in try printDocuments(documents, options) }
    }

    /// Fetches one page and prints it. One more than asked tells whether there are more, so nothing is
    /// cut off silently: the next page's --offset is named on stderr.
    func fetch<Item: Decodable>(
        _ path: String, _ query: [(String, String?)], _ options: ClientOptions, print: ([Item]) throws -> Void
    ) async throws {
        let items: [Item] = try await options.client().get(
            path,
            query: query + [
                ("limit", String(min(limit + 1, Paging.maxLimit))), ("offset", String(offset)),
            ])
        let more = items.count > limit
        try print(Array(items.prefix(limit)))
        if more {
            Output.error(
                options.style.language == .zh
                    ? "只显示了 \(limit) 条，还有更多：用 --offset \(offset + limit) 查看下一页"
                    : "showing \(limit); there are more: --offset \(offset + limit) shows the next page")
        }
    }
}

/// Checks a document id before it goes into a URL path.
func documentPath(_ text: String) throws -> String {
    guard let id = DocumentID.parse(text) else {
        throw Failure.usage(zh: "单据编号「\(text)」无效，应形如 D12", en: "'\(text)' is not a document id such as D12")
    }
    return DocumentID.format(id)
}
