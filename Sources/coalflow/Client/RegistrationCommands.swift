import ArgumentParser
import CoalflowAPI
import CoalflowClient
import CoalflowCore
import Foundation

struct RegistrationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registration", abstract: "Registration forms (登记表) of a village.",
        subcommands: [
            RegistrationCreateCommand.self, RegistrationAmendCommand.self, RegistrationPublicizeCommand.self,
            RegistrationNoticeCommand.self,
        ])
}

/// Reads a UTF-8 file, refusing anything else with a clear message.
func readTextFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw Failure(
            exitCode: Failure.Exit.notFound, code: .fileNotFound,
            message: Message(zh: "无法读取文件 \(path)", en: "cannot read the file \(path)"))
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw Failure(
            exitCode: Failure.Exit.rejected, code: .notUtf8,
            message: Message(
                zh: "\(path) 不是 UTF-8 编码（请在 Excel 中另存为「CSV UTF-8」）", en: "\(path) is not UTF-8 (save it as \"CSV UTF-8\")"))
    }
    return text
}

/// The data rows of a CSV file with the given columns; every row with the wrong number of fields is
/// reported together.
func csvRecords(_ path: String, _ spellings: [(canonical: String, alternatives: [String])]) throws -> [(
    line: Int, values: [String: String]
)] {
    let rows = try CSV.parse(try readTextFile(path))
    guard let header = rows.first else {
        throw Failure(
            exitCode: Failure.Exit.rejected, code: .emptyFile, message: Message(zh: "\(path) 是空文件", en: "\(path) is empty"))
    }
    let columns = try CSV.columns(header, spellings)
    var records: [(Int, [String: String])] = []
    var problems: [String] = []
    for row in rows.dropFirst() {
        guard row.fields.count == header.fields.count else {
            problems.append("line \(row.line): \(row.fields.count) fields, the header has \(header.fields.count)")
            continue
        }
        records.append((row.line, columns.mapValues { row.fields[$0] }))
    }
    guard problems.isEmpty else {
        throw Failure(
            exitCode: Failure.Exit.rejected, code: .invalidRows,
            message: Message(
                zh: "\(problems.count) 行列数不对，未保存任何内容",
                en: "\(problems.count) rows have the wrong number of fields; nothing was stored"),
            details: problems)
    }
    return records
}

struct RegistrationCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a registration form from a CSV file of households.",
        discussion: """
            The file is UTF-8 (with or without BOM) with the header
              户主姓名,住址,身份证号,联系电话,洁净煤(吨),炉具(台)
            or name,address,id_number,phone,coal_tons,stoves. One invalid row rejects the whole file
            (exit 65) and every bad row is listed: rows are counted from the first household (row 1),
            not counting the header. Nothing is stored then.
            Example: coalflow registration create --year 2021 --file examples/households.csv
            """)

    @Option(help: "Program year.") var year: Int
    @Option(help: "CSV file of households.") var file: String
    @OptionGroup var client: ClientOptions

    static let columns: [(canonical: String, alternatives: [String])] = [
        ("name", ["户主姓名"]), ("address", ["住址"]), ("id_number", ["身份证号"]), ("phone", ["联系电话"]),
        ("coal_tons", ["洁净煤(吨)", "洁净煤（吨）"]), ("stoves", ["炉具(台)", "炉具（台）"]),
    ]

    /// The households of a CSV file, as the API takes them.
    static func households(_ file: String) throws -> [HouseholdInput] {
        try csvRecords(file, columns).map { record in
            HouseholdInput(
                name: record.values["name", default: ""], address: record.values["address", default: ""],
                idNumber: record.values["id_number", default: ""], phone: record.values["phone", default: ""],
                coalTons: record.values["coal_tons", default: ""], stoves: record.values["stoves", default: ""])
        }
    }

    func run() async throws {
        let created: DocumentView = try await client.client().create(
            APIPath.registrations,
            json: CreateRegistrationRequest(year: year, households: try Self.households(file)))
        if client.output.json { return try Output.json(created) }
        Output.line(created.id)
        Output.error(
            client.style.language == .zh
                ? "已创建登记表 \(created.id)：\(created.totals.households) 户，洁净煤 \(created.totals.coalTons) 吨，炉具 \(created.totals.stoves) 台，补贴 \(Fen(created.totals.subsidyFen).yuan) 元"
                : "Created registration \(created.id): \(created.totals.households) households, \(created.totals.coalTons) t, \(created.totals.stoves) stoves, subsidy \(Fen(created.totals.subsidyFen).yuan) yuan"
        )
    }
}

struct RegistrationAmendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Replace the households of a draft, returned or withdrawn registration form (退回后修改).",
        discussion: """
            The CSV file is the form's whole new list, in the format of `registration create`; all or
            nothing (exit 65, every bad row listed). Households are matched by ID number. If the list
            changed, the form is a draft again: publicize it (公示) before you submit it.
            Example: coalflow registration amend D12 --file examples/households-corrected.csv
            """)

    @Argument(help: "Document id.") var document: String
    @Option(help: "CSV file of the form's households, all of them.") var file: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let api = try client.client()
        let id = try documentPath(document)
        let result: ActionResult = try await api.post(
            APIPath.amend(id), json: AmendRegistrationRequest(households: try RegistrationCreateCommand.households(file)))
        let view: DocumentView = try await api.get(APIPath.document(id))
        if client.output.json { return try Output.json(view) }
        let totals = "\(view.totals.households) 户，洁净煤 \(view.totals.coalTons) 吨，炉具 \(view.totals.stoves) 台"
        let totalsEn = "\(view.totals.households) households, \(view.totals.coalTons) t, \(view.totals.stoves) stoves"
        client.style.say(
            result.action == "amend"
                ? .init(
                    zh: "\(result.id) 已修改：\(totals)。请重新公示（registration publicize）后再提交。",
                    en: "\(result.id) amended: \(totalsEn). Publicize it again (registration publicize) before you submit it.")
                : .init(zh: "\(result.id) 的农户清单未变：\(totals)。", en: "\(result.id) is unchanged: \(totalsEn)."))
    }
}

struct RegistrationPublicizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publicize",
        abstract: "Post a registration publicly (公示) for a notice period; it can be submitted after the period ends.",
        discussion: "Example: coalflow registration publicize D12 --from 2021-09-01 --to 2021-09-07")

    @Argument(help: "Document id.") var document: String
    @Option(help: "First day of the notice (YYYY-MM-DD).") var from: String
    @Option(help: "Last day of the notice (YYYY-MM-DD).") var to: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let result: ActionResult = try await client.client().post(
            APIPath.publicize(try documentPath(document)),
            json: PublicizeRequest(from: from, to: to))
        if client.output.json { return try Output.json(result) }
        client.style.say(
            .init(
                zh: "\(result.id) 公示期 \(from) 至 \(to)，\(to) 之后可提交。",
                en: "\(result.id) is on public notice \(from) to \(to); it can be submitted after \(to)."))
    }
}

struct RegistrationNoticeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "The notice list for the village board (公示清册): heads, masked ID numbers, quantities, subsidies.",
        discussion: "Example: coalflow registration notice D12 --format html -o notice.html")

    enum Format: String, ExpressibleByArgument { case html, csv }

    @Argument(help: "Document id.") var document: String
    @Option(help: "html (printable page) or csv.") var format: Format = .html
    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.") var output: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let view: DocumentView = try await client.client().get(APIPath.document(try documentPath(document)))
        let text = format == .html ? NoticeList.html(view) : NoticeList.csv(view)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                throw Failure(
                    exitCode: Failure.Exit.unexpected, code: .writeFailed,
                    message: Message(zh: "无法写入 \(output)", en: "cannot write \(output)"))
            }
        } else {
            Output.line(text)
        }
    }
}
