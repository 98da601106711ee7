import ArgumentParser
import CoalflowAPI
import CoalflowClient
import CoalflowCore
import Foundation

extension CaseSource: ExpressibleByArgument {}
extension CaseOutcome: ExpressibleByArgument {}
extension InspectionKind: ExpressibleByArgument {}

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Cases (问题线索): open and assign, handle, transfer.",
        discussion: """
            A case waits at the assigned unit; it reports what it did (case handle); the opener then closes
            it (coalflow approve) or returns it to the handler (coalflow return --reason).
            """,
        subcommands: [CaseOpenCommand.self, CaseHandleCommand.self, CaseTransferCommand.self])
}

struct CaseOpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open a case and assign it to the unit that must act (派单).",
        discussion: """
            Prints the case's id (D…). A street opens cases in its own street, a village for itself.
            Example: coalflow case open --source tipoff --street caiyuan --problem "流动商贩售散煤" --assign zfj --due 2021-12-15
            """)

    @Option(help: "tipoff (举报), inspection (with --inspection) or quality.") var source: CaseSource
    @Option(help: "Street code where the problem is.") var street: String
    @Option(help: "Village code, if in one village.") var village: String?
    @Option(help: "Company code, if about a delivery company.") var company: String?
    @Option(help: "What the problem is (up to 500 characters).") var problem: String
    @Option(help: "The unit that must deal with it.") var assign: String
    @Option(help: "Due date (YYYY-MM-DD).") var due: String?
    @Option(help: "The inspection that found it (I…), for --source inspection.") var inspection: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let request = OpenCaseRequest(
            source: source, street: street, village: village, company: company, problem: problem, assign: assign,
            due: try due.map { text throws(InputError) in try CivilDate(parsing: text, field: "due") },
            inspection: try inspection.map { text throws(InputError) in try InspectionID.parse(text, field: "inspection") })
        let view: DocumentView = try await client.client().post(APIPath.cases, json: request)
        if client.output.json { return try Output.json(view) }
        Output.line(view.id)
        let handler = view.assignedUnitName ?? view.assignedUnit ?? assign
        client.style.note(Message(zh: "已立案 \(view.id)，交 \(handler) 办理", en: "Opened case \(view.id), assigned to \(assign)"))
    }
}

/// Posts a case action and reports where the case now waits.
func act(_ path: String, _ body: some Encodable, _ client: ClientOptions) async throws {
    let result: ActionResult = try await client.client().post(path, json: body)
    if client.output.json { return try Output.json(result) }
    client.style.say(describe(result, client.style.language))
}

struct CaseHandleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handle", abstract: "Report what your unit did about a case (处置); it then waits for its opener.",
        discussion: "Example: coalflow case handle D31 --outcome closed_down --result \"已取缔散煤销售点\"")

    @Argument(help: "The case (D…).") var document: String
    @Option(help: "closed_down, fined, ordered, warned, nothing_found or other.") var outcome: CaseOutcome
    @Option(help: "What was done (up to 500 characters).") var result: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await act(
            APIPath.handleCase(try documentPath(document)), HandleCaseRequest(outcome: outcome, result: result), client)
    }
}

struct CaseTransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer", abstract: "Transfer a case to another unit, with a reason (转办).",
        discussion: "By the handling unit or the office. Example: coalflow case transfer D31 --to scjgj --reason \"属质量问题\"")

    @Argument(help: "The case (D…).") var document: String
    @Option(help: "The unit that should handle it.") var to: String
    @Option(help: "Why.") var reason: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await act(APIPath.transferCase(try documentPath(document)), TransferCaseRequest(to: to, reason: reason), client)
    }
}

struct InspectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspection", abstract: "Inspections (检查记录) of every member unit.",
        subcommands: [InspectionRecordCommand.self, InspectionListCommand.self])
}

struct InspectionRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record what your unit checked, when and where.",
        discussion: """
            Which unit records which kind follows its duty in the plan (README: inspections). Prints the id (I…).
            Example: coalflow inspection record --kind recurrence --date 2021-12-01 --street caiyuan --checked 40 --problems 1
            """)

    @Option(help: "recurrence, market, transport, no_burn_zone, vendor or publicity.") var kind: InspectionKind
    @Option(help: "Date (YYYY-MM-DD), not after today.") var date: String
    @Option(help: "Street code.") var street: String
    @Option(help: "Village code.") var village: String?
    @Option(help: "Sites or homes checked (for publicity: items put up or handed out).") var checked: Int
    @Option(help: "Problems found (each should open a case).") var problems: Int
    @Option(help: "A note.") var note: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let request = RecordInspectionRequest(
            kind: kind, date: try CivilDate(parsing: date, field: "date"), street: street, village: village, checked: checked,
            problems: problems, note: note)
        let view: InspectionView = try await client.client().post(APIPath.inspections, json: request)
        if client.output.json { return try Output.json(view) }
        Output.line(view.id)
    }
}

struct InspectionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Inspections you may see, newest first.",
        discussion: "Example: coalflow inspection list --kind market --month 2021-12")

    @Option(help: "Only this unit's.") var unit: String?
    @Option(help: "Only this kind.") var kind: InspectionKind?
    @Option(help: "Only this month (YYYY-MM).") var month: String?
    @OptionGroup var page: PageOptions
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let query = [("unit", unit), ("kind", kind?.rawValue), ("month", month)]
        try await page.fetch(APIPath.inspections, query, client) { (items: [InspectionView]) in
            if client.output.json { return try Output.json(items) }
            let language = client.style.language
            let zh = language == .zh
            print(
                Table(
                    header: zh
                        ? ["编号", "单位", "类别", "日期", "街道", "村", "检查", "问题"]
                        : ["id", "unit", "kind", "date", "street", "village", "checked", "problems"],
                    rows: items.map { item in
                        let r = item.record
                        return [
                            item.id, language.unit(item.unit, named: item.unitName), r.kind.label.text(language),
                            r.date.description,
                            language.unit(r.street, named: item.streetName),
                            r.village.map { language.unit($0, named: item.villageName) } ?? "-",
                            String(r.checked), String(r.problems),
                        ]
                    }
                ).render())
        }
    }
}

struct SurveyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "The survey ledger (摸底台账) of a village.", subcommands: [SurveyImportCommand.self])
}

struct SurveyImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record a village's survey from a CSV file, all or nothing.",
        discussion: """
            The file is UTF-8 (with or without BOM) with the header
              户主姓名,住址,身份证号,取暖方式,年用煤量(吨),存煤量(吨)
            or name,address,id_number,heating,coal_use_tons,coal_stock_tons. Heating is 散煤|loose_coal,
            洁净煤|clean_coal, 电代煤|electric, 气代煤|gas, 集中供暖|central or 其他|other. One invalid row
            rejects the file (exit 65), every bad row listed. Then `submit` it; the street approves it.
            Example: coalflow survey import --year 2021 --file examples/survey.csv
            """)

    @Option(help: "Program year.") var year: Int
    @Option(help: "CSV file of surveyed homes.") var file: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let homes = try csvRecords(
            file,
            [
                ("name", ["户主姓名"]), ("address", ["住址"]), ("id_number", ["身份证号"]), ("heating", ["取暖方式"]),
                ("coal_use_tons", ["年用煤量(吨)", "年用煤量（吨）"]), ("coal_stock_tons", ["存煤量(吨)", "存煤量（吨）"]),
            ]
        ).map { record in
            CreateSurveyRequest.Home(
                name: record.values["name", default: ""], address: record.values["address", default: ""],
                idNumber: record.values["id_number", default: ""], heating: record.values["heating", default: ""],
                coalUseTons: record.values["coal_use_tons", default: ""],
                coalStockTons: record.values["coal_stock_tons", default: ""])
        }
        let created: DocumentView = try await client.client().post(
            APIPath.surveys, json: CreateSurveyRequest(year: year, homes: homes))
        if client.output.json { return try Output.json(created) }
        Output.line(created.id)
        client.style.note(
            Message(
                zh: "已录入摸底台账 \(created.id)：\(created.totals.households) 户",
                en: "Recorded survey \(created.id): \(created.totals.households) homes"))
    }
}

struct CoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Coverage (全覆盖): per village, surveyed homes burning coal and how many are registered.",
        discussion: """
            From the street-confirmed survey ledgers and the year's live registration forms (matched by ID
            number digest). Lists the coal-burning homes not registered, ID numbers masked.
            Example: coalflow coverage --year 2021 --street caiyuan
            """)

    @Option(help: "Program year.") var year: Int
    @Option(help: "Only this street.") var street: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let rows: [CoverageRow] = try await client.client().get(
            APIPath.coverage, query: [("year", String(year)), ("street", street)])
        if client.output.json { return try Output.json(rows) }
        let language = client.style.language
        print(
            Table(
                header: language == .zh
                    ? ["街道", "村", "摸底户数", "烧煤户", "已登记", "未登记"]
                    : ["street", "village", "surveyed", "burning coal", "registered", "not registered"],
                rows: rows.map {
                    [
                        language.unit($0.street, named: $0.streetName), language.unit($0.village, named: $0.villageName),
                        String($0.surveyed), String($0.burningCoal), String($0.registered),
                        $0.notRegistered.map { "\($0.name) \($0.idNumber)" }.joined(separator: "；"),
                    ]
                }
            ).render())
    }
}

struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample", abstract: "Quality samples (质量抽检) of the companies' coal and stoves.",
        subcommands: [SampleRecordCommand.self, SampleListCommand.self])
}

struct SampleRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record a quality sample; it is judged against the year's limits.",
        discussion: """
            市场监管局 (scjgj) or the office. Prints the id (Q…) and whether it passed; a failed sample opens a
            case against the company, assigned to scjgj, and marks the company until a later sample passes.
            Examples:
              coalflow sample record --company demo-coal-a --product coal --date 2021-12-01 --sulfur 0.45 --ash 15.2 --volatile 10.5 --heat 24.1
              coalflow sample record --company demo-stove --product stove --date 2021-12-01 --efficiency 72.5
            """)

    @Option(help: "The delivery company's code.") var company: String
    @Option(help: "coal or stove.") var product: Product
    @Option(help: "Date sampled (YYYY-MM-DD), not after today.") var date: String
    @Option(help: "The laboratory that tested it.") var lab: String?
    @Option(help: "Coal: total sulfur St,d, %.") var sulfur: String?
    @Option(help: "Coal: ash Ad, %.") var ash: String?
    @Option(help: "Coal: volatile matter Vdaf, %.") var volatile: String?
    @Option(help: "Coal: net calorific value Qnet,ar, MJ/kg.") var heat: String?
    @Option(help: "Stove: thermal efficiency, %.") var efficiency: String?
    @OptionGroup var client: ClientOptions

    var readings: [QualityIndicator: String] {
        given([(.sulfur, sulfur), (.ash, ash), (.volatile, volatile), (.heat, heat), (.efficiency, efficiency)])
    }

    func validate() throws {
        do {
            try QualityReadings.checkGiven(Set(readings.keys), for: product)
        } catch {
            throw ValidationError("--\(error.field): \(error.reason.en)")
        }
    }

    func run() async throws {
        let request = RecordSampleRequest(
            company: company, product: product, date: date, lab: lab,
            readings: Dictionary(uniqueKeysWithValues: readings.map { ($0.key.rawValue, $0.value) }))
        let view: SampleView = try await client.client().post(APIPath.samples, json: request)
        if client.output.json { return try Output.json(view) }
        Output.line(view.id)
        let failed = Message(
            zh: view.failed.map(\.label.zh).joined(separator: "、"), en: view.failed.map(\.label.en).joined(separator: ", "))
        client.style.say(
            view.passed
                ? Message(zh: "合格", en: "passed")
                : Message(
                    zh: "不合格（\(failed.zh)），已立案 \(view.caseID ?? "-") 交 \(QualitySample.samplingUnit) 办理",
                    en: "failed (\(failed.en)); opened case \(view.caseID ?? "-"), assigned to \(QualitySample.samplingUnit)"))
    }
}

/// The indicators whose flag was given, with the text given.
func given(_ flags: [(QualityIndicator, String?)]) -> [QualityIndicator: String] {
    Dictionary(uniqueKeysWithValues: flags.compactMap { indicator, text in text.map { (indicator, $0) } })
}

struct SampleListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Quality samples you may see, newest first.",
        discussion: "scjgj and the district see all, a company its own. Example: coalflow sample list --company demo-coal-a")

    @Option(help: "Only this company's.") var company: String?
    @OptionGroup var page: PageOptions
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await page.fetch(APIPath.samples, [("company", company)], client) { (items: [SampleView]) in
            if client.output.json { return try Output.json(items) }
            let zh = client.style.language == .zh
            print(
                Table(
                    header: zh
                        ? ["编号", "企业", "产品", "日期", "结果", "不合格项", "问题线索"]
                        : ["id", "company", "product", "date", "result", "failed", "case"],
                    rows: items.map {
                        [
                            $0.id, $0.company, zh ? $0.product.label.zh : $0.product.rawValue, $0.date,
                            $0.passed ? (zh ? "合格" : "passed") : (zh ? "不合格" : "failed"),
                            zh
                                ? $0.failed.map(\.label.zh).joined(separator: "、")
                                : $0.failed.map(\.rawValue).joined(separator: ","),
                            $0.caseID ?? "-",
                        ]
                    }
                ).render())
        }
    }
}
