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

    /// Progress computed here from the raw rows, independently of the product's queries.
    public struct Expected: Sendable {
        public var registeredKg: [String: Int64] = [:], registeredStoves: [String: Int] = [:]
        public var deliveredKg: [String: Int64] = [:], deliveredStoves: [String: Int] = [:]
        public var filedKg: [String: Int64] = [:], filedStoves: [String: Int] = [:], filedSubsidy: [String: Int64] = [:]
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
