import CoalflowCore
import CoalflowStore
import Foundation
import PostgresNIO

/// A generated season: several streets, villages and companies over three months, with a return, a
/// rejection, voided slips, and summaries in every state.
public enum Season {
    /// Builds it in a seeded database through the real stores.
    public static func generate(_ f: Fixture) async throws {
        let villages = [
            ("caiyuan-demo1", 12), ("caiyuan-demo2", 7), ("daimiao-demo1", 9), ("taiqian-demo1", 6), ("shanggao-demo1", 5),
        ]
        var serial = 0
        var released: [(village: String, serials: Range<Int>)] = []
        for (index, (village, count)) in villages.enumerated() {
            let clerk = try await f.user(village)
            let households = try (0..<count).map { i in
                try Household(
                    name: "户\(serial + i)", address: "演示路\(serial + i)号", idNumber: Fixture.idNumber(serial + i),
                    phone: "13800000000",
                    coalTons: "\(1 + (serial + i) % 3).\((serial + i) * 7 % 10)25", stoves: (serial + i) % 3 == 0 ? "1" : "0")
            }
            let id = try await f.registrations.create(year: 2021, households: households, by: clerk)
            _ = try await f.registrations.publicize(
                id, from: CivilDate(year: 2021, month: 9, day: 1)!, to: CivilDate(year: 2021, month: 9, day: 7)!, by: clerk)
            _ = try await f.workflow.perform(.submit, on: id, by: clerk)
            let street = try await f.user(clerk.street!)
            if village == "daimiao-demo1" {
                // Returned by the street, corrected (nothing to change here) and resubmitted.
                _ = try await f.workflow.perform(.return, on: id, by: street, text: "补充材料")
                _ = try await f.workflow.perform(.submit, on: id, by: clerk)
            }
            _ = try await f.workflow.perform(.approve, on: id, by: street)
            if index % 2 == 0 {
                _ = try await f.workflow.perform(.approve, on: id, by: try await f.user("fgj"))
                _ = try await f.workflow.perform(.approve, on: id, by: try await f.user("czj"))
            }
            released.append((village, serial..<(serial + count)))
            serial += count
        }
        // A form the street rejects: never released, never counted.
        let rejectedClerk = try await f.user("xujialou-demo1")
        let rejected = try await f.registrations.create(
            year: 2021, households: Fixture.households(3, firstSerial: 9000), by: rejectedClerk)
        _ = try await f.registrations.publicize(
            rejected, from: CivilDate(year: 2021, month: 9, day: 1)!, to: CivilDate(year: 2021, month: 9, day: 7)!,
            by: rejectedClerk)
        _ = try await f.workflow.perform(.submit, on: rejected, by: rejectedClerk)
        _ = try await f.workflow.perform(.reject, on: rejected, by: try await f.user("xujialou"), text: "不在范围")

        // Deliveries over October to December: coal in parts, stoves once.
        let coalCompany = [
            "caiyuan": "demo-coal-a", "daimiao": "demo-coal-a", "shanggao": "demo-coal-a", "taiqian": "demo-coal-b",
        ]
        for (village, serials) in released {
            let street = try await f.user(village).street!
            var coal: [SlipStore.Delivery] = []
            var stoves: [SlipStore.Delivery] = []
            for s in serials {
                let id = try ResidentIDNumber(Fixture.idNumber(s))
                let month = 10 + s % 3
                coal.append(
                    .init(
                        idNumber: id, date: CivilDate(year: 2021, month: month, day: 1 + s % 27)!, coal: Tons(thousandths: 1000),
                        stoves: 0))
                if s % 3 == 0 {
                    stoves.append(.init(idNumber: id, date: CivilDate(year: 2021, month: 10, day: 5)!, coal: .zero, stoves: 1))
                }
            }
            let coalIDs = try await f.slips.create(coal, by: try await f.user(coalCompany[street]!))
            _ = try await f.slips.create(stoves, by: try await f.user("demo-stove"))
            // The first slip of each village was wrong: voided.
            _ = try await f.slips.void(coalIDs[0], reason: "数量开错", by: try await f.user(coalCompany[street]!))
        }
        // Summaries: October filed, November in review at fgj, December returned, for each company and street.
        for (street, company) in coalCompany.sorted(by: { $0.key < $1.key }) + [
            ("caiyuan", "demo-stove"), ("taiqian", "demo-stove"),
        ] {
            let clerk = try await f.user(company)
            for month in 10...12 {
                guard
                    let summary = try? await f.summaries.create(
                        street: street, month: CivilDate(year: 2021, month: month, day: 1)!, by: clerk)
                else { continue }
                _ = try await f.workflow.perform(.submit, on: summary, by: clerk)
                _ = try await f.workflow.perform(.approve, on: summary, by: try await f.user(street))
                switch month {
                case 10:
                    _ = try await f.workflow.perform(.approve, on: summary, by: try await f.user("fgj"))
                    _ = try await f.workflow.perform(.approve, on: summary, by: try await f.user("czj"))
                case 12:
                    _ = try await f.workflow.perform(.return, on: summary, by: try await f.user("fgj"), text: "核对金额")
                default: break
                }
            }
        }
    }

    /// The member units' work over the same season, through the real stores: coordinators, surveys
    /// (confirmed, one left unconfirmed, one of homes on a rejected form), inspections of every kind from
    /// October to December, cases in every state (closed, in hand, overdue, returned, transferred, one
    /// against a company) and quality samples (one company failing and passing later, one failing last).
    /// Call after `generate`: the surveys name its households.
    public static func supervise(_ f: Fixture) async throws {
        let logger = TestDatabase.logger
        let coordinators = CoordinatorStore(client: f.client, logger: logger, keys: f.keys)
        try await coordinators.set(village: "caiyuan-demo1", name: "张先前", phone: "13900000000")
        try await coordinators.set(village: "caiyuan-demo1", name: "王建国", phone: "13812345678")
        try await coordinators.set(village: "daimiao-demo1", name: "李秀英", phone: "05386281234")
        try await coordinators.set(village: "shanggao-demo1", name: "赵协查", phone: "13700001111")

        // Surveys: (village, [(serial, heating)], confirmed). Serials below 100 are the season's
        // households (registered); 9000 is on the form xujialou rejected; the rest are registered nowhere.
        let surveys: [(String, [(Int, String)], Bool)] = [
            ("caiyuan-demo1", [(0, "散煤"), (1, "洁净煤"), (2, "电代煤"), (3, "散煤"), (800, "散煤"), (801, "洁净煤"), (802, "气代煤")], true),
            ("caiyuan-demo2", [(12, "散煤"), (13, "散煤"), (810, "散煤")], true),
            ("daimiao-demo1", [(19, "洁净煤"), (20, "集中供暖"), (820, "其他")], true),
            ("taiqian-demo1", [(28, "散煤"), (830, "散煤")], false),
            ("xujialou-demo1", [(9000, "散煤"), (9001, "散煤"), (840, "电代煤")], true),
        ]
        let surveyStore = SurveyStore(client: f.client, logger: logger, keys: f.keys)
        for (village, homes, confirmed) in surveys {
            let clerk = try await f.user(village)
            let lines = try homes.map { serial, heating in
                try SurveyedHome(
                    name: "摸底\(serial)", address: "摸底路\(serial)号", idNumber: Fixture.idNumber(serial), heating: heating,
                    coalUseTons: "2.5", coalStockTons: "0.5")
            }
            let id = try await surveyStore.create(year: 2021, homes: lines, by: clerk)
            _ = try await f.workflow.perform(.submit, on: id, by: clerk)
            if confirmed { _ = try await f.workflow.perform(.approve, on: id, by: try await f.user(clerk.street!)) }
        }

        // Inspections: (login, kind, street, village, month, day, checked, problems).
        let inspections = InspectionStore(client: f.client, logger: logger)
        let recorded: [(String, InspectionKind, String, String?, Int, Int, Int, Int)] = [
            ("caiyuan", .recurrence, "caiyuan", nil, 12, 3, 60, 2), ("caiyuan", .publicity, "caiyuan", nil, 11, 2, 120, 0),
            ("caiyuan-demo1", .recurrence, "caiyuan", "caiyuan-demo1", 12, 8, 15, 1),
            ("daimiao", .recurrence, "daimiao", nil, 10, 20, 33, 0), ("xujialou", .vendor, "xujialou", nil, 12, 11, 4, 1),
            ("fgj", .market, "caiyuan", nil, 12, 5, 6, 2), ("fgj", .market, "taiqian", nil, 11, 9, 3, 0),
            ("scjgj", .market, "daimiao", nil, 12, 14, 5, 1), ("zfj", .vendor, "taiqian", nil, 12, 1, 9, 2),
            ("zfj", .market, "shanggao", nil, 10, 28, 7, 0), ("jyj", .transport, "caiyuan", nil, 12, 17, 12, 1),
            ("jyj", .transport, "daimiao", nil, 12, 30, 8, 0), ("gaj", .transport, "qiujiadian", nil, 11, 3, 2, 0),
            ("rmt", .publicity, "daimiao", nil, 12, 6, 300, 0), ("office", .market, "caiyuan", nil, 12, 21, 2, 1),
        ]
        var inspectionIDs: [Int64] = []
        for (login, kind, street, village, month, day, checked, problems) in recorded {
            inspectionIDs.append(
                try InspectionID.parse(
                    try await inspections.record(
                        .init(
                            kind: kind, date: CivilDate(year: 2021, month: month, day: day)!, street: street, village: village,
                            checked: checked, problems: problems),
                        by: try await f.user(login)
                    ).id, field: "id"))
        }

        // Cases in every state; those due in 2021 and not closed are overdue.
        let cases = CaseStore(client: f.client, logger: logger, keys: f.keys)
        let (caiyuan, office, zfj) = (try await f.user("caiyuan"), try await f.user("office"), try await f.user("zfj"))
        let due = CivilDate(year: 2021, month: 12, day: 20)!
        let closed = try await cases.open(
            .init(source: .tipoff, street: "caiyuan", problem: "流动商贩售散煤", assign: "zfj", due: due), by: caiyuan)
        _ = try await cases.handle(closed, outcome: .closedDown, result: "已取缔", by: zfj)
        _ = try await f.workflow.perform(.approve, on: closed, by: caiyuan)
        _ = try await cases.open(
            .init(source: .inspection, street: "caiyuan", problem: "复燃", assign: "caiyuan-demo1", inspection: inspectionIDs[0]),
            by: caiyuan)
        let returned = try await cases.open(
            .init(
                source: .tipoff, street: "caiyuan", village: "caiyuan-demo1", problem: "仍烧散煤", assign: "caiyuan-demo1", due: due),
            by: caiyuan)
        _ = try await cases.handle(returned, outcome: .warned, result: "已劝导", by: try await f.user("caiyuan-demo1"))
        _ = try await f.workflow.perform(.return, on: returned, by: caiyuan, text: "复查仍在烧")
        let moved = try await cases.open(
            .init(source: .tipoff, street: "taiqian", problem: "型煤疑似不达标", assign: "zfj", due: due), by: office)
        _ = try await f.workflow.transfer(moved, to: "scjgj", reason: "属产品质量", by: office)
        let handled = try await cases.open(
            .init(source: .inspection, street: "caiyuan", problem: "散煤堆放点", assign: "zfj", inspection: inspectionIDs[5]),
            by: try await f.user("fgj"))
        _ = try await cases.handle(handled, outcome: .fined, result: "已罚款", by: zfj)
        // Against a company, overdue: the company is marked in the dispatch.
        _ = try await cases.open(
            .init(
                source: .tipoff, street: "taiqian", company: "demo-coal-b", problem: "缺斤短两", assign: "zfj",
                due: CivilDate(year: 2021, month: 12, day: 10)!),
            by: try await f.user("fgj"))
        _ = try await cases.open(
            .init(source: .tipoff, street: "daimiao", problem: "运煤车辆遗撒", assign: "jyj"), by: try await f.user("daimiao"))

        // Samples against the seeded (demo) limits: demo-coal-a fails in November and passes in December;
        // demo-coal-b passes in November and fails in December; the stoves pass.
        let samples = SampleStore(client: f.client, logger: logger, keys: f.keys)
        let scjgj = try await f.user("scjgj")
        let coal: [(String, Int, Int, String)] = [
            ("demo-coal-a", 11, 20, "0.9"), ("demo-coal-b", 11, 22, "0.3"), ("demo-coal-a", 12, 10, "0.4"),
            ("demo-coal-b", 12, 15, "0.8"),
        ]
        for (company, month, day, sulfur) in coal {
            _ = try await samples.record(
                .init(
                    company: company, product: .coal, date: CivilDate(year: 2021, month: month, day: day)!,
                    readings: [.sulfur: sulfur, .ash: "12", .volatile: "9", .heat: "25"]),
                by: scjgj)
        }
        _ = try await samples.record(
            .init(
                company: "demo-stove", product: .stove, date: CivilDate(year: 2021, month: 12, day: 2)!,
                readings: [.efficiency: "75"]),
            by: scjgj)
    }

    /// Progress computed here from the raw rows, independently of the product's queries.
    public struct Expected: Sendable {
        public var registeredKg: [String: Int64] = [:], registeredStoves: [String: Int] = [:]
        public var deliveredKg: [String: Int64] = [:], deliveredStoves: [String: Int] = [:]
        public var filedKg: [String: Int64] = [:], filedStoves: [String: Int] = [:], filedSubsidy: [String: Int64] = [:]
    }

    /// The streets (`year street`) whose running totals (sql/0017) differ from what their rows add up to.
    public static func progressDrift(_ client: PostgresClient) async throws -> [String] {
        let figures = """
            registered_kg, registered_stoves, registered_households, delivered_kg, delivered_stoves, delivered_subsidy_fen,
            filed_kg, filed_stoves, filed_subsidy_fen
            """
        let negated = figures.split(separator: ",").map { "-" + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let sums = figures.split(separator: ",").map { "sum(\($0.trimmingCharacters(in: .whitespacesAndNewlines)))" }
        return try await client.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT year || ' ' || street_code FROM (
                        SELECT year, street_code, \(figures) FROM street_progress
                        UNION ALL
                        SELECT year, street_code, \(negated.joined(separator: ", ")) FROM street_progress_from_rows()) t
                    GROUP BY year, street_code
                    HAVING (\(sums.joined(separator: ", "))) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
                    ORDER BY 1
                    """), logger: TestDatabase.logger
        ).collect().map { try $0.decode(String.self) }
    }

    /// The places (`year type status street originator awaited-unit`) whose running count of documents
    /// (sql/0020) differs from the documents there.
    public static func countDrift(_ client: PostgresClient) async throws -> [String] {
        try await client.query(
            """
            SELECT concat_ws(' ', year, document_type, status, street_code, origin_unit, current_unit) FROM (
                SELECT year, document_type, status, street_code, origin_unit, current_unit, documents AS n FROM document_counts
                UNION ALL
                SELECT year, document_type, status, street_code, origin_unit, current_unit, -documents
                FROM document_counts_from_rows()) t
            GROUP BY year, document_type, status, street_code, origin_unit, current_unit
            HAVING sum(n) <> 0
            ORDER BY 1
            """, logger: TestDatabase.logger
        ).collect().map { try $0.decode(String.self) }
    }

    public static func expected(_ client: PostgresClient) async throws -> Expected {
        var e = Expected()
        // Documents: status, step, street.
        var docs: [Int64: (status: String, step: Int?, street: String)] = [:]
        for try await (id, status, step, street) in try await client.query(
            "SELECT id, status, step_position, street_code FROM documents", logger: TestDatabase.logger
        ).decode((Int64, String, Int?, String).self) {
            docs[id] = (status, step, street)
        }
        for try await (doc, kg, stoves) in try await client.query(
            "SELECT document_id, coal_kg, stoves FROM registration_lines", logger: TestDatabase.logger
        ).decode((Int64, Int64, Int).self) {
            let d = docs[doc]!
            guard d.status == "filed" || (d.status == "in_review" && (d.step ?? 0) > 1) else { continue }
            e.registeredKg[d.street, default: 0] += kg
            e.registeredStoves[d.street, default: 0] += stoves
        }
        for try await (street, kg, stoves, subsidy, status, summary) in try await client.query(
            "SELECT street_code, coal_kg, stoves, subsidy_fen, status, summary_id FROM slips", logger: TestDatabase.logger
        ).decode((String, Int64, Int, Int64, String, Int64?).self) where status == "valid" {
            e.deliveredKg[street, default: 0] += kg
            e.deliveredStoves[street, default: 0] += stoves
            if let summary, docs[summary]?.status == "filed" {
                e.filedKg[street, default: 0] += kg
                e.filedStoves[street, default: 0] += stoves
                e.filedSubsidy[street, default: 0] += subsidy
            }
        }
        return e
    }
}
