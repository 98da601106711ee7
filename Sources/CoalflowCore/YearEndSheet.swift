/// The sheets of the year-end assessment (年考核) and their columns: the approval chain's four, then
/// every member unit's own work (inspections, cases) and the survey coverage, per street and per
/// village with its coordinator.
public enum YearEndSheet: String, Sendable, CaseIterable, Codable {
    case streets, companies, households, timeliness, inspections, cases, samples, coverage, villages

    public var spec: SheetSpec {
        switch self {
        case .streets:
            SheetSpec(
                name: "街道考核", title: "街道考核",
                columns: [
                    Column("街道代码", .text), Column("街道", .text), Column("目标洁净煤(吨)", .tons, summed: true),
                    Column("目标炉具(台)", .integer, summed: true),
                    Column("登记洁净煤(吨)", .tons, summed: true), Column("登记炉具(台)", .integer, summed: true),
                    Column("登记户数", .integer, summed: true),
                    Column("配送洁净煤(吨)", .tons, summed: true), Column("配送炉具(台)", .integer, summed: true),
                    Column("备案洁净煤(吨)", .tons, summed: true), Column("备案炉具(台)", .integer, summed: true),
                    Column("煤完成率", .percent), Column("炉具完成率", .percent), Column("备案补贴(元)", .yuan, summed: true),
                    Column("街道环节平均(天)", .days), Column("发改局环节平均(天)", .days), Column("财政局环节平均(天)", .days),
                    Column("超期次数", .integer, summed: true), Column("排名", .integer), Column("是否滞后", .text),
                ],
                chart: SheetChart("各街道洁净煤配送、备案与目标", categories: "街道", values: ["配送洁净煤(吨)", "备案洁净煤(吨)", "目标洁净煤(吨)"]))
        case .companies:
            SheetSpec(
                name: "企业汇总", title: "企业汇总",
                columns: [
                    Column("企业代码", .text), Column("企业", .text), Column("销售单数", .integer, summed: true),
                    Column("洁净煤(吨)", .tons, summed: true),
                    Column("炉具(台)", .integer, summed: true), Column("金额(元)", .yuan, summed: true),
                    Column("补贴(元)", .yuan, summed: true),
                    Column("备案汇总表数", .integer, summed: true), Column("提交至备案平均(天)", .days),
                ])
        case .households:
            SheetSpec(
                name: "农户明细", title: "农户明细",
                columns: [
                    Column("街道", .text), Column("村(社区)", .text), Column("登记表", .text), Column("户主姓名", .text),
                    Column("身份证号", .text),
                    Column("登记煤(吨)", .tons, summed: true), Column("登记炉具(台)", .integer, summed: true),
                    Column("配送煤(吨)", .tons, summed: true), Column("配送炉具(台)", .integer, summed: true),
                    Column("备案煤(吨)", .tons, summed: true), Column("备案炉具(台)", .integer, summed: true),
                    Column("备案补贴(元)", .yuan, summed: true),
                ])
        case .timeliness:
            SheetSpec(
                name: "审批时效", title: "审批时效",
                columns: [
                    Column("单位", .text), Column("审批次数", .integer, summed: true), Column("平均(天)", .days), Column("90分位(天)", .days),
                    Column("超期次数", .integer, summed: true),
                ])
        case .inspections:
            SheetSpec(
                name: "执法检查", title: "各单位执法检查",
                columns: [Column("单位", .text)]
                    + InspectionKind.allCases.map { Column($0.label.zh + "(次)", .integer, summed: true) } + [
                        Column("检查点(户)", .integer, summed: true), Column("发现问题", .integer, summed: true),
                    ])
        case .cases:
            SheetSpec(
                name: "问题办理", title: "各单位问题线索办理",
                columns: [
                    Column("承办单位", .text), Column("交办", .integer, summed: true), Column("办结", .integer, summed: true),
                    Column("在办", .integer, summed: true), Column("超期", .integer, summed: true), Column("平均办结(天)", .days),
                ],
                chart: SheetChart("各单位问题交办与办结", .bar, categories: "承办单位", values: ["交办", "办结"]))
        case .samples:
            SheetSpec(
                name: "质量抽检", title: "配送企业质量抽检",
                columns: [
                    Column("企业代码", .text), Column("企业", .text), Column("抽检次数", .integer, summed: true),
                    Column("不合格", .integer, summed: true), Column("煤样", .integer, summed: true),
                    Column("炉具样", .integer, summed: true),
                    Column("待复检", .text),
                ])
        // Coverage reads the same in the dispatch and the assessment.
        case .coverage: PeriodSheet.coverage.spec
        case .villages: PeriodSheet.villages.spec
        }
    }
}
