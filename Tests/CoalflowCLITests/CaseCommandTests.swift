import CoalflowCore
import CoalflowTestSupport
import Foundation
import Testing

/// Every member unit's own work from the command line: a case through its whole route, a transfer, and
/// inspections recorded and listed.
@Suite struct CaseCommandTests {
    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    func loggedIn(_ server: ServerProcess, _ url: String, _ login: String) throws -> CLI {
        let cli = server.cli(databaseURL: url)
        let run = try cli.run(["login", "--login", login, "--password-stdin"], stdin: "demo-2021\n")
        #expect(run.status == 0, "\(run)")
        return cli
    }

    @Test func aCaseGoesOpenHandleReturnHandleCloseAndAnotherIsTransferred() async throws {
        try await TestDatabase.withClient { client, url in
            _ = try await Fixture(client)
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let street = try loggedIn(server, url.urlString, "caiyuan")
                let zfj = try loggedIn(server, url.urlString, "zfj")
                let scjgj = try loggedIn(server, url.urlString, "scjgj")

                let inspection = try street.run(
                    "inspection", "record", "--kind", "recurrence", "--date", "2021-12-01", "--street", "caiyuan",
                    "--checked", "40", "--problems", "1", "--json")
                #expect(inspection.status == 0, "\(inspection)")
                let recorded = json(inspection.stdout)
                for key in ["id", "unit", "kind", "date", "street", "village", "checked", "problems"] {
                    #expect(recorded.keys.contains(key), "inspection lacks \(key)")
                }
                let inspectionID = try #require(recorded["id"] as? String)

                let opened = try street.run(
                    "case", "open", "--source", "inspection", "--inspection", inspectionID, "--street", "caiyuan",
                    "--problem", "复燃：一户仍烧散煤", "--assign", "zfj", "--due", "2021-12-15", "--json")
                #expect(opened.status == 0, "\(opened)")
                let document = json(opened.stdout)
                for key in ["source", "street", "village", "company", "assigned_unit", "due", "outcome"] {
                    #expect(document.keys.contains(key), "case lacks \(key)")
                }
                #expect(document["type"] as? String == "case" && document["status"] as? String == "in_review")
                #expect(document["current_unit"] as? String == "zfj" && document["origin_unit"] as? String == "caiyuan")
                let id = try #require(document["id"] as? String)

                let queue = try zfj.run("queue", "--json")
                #expect(queue.stdout.contains(id), "\(queue)")
                #expect(try zfj.run("approve", id).status == 65, "a case is handled with its result, not approved")
                #expect(try zfj.run("case", "handle", id, "--outcome", "closed_down", "--result", "已取缔").status == 0)
                let returned = try street.run("return", id, "--reason", "现场仍有散煤", "--json")
                #expect(json(returned.stdout)["current_unit"] as? String == "zfj", "back to the handler: \(returned)")
                #expect(try zfj.run("case", "handle", id, "--outcome", "fined", "--result", "罚款").status == 0)
                let closed = try street.run("approve", id, "--json")
                #expect(json(closed.stdout)["status"] as? String == "filed", "\(closed)")
                let shown = json(try street.run("show", id, "--json").stdout)
                #expect(shown["outcome"] as? String == "fined")
                let actions = (shown["history"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
                #expect(actions == ["create", "submit", "approve", "return", "approve", "approve"], "\(actions)")

                // A case for the wrong unit is transferred, with a reason, and handled there.
                let other = json(
                    try street.run(
                        "case", "open", "--source", "tipoff", "--street", "caiyuan", "--problem", "劣质型煤", "--assign", "zfj",
                        "--json"
                    ).stdout)
                let otherID = try #require(other["id"] as? String)
                #expect(try zfj.run("case", "transfer", otherID, "--to", "scjgj").status == 64, "a reason is required")
                let moved = try zfj.run("case", "transfer", otherID, "--to", "scjgj", "--reason", "属质量问题", "--json")
                #expect(json(moved.stdout)["current_unit"] as? String == "scjgj", "\(moved)")
                #expect(try scjgj.run("case", "handle", otherID, "--outcome", "ordered", "--result", "责令整改").status == 0)

                let listed = try street.run("inspection", "list", "--kind", "recurrence", "--json")
                #expect(listed.status == 0 && listed.stdout.contains(inspectionID), "\(listed)")
                let none = try zfj.run("inspection", "list", "--json")
                let items = try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [Any]
                #expect(items?.isEmpty == true, "zfj recorded none and reaches no street's: \(none)")
                let office = try loggedIn(server, url.urlString, "office")
                let audit = json(try office.run("audit", "verify", "--json").stdout)
                #expect(audit["ok"] as? Bool == true, "\(audit)")
            }
        }
    }

    /// A village's survey from the example file, confirmed by its street, against the example form:
    /// the one coal-burning home not on it is listed, masked.
    @Test func aConfirmedSurveyGivesCoverageAgainstTheForms() async throws {
        try await TestDatabase.withClient { client, url in
            _ = try await Fixture(client)
            let examples = try ProductionInstallTests.checkout() + "/examples/"
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let village = try loggedIn(server, url.urlString, "caiyuan-demo1")
                let street = try loggedIn(server, url.urlString, "caiyuan")
                let office = try loggedIn(server, url.urlString, "office")
                #expect(
                    try village.run("registration", "create", "--year", "2021", "--file", examples + "households.csv").status == 0
                )

                let bad = FileManager.default.temporaryDirectory.appendingPathComponent("survey-\(UUID().uuidString).csv").path
                defer { try? FileManager.default.removeItem(atPath: bad) }
                try "name,address,id_number,heating,coal_use_tons,coal_stock_tons\n张三,一村,11010519491231002X,柴火,1,0\n"
                    .write(toFile: bad, atomically: true, encoding: .utf8)
                let refused = try village.run("survey", "import", "--year", "2021", "--file", bad, "--lang", "en")
                #expect(refused.status == 65 && refused.stderr.contains("row 1: heating"), "\(refused)")

                let imported = try village.run("survey", "import", "--year", "2021", "--file", examples + "survey.csv", "--json")
                #expect(imported.status == 0, "\(imported)")
                let id = try #require(json(imported.stdout)["id"] as? String)
                #expect(json(imported.stdout)["type"] as? String == "survey")
                #expect(try village.run("submit", id).status == 0)
                #expect(try street.run("approve", id).status == 0)

                let coverage = try office.run("coverage", "--year", "2021", "--json")
                #expect(coverage.status == 0, "\(coverage)")
                let rows = try JSONSerialization.jsonObject(with: Data(coverage.stdout.utf8)) as? [[String: Any]] ?? []
                let row = try #require(rows.first, "\(coverage)")
                for key in ["street", "village", "surveyed", "burning_coal", "registered", "not_registered"] {
                    #expect(row.keys.contains(key), "coverage lacks \(key)")
                }
                #expect(row["village"] as? String == "caiyuan-demo1" && row["surveyed"] as? Int == 6)
                #expect(row["burning_coal"] as? Int == 4 && row["registered"] as? Int == 3, "\(row)")
                let missing = row["not_registered"] as? [[String: Any]] ?? []
                #expect(missing.map { $0["name"] as? String } == ["孙桂兰"])
                #expect(missing.first?["id_number"] as? String == "370902********0038")
                #expect(try office.run("coverage", "--year", "2021").stdout.contains("孙桂兰"))
            }
        }
    }
}
