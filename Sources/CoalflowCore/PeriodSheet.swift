/// The sheets of the monthly dispatch (月调度) and quarterly inspection (季检查) and their columns:
/// per street progress for the period and the year to date against the pro-rata schedule, what waits
/// in review at each unit, overdue items with their urges, the companies' deliveries, every member
/// unit's own work (inspections, cases) and the survey coverage per street and per village, with the
/// village's coordinator.
public enum PeriodSheet: Sendable, CaseIterable {
    case streets, waiting, overdue, companies, units, coverage, villages

    public var spec: SheetSpec {
        switch self {
        case .streets:
            SheetSpec(
                name: "街道进度", title: "各街道进度",
                columns: [
                    Column("街道", .text), Column("目标洁净煤(吨)", .tons, summed: true), Column("目标炉具(台)", .integer, summed: true),
                    Column("本期配送煤(吨)", .tons, summed: true), Column("本期配送炉具(台)", .integer, summed: true),
                    Column("本期补贴(元)", .yuan, summed: true),
                    Column("累计配送煤(吨)", .tons, summed: true), Column("累计配送炉具(台)", .integer, summed: true),
                    Column("累计备案补贴(元)", .yuan, summed: true), Column("煤完成率", .percent), Column("应完成煤(吨)", .tons, summed: true),
                    Column("进度", .text),
                ],
                chart: SheetChart("各街道累计配送煤与应完成、目标", categories: "街道", values: ["累计配送煤(吨)", "应完成煤(吨)", "目标洁净煤(吨)"]))
        case .waiting:
            SheetSpec(
                name: "在审单据", title: "各环节在审单据",
                columns: [
                    Column("待办单位", .text), Column("单据数", .integer, summed: true), Column("最长等待(天)", .days),
                    Column("超期", .integer, summed: true), Column("催办次数", .integer, summed: true),
                ])
        case .overdue:
            SheetSpec(
                name: "超期事项", title: "超期未办事项",
                columns: [
                    Column("单据", .text), Column("类型", .text), Column("制单单位", .text), Column("街道", .text), Column("待办单位", .text),
                    Column("已等待(天)", .days), Column("时限(天)", .integer), Column("催办次数", .integer),
                ])
        case .companies:
            SheetSpec(
                name: "企业配送", title: "各配送企业配送及补贴",
                columns: [
                    Column("企业", .text), Column("本期销售单", .integer, summed: true), Column("本期煤(吨)", .tons, summed: true),
                    Column("本期炉具(台)", .integer, summed: true), Column("本期金额(元)", .yuan, summed: true),
                    Column("本期补贴(元)", .yuan, summed: true),
                    Column("累计煤(吨)", .tons, summed: true), Column("累计炉具(台)", .integer, summed: true),
                    Column("累计补贴(元)", .yuan, summed: true), Column("标记", .text),
                ])
        case .units:
            SheetSpec(
                name: "成员单位", title: "各成员单位检查与问题办理",
                columns: [
                    Column("单位", .text), Column("本期检查(次)", .integer, summed: true), Column("检查点(户)", .integer, summed: true),
                    Column("发现问题", .integer, summed: true), Column("本期立案", .integer, summed: true),
                    Column("本期交办", .integer, summed: true), Column("本期办结", .integer, summed: true),
                    Column("在办超期", .integer, summed: true), Column("本期抽检", .integer, summed: true),
                    Column("抽检不合格", .integer, summed: true), Column("进度", .text),
                ],
                chart: SheetChart("各单位问题交办与办结", .bar, categories: "单位", values: ["本期交办", "本期办结"]))
        case .coverage:
            SheetSpec(name: "摸底覆盖", title: "各街道摸底覆盖", columns: Self.coverageColumns)
        case .villages:
            SheetSpec(name: "村级覆盖", title: "各村摸底覆盖及协查员", columns: Self.villageCoverageColumns)
        }
    }

    /// The 标记 of a company in the dispatch: the products whose latest sample failed (待复检, until a later
    /// sample passes) and the cases against it now overdue; 正常 when neither.
    public static func companyMark(pendingRetest products: [String], overdueCases: Int64) -> String {
        var marks: [String] = []
        if !products.isEmpty { marks.append("待复检：" + products.joined(separator: "、")) }
        if overdueCases > 0 { marks.append("问题超期 \(overdueCases) 件") }
        return marks.isEmpty ? "正常" : marks.joined(separator: "；")
    }

    /// Survey coverage per street (全覆盖).
    static let coverageColumns = [
        Column("街道", .text), Column("摸底户数", .integer, summed: true), Column("烧煤户数", .integer, summed: true),
        Column("已登记", .integer, summed: true), Column("未登记", .integer, summed: true), Column("覆盖率", .percent),
    ]

    /// Survey coverage per village, with its coordinator (协查员, phone masked) who checks the homes not
    /// registered.
    static let villageCoverageColumns =
        [Column("街道", .text), Column("村(社区)", .text), Column("协查员", .text), Column("协查员电话", .text)]
        + coverageColumns.dropFirst()
}
