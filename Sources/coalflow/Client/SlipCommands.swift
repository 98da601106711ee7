import ArgumentParser
import CoalflowAPI
import CoalflowClient
import CoalflowCore
import Foundation

struct SlipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slip", abstract: "Sales slips (销售单) of a delivery company.",
        subcommands: [
            SlipCreateCommand.self, SlipImportCommand.self, SlipVoidCommand.self, SlipListCommand.self, SlipShowCommand.self,
            SlipPrintCommand.self,
        ])
}

struct SlipCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Issue a slip for one delivery to a registered household released to your company.",
        discussion: """
            Refused (exit 65) when the household is not released to your company, your contract does not
            cover the product, or the quantity would exceed what the household registered.
            Example: coalflow slip create --id-number 11010519491231002X --date 2021-11-10 --coal-tons 1.5
            """)

    @Option(help: "The household head's resident ID number.") var idNumber: String
    @Option(help: "Delivery date (YYYY-MM-DD), inside the program year.") var date: String
    @Option(help: "Clean coal delivered, tons (at most 3 decimals).") var coalTons: String?
    @Option(help: "Stoves delivered.") var stoves: Int?
    @OptionGroup var client: ClientOptions

    func validate() throws {
        guard (coalTons == nil) != (stoves == nil) else { throw ValidationError("give exactly one of --coal-tons and --stoves") }
    }

    func run() async throws {
        let delivery = DeliveryInput(idNumber: idNumber, date: date, coalTons: coalTons, stoves: stoves.map(String.init))
        let slips: [SlipView] = try await client.client().create(APIPath.slips, json: IssueSlipsRequest(slips: [delivery]))
        guard let slip = slips.first else { return }
        if client.output.json { return try Output.json(slip) }
        Output.line(slip.id)
        Output.error(
            client.style.language == .zh
                ? "已开具销售单 \(slip.id)：\(slip.householdName)，\(slip.product == .coal ? "洁净煤 \(slip.coalTons) 吨" : "炉具 \(slip.stoves) 台")，金额 \(Fen(slip.amountFen).yuan) 元，补贴 \(Fen(slip.subsidyFen).yuan) 元"
                : "Issued slip \(slip.id): \(slip.householdName), \(slip.product == .coal ? "\(slip.coalTons) t coal" : "\(slip.stoves) stoves"), amount \(Fen(slip.amountFen).yuan) yuan, subsidy \(Fen(slip.subsidyFen).yuan) yuan"
        )
    }
}

struct SlipImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Issue slips from a CSV file, all or nothing.",
        discussion: """
            Header: 身份证号,日期,洁净煤(吨),炉具(台)  or  id_number,date,coal_tons,stoves; one of the two
            quantities per row. Rows are counted from the first slip (row 1).
            Example: coalflow slip import examples/slips.csv
            """)

    @Argument(help: "CSV file.") var file: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let records = try csvRecords(
            file,
            [
                ("id_number", ["身份证号"]), ("date", ["日期"]), ("coal_tons", ["洁净煤(吨)", "洁净煤（吨）"]), ("stoves", ["炉具(台)", "炉具（台）"]),
            ])
        // A slip is for one product: an empty or zero quantity column means "not this product".
        func quantity(_ text: String?, isZero: (String) -> Bool) -> String? {
            guard let text, !text.trimmingSpaces().isEmpty, !isZero(text.trimmingSpaces()) else { return nil }
            return text
        }
        let request = IssueSlipsRequest(
            slips: records.map { record in
                DeliveryInput(
                    idNumber: record.values["id_number", default: ""], date: record.values["date", default: ""],
                    coalTons: quantity(record.values["coal_tons"]) { (try? Tons(parsing: $0)) == .zero },
                    stoves: quantity(record.values["stoves"]) { Int($0) == 0 })
            })
        if client.output.json {
            let slips: [SlipView] = try await client.client().create(APIPath.slips, json: request)
            return try Output.json(slips)
        }
        // Only the ids are printed: the server need not read back, encode and send every slip.
        let issued: IssuedSlips = try await client.client().create(
            APIPath.slips, json: request, headers: [("Prefer", "return=minimal")])
        issued.ids.forEach { Output.line($0) }
        client.style.say(.init(zh: "已开具 \(issued.ids.count) 张销售单。", en: "Issued \(issued.ids.count) slips."))
    }
}

struct SlipVoidCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void", abstract: "Void a slip with a reason (红冲); it is kept, never deleted.",
        discussion: "Example: coalflow slip void S7 --reason '数量开错'")

    @Argument(help: "Slip id, e.g. S7.") var slip: String
    @Option(help: "Why.") var reason: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let view: SlipView = try await client.client().post(
            APIPath.voidSlip(try slipPath(slip)), json: VoidSlipRequest(reason: reason))
        if client.output.json { return try Output.json(view) }
        client.style.say(.init(zh: "销售单 \(view.id) 已作废。", en: "Slip \(view.id) is void."))
    }
}

struct SlipListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Slips visible to you, by date.", discussion: "Example: coalflow slip list --month 2021-11"
    )

    @Option(help: "Only this month (YYYY-MM).") var month: String?
    @OptionGroup var page: PageOptions
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await page.fetch(APIPath.slips, [("month", month)], client, print: show)
    }

    func show(_ slips: [SlipView]) throws {
        if client.output.json { return try Output.json(slips) }
        let language = client.style.language
        let zh = language == .zh
        guard !slips.isEmpty else { return Output.line(zh ? "（无）" : "(none)") }
        let header =
            zh
            ? ["单号", "日期", "企业", "街道", "村", "户主", "身份证号", "洁净煤(吨)", "炉具", "金额(元)", "补贴(元)", "状态", "汇总表"]
            : [
                "id", "date", "company", "street", "village", "head", "ID number", "coal t", "stoves", "amount", "subsidy",
                "status", "summary",
            ]
        Output.line(
            Table(
                header: header,
                rows: slips.map {
                    [
                        $0.id, $0.date, language.unit($0.company, named: $0.companyName),
                        language.unit($0.street, named: $0.streetName), language.unit($0.village, named: $0.villageName),
                        $0.householdName, $0.idNumber, $0.coalTons, String($0.stoves),
                        Fen($0.amountFen).yuan, Fen($0.subsidyFen).yuan, $0.status.label.text(language), $0.summaryId ?? "-",
                    ]
                }
            ).render())
    }
}

struct SlipShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One slip with its history: a void (红冲) shows who voided it, when and why.",
        discussion: "Example: coalflow slip show S7")

    @Argument(help: "Slip id.") var slip: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let s: SlipView = try await client.client().get(APIPath.slip(try slipPath(slip)))
        if client.output.json { return try Output.json(s) }
        let t = client.style.text(_:_:)
        let language = client.style.language
        var out = [
            "\(s.id)  \(s.date)  \(language.unit(s.company, named: s.companyName)) → "
                + "\(language.unit(s.street, named: s.streetName))/\(language.unit(s.village, named: s.villageName))  "
                + "\(s.householdName)  \(s.idNumber)",
            s.product == .coal
                ? t("洁净煤 \(s.coalTons) 吨", "\(s.coalTons) t of clean coal") : t("炉具 \(s.stoves) 台", "\(s.stoves) stoves"),
            t(
                "金额 \(Fen(s.amountFen).yuan) 元，补贴 \(Fen(s.subsidyFen).yuan) 元",
                "amount \(Fen(s.amountFen).yuan) yuan, subsidy \(Fen(s.subsidyFen).yuan) yuan"),
            t("状态：", "status: ") + s.status.label.text(language) + "  " + t("汇总表：", "summary: ")
                + (s.summaryId ?? "-"),
        ]
        for event in s.history {
            out.append(
                "\(event.at.replacingOccurrences(of: "T", with: " "))  \(event.actionLabel.text(language))  "
                    + "\(language.unit(event.unit, named: event.unitName))/\(event.login)  \(event.comment ?? "")"
            )
        }
        Output.line(out.joined(separator: "\n"))
    }
}

struct SlipPrintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print", abstract: "The household's copy of a slip (农户联), ready to print.",
        discussion: "Example: coalflow slip print S7 > S7.txt")

    @Argument(help: "Slip id.") var slip: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let s: SlipView = try await client.client().get(APIPath.slip(try slipPath(slip)))
        if client.output.json { return try Output.json(s) }
        let quantity = s.product == .coal ? "洁净型煤 \(s.coalTons) 吨" : "节能环保炉具 \(s.stoves) 台"
        let unit = s.product == .coal ? "元/吨" : "元/台"
        Output.line(
            """
            泰山区散煤清洁化治理　销售单（第二联　农户联）
            单号：\(s.id)　　\(s.status == .void ? "【已作废：\(s.voidReason ?? "")】" : "")
            日期：\(s.date)　　年度：\(s.year)
            配送企业：\(s.companyName ?? s.company)
            街道：\(s.streetName ?? s.street)　　村（社区）：\(s.villageName ?? s.village)
            户主姓名：\(s.householdName)
            住址：\(s.address)
            身份证号：\(s.idNumber)
            联系电话：\(s.phone)
            品名及数量：\(quantity)
            单价：\(Fen(s.unitPriceFen).yuan) \(unit)
            金额：\(Fen(s.amountFen).yuan) 元
            政府补贴：\(Fen(s.subsidyFen).yuan) 元
            本联交农户留存；其余四联：企业、街道、区发改局、区财政局。
            """)
    }
}

func slipPath(_ text: String) throws -> String {
    guard let id = SlipID.parse(text) else {
        throw Failure.usage(zh: "销售单号「\(text)」无效，应形如 S7", en: "'\(text)' is not a slip id such as S7")
    }
    return SlipID.format(id)
}

struct SummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary", abstract: "Monthly sales summaries (销售汇总表) of a delivery company.",
        subcommands: [SummaryCreateCommand.self, SummaryRefreshCommand.self])
}

struct SummaryRefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Gather a draft, returned or withdrawn summary again from your valid slips of its street and month.",
        discussion: """
            After a return: void the wrong slip (slip void), issue the right one, refresh, then submit, which
            seals the summary anew.
            Example: coalflow summary refresh D12
            """)

    @Argument(help: "Document id.") var document: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let api = try client.client()
        let id = try documentPath(document)
        let result: ActionResult = try await api.post(APIPath.refresh(id), json: nil)
        let view: DocumentView = try await api.get(APIPath.document(id))
        if client.output.json { return try Output.json(view) }
        let totals = view.totals
        client.style.say(
            .init(
                zh: "\(result.id) 已重新汇总：\(totals.households) 户，洁净煤 \(totals.coalTons) 吨，炉具 \(totals.stoves) 台，"
                    + "补贴 \(Fen(totals.subsidyFen).yuan) 元；提交时重新盖章。",
                en: "\(result.id) refreshed: \(totals.households) households, \(totals.coalTons) t, \(totals.stoves) stoves, "
                    + "subsidy \(Fen(totals.subsidyFen).yuan) yuan; submitting seals it anew."))
    }
}

struct SummaryCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a summary of your valid, unsummarised slips for a street and month; `submit` seals and sends it.",
        discussion: "Example: coalflow summary create --street caiyuan --month 2021-11")

    @Option(help: "Street code.") var street: String
    @Option(help: "Month (YYYY-MM).") var month: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let created: DocumentView = try await client.client().create(
            APIPath.summaries, json: CreateSummaryRequest(street: street, month: month))
        if client.output.json { return try Output.json(created) }
        Output.line(created.id)
        Output.error(
            client.style.language == .zh
                ? "已编制汇总表 \(created.id)：\(created.totals.households) 户，洁净煤 \(created.totals.coalTons) 吨，炉具 \(created.totals.stoves) 台，补贴 \(Fen(created.totals.subsidyFen).yuan) 元"
                : "Made summary \(created.id): \(created.totals.households) households, \(created.totals.coalTons) t, \(created.totals.stoves) stoves, subsidy \(Fen(created.totals.subsidyFen).yuan) yuan"
        )
    }
}
