/// 泰山区 2021 年散煤清洁化治理工作实施方案: the units, rates, targets and routes it sets.
public enum Taishan2021 {
    public static let streets: [ProgramPlan.Unit] = [
        .init("caiyuan", "财源街道", .street),
        .init("daimiao", "岱庙街道", .street),
        .init("taiqian", "泰前街道", .street),
        .init("shanggao", "上高街道", .street),
        .init("xujialou", "徐家楼街道", .street),
        .init("shengzhuang", "省庄镇", .street),
        .init("qiujiadian", "邱家店镇", .street),
    ]

    public static let plan = ProgramPlan(
        name: "taishan-2021",
        year: 2021,
        // The 2021 program year covers the whole 2021–22 heating season (15 Nov – 15 Mar).
        startsOn: CivilDate(year: 2021, month: 9, day: 1)!,
        endsOn: CivilDate(year: 2022, month: 3, day: 31)!,
        // 洁净型煤每吨补贴 300 元，节能环保炉具每台补贴 400 元.
        rates: SubsidyRates(coalPerTon: Fen(300_00), perStove: Fen(400_00)),
        units: [
            .init("office", "散煤清洁化治理工作领导小组办公室", .office),
            // 发改局 and 财政局 review and file every document, and each keeps a copy of every sales slip.
            .init("fgj", "区发改局", .bureau, reach: .district, slipCopy: true),
            .init("czj", "区财政局", .bureau, reach: .district, slipCopy: true),
            .init("jyj", "区交运局", .bureau),
            .init("scjgj", "区市场监管局", .bureau),
            .init("sthj", "市生态环境局泰山分局", .bureau),
            .init("zfj", "区综合行政执法局", .bureau),
            .init("gaj", "市公安局泰山分局", .bureau),
            .init("rmt", "区融媒体中心", .bureau),
        ] + streets,
        // 任务目标分解表: 财源 2000 吨/120 台，岱庙 1600 吨/100 台，泰前 1400 吨/80 台.
        targets: [
            .init(street: "caiyuan", coal: Tons(thousandths: 2000_000), stoves: 120),
            .init(street: "daimiao", coal: Tons(thousandths: 1600_000), stoves: 100),
            .init(street: "taiqian", coal: Tons(thousandths: 1400_000), stoves: 80),
        ],
        // 村级审核 → 街道审核 → 区发改局审核 → 区财政局审核备案; the originator is the first party.
        routes: [
            Route(.registration, steps: [RouteStep(.documentStreet), RouteStep(.unit("fgj")), RouteStep(.unit("czj"))]),
            Route(.summary, steps: [RouteStep(.documentStreet), RouteStep(.unit("fgj")), RouteStep(.unit("czj"))]),
            // 摸底台账: a village's ledger, confirmed by its street.
            Route(.survey, steps: [RouteStep(.documentStreet)]),
            // 派单 → 处置 → 核查办结: the assigned unit handles a case, its opener verifies it or returns it to the handler.
            Route(
                .case,
                steps: [
                    RouteStep(.assignedUnit, timeLimitDays: 10), RouteStep(.originUnit, timeLimitDays: 5, returnsTo: .previous),
                ]),
        ]
    )

    public static let demoPassword = "demo-2021"

    /// Villages and companies the plan does not name, made up for trying the product.
    public static let demo: DemoData = {
        let villageCounts = ["caiyuan": 2, "daimiao": 2, "taiqian": 2]
        let numerals = ["一", "二", "三"]
        var villages: [ProgramPlan.Unit] = []
        for street in streets {
            for n in 1...(villageCounts[street.code] ?? 1) {
                villages.append(
                    .init("\(street.code)-demo\(n)", "\(street.name)演示\(numerals[n - 1])村（演示）", .village, parent: street.code))
            }
        }
        let companies: [ProgramPlan.Unit] = [
            .init("demo-coal-a", "演示洁净煤配送甲公司（演示）", .company),
            .init("demo-coal-b", "演示洁净煤配送乙公司（演示）", .company),
            .init("demo-stove", "演示节能炉具配送公司（演示）", .company),
        ]
        let coalA: Set = ["caiyuan", "daimiao", "shanggao", "xujialou"]
        var contracts: [ProgramPlan.Contract] = []
        for street in streets {
            contracts.append(
                .init(company: coalA.contains(street.code) ? "demo-coal-a" : "demo-coal-b", street: street.code, product: .coal))
            contracts.append(.init(company: "demo-stove", street: street.code, product: .stove))
        }
        let prices: [ProgramPlan.Price] = [
            .init(company: "demo-coal-a", product: .coal, unitPrice: Fen(1100_00)),
            .init(company: "demo-coal-b", product: .coal, unitPrice: Fen(1080_00)),
            .init(company: "demo-stove", product: .stove, unitPrice: Fen(1200_00)),
        ]
        let role: (ProgramPlan.Unit) -> Role = { unit in
            switch unit.kind {
            case .office: .admin
            // The other bureaus record their own work (inspections, cases) and read aggregates.
            case .bureau: unit.reach == .district ? .reviewer : .clerk
            case .street: .reviewer
            case .village, .company: .clerk
            }
        }
        let logins = (plan.units + villages + companies).map {
            ProgramPlan.Login(login: $0.code, unit: $0.code, role: role($0), password: demoPassword)
        }
        // Like GB 34169-2017 for domestic briquettes and the usual stove rating; made up all the same.
        let qualityLimits = QualityLimits([
            .sulfur: QualityMeasure(thousandths: 500), .ash: QualityMeasure(thousandths: 16_000),
            .volatile: QualityMeasure(thousandths: 12_000), .heat: QualityMeasure(thousandths: 23_000),
            .efficiency: QualityMeasure(thousandths: 70_000),
        ])
        return DemoData(
            units: villages + companies, contracts: contracts, prices: prices, logins: logins, qualityLimits: qualityLimits)
    }()
}
