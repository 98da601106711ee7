import CoalflowCore
import Logging
import PostgresNIO

/// The demo's supervision work (`admin seed taishan-2021 --demo`), done through the same stores as a
/// person would: a survey per demo village, confirmed by its street; inspections by units of their
/// duty; cases in every state; quality samples, one failing. Every text says 演示. Added once: a database that has demo inspections
/// gets nothing more.
public struct DemoSupervision: Sendable {
    let context: StoreContext

    public init(client: PostgresClient, logger: Logger, keys: PersonalDataKeys) {
        context = StoreContext(client: client, logger: logger, keys: keys)
    }

    public func seed(_ demo: DemoData) async throws {
        let client = context.client
        let seeded = try await client.query("SELECT 1 FROM inspections WHERE note LIKE '【演示】%' LIMIT 1", logger: context.logger)
            .collect()
        guard seeded.isEmpty else { return }
        let admin = AdminStore(context: context)
        let workflow = WorkflowStore(context: context)
        let surveys = SurveyStore(context: context)
        let inspections = InspectionStore(context: context)
        let cases = CaseStore(context: context)

        // A survey per demo village: three homes burning coal (not registered by the demo), one electric.
        let villages = demo.units.filter { $0.kind == .village }
        for (index, village) in villages.enumerated() {
            let clerk = try await admin.actingUser(village.code)
            let heatings = ["散煤", "洁净煤", "散煤", "电代煤"]
            let homes = try heatings.enumerated().map { n, heating in
                let id = try ResidentIDNumber(
                    area: "370902", birth: CivilDate(year: 1950 + index * 3 + n, month: n + 1, day: index + 1)!, sequence: 900 + n
                )
                return try SurveyedHome(
                    name: "演示户\(index + 1)-\(n + 1)", address: "\(village.name) \(n + 1) 号", idNumber: id.value, heating: heating,
                    coalUseTons: heating == "电代煤" ? "0" : "2.5", coalStockTons: "0.5")
            }
            let survey = try await surveys.create(year: 2021, homes: homes, by: clerk)
            _ = try await workflow.perform(.submit, on: survey, by: clerk)
            _ = try await workflow.perform(.approve, on: survey, by: try await admin.actingUser(clerk.street ?? ""))
        }

        // Inspections of December 2021, each unit of its duty.
        let recorded: [(String, InspectionKind, String, Int, Int)] = [
            ("caiyuan", .recurrence, "caiyuan", 40, 2), ("daimiao", .recurrence, "daimiao", 35, 1),
            ("taiqian", .recurrence, "taiqian", 28, 0), ("fgj", .market, "caiyuan", 6, 1), ("scjgj", .market, "daimiao", 5, 1),
            ("zfj", .vendor, "taiqian", 9, 2), ("jyj", .transport, "caiyuan", 12, 0), ("sthj", .noBurnZone, "daimiao", 20, 1),
            ("rmt", .publicity, "caiyuan", 300, 0),
        ]
        for (day, (login, kind, street, checked, problems)) in recorded.enumerated() {
            _ = try await inspections.record(
                .init(
                    kind: kind, date: CivilDate(year: 2021, month: 12, day: day + 1)!, street: street, checked: checked,
                    problems: problems, note: "【演示】\(kind.label.zh)"),
                by: try await admin.actingUser(login))
        }

        // Cases in every state: waiting at the handler, handled and waiting for the opener, returned to the
        // handler, closed, and one transferred.
        let street = try await admin.actingUser("caiyuan")
        let office = try await admin.actingUser("office")
        func open(_ problem: String, _ assign: String, by opener: ActingUser, street code: String) async throws -> Int64 {
            try await cases.open(.init(source: .tipoff, street: code, problem: "【演示】" + problem, assign: assign), by: opener)
        }
        _ = try await open("群众举报：流动商贩沿街售散煤", "zfj", by: street, street: "caiyuan")
        let handled = try await open("群众举报：散煤堆放点未取缔", "zfj", by: street, street: "caiyuan")
        _ = try await cases.handle(handled, outcome: .closedDown, result: "【演示】已取缔", by: try await admin.actingUser("zfj"))
        let returned = try await open("复燃：一户仍烧散煤", "caiyuan-demo1", by: street, street: "caiyuan")
        _ = try await cases.handle(returned, outcome: .warned, result: "【演示】已劝导", by: try await admin.actingUser("caiyuan-demo1"))
        _ = try await workflow.perform(.return, on: returned, by: street, text: "【演示】复查仍在烧，请责令停烧")
        let closed = try await open("运煤车辆遗撒", "jyj", by: office, street: "daimiao")
        _ = try await cases.handle(closed, outcome: .fined, result: "【演示】已罚款", by: try await admin.actingUser("jyj"))
        _ = try await workflow.perform(.approve, on: closed, by: office)
        let moved = try await open("型煤质量疑似不达标", "zfj", by: office, street: "taiqian")
        _ = try await workflow.transfer(moved, to: "scjgj", reason: "【演示】属产品质量，转市场监管局", by: office)

        // Samples against the demo limits: one coal company's sulfur fails, which opens its case at scjgj,
        // marked 【演示】 as every case judged by demo limits is.
        let samples = SampleStore(context: context)
        let scjgj = try await admin.actingUser(QualitySample.samplingUnit)
        let coal: [(String, String)] = [("demo-coal-a", "0.42"), ("demo-coal-b", "0.80")]
        for (n, (company, sulfur)) in coal.enumerated() {
            _ = try await samples.record(
                .init(
                    company: company, product: .coal, date: CivilDate(year: 2021, month: 11, day: 15 + n)!, lab: "【演示】质检所",
                    readings: [.sulfur: sulfur, .ash: "12.5", .volatile: "9.8", .heat: "25.1"]),
                by: scjgj)
        }
        _ = try await samples.record(
            .init(
                company: "demo-stove", product: .stove, date: CivilDate(year: 2021, month: 11, day: 20)!, lab: "【演示】质检所",
                readings: [.efficiency: "78.5"]),
            by: scjgj)
    }
}
