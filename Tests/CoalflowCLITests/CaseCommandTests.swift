import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import Testing

/// Every member unit's own work from the command line: a case through its whole route, a transfer,
/// inspections recorded and listed, quality samples, and the operator's quality limits and coordinators.
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
                #expect(recorded["unit_name"] as? String == "财源街道" && recorded["village_name"] is NSNull, "\(recorded)")

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
                #expect(shown["assigned_unit_name"] as? String == "区综合行政执法局" && shown["assigned_unit"] as? String == "zfj")
                let human = try street.run("show", id)
                for words in ["来源：检查发现", "承办单位：区综合行政执法局", "期限：2021-12-15", "处置：罚款，罚款", "退回", "办结"] {
                    #expect(human.stdout.contains(words), "show lacks \(words): \(human)")
                }

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
                let movedShown = try scjgj.run("show", otherID)
                #expect(movedShown.stdout.contains("转办") && movedShown.stdout.contains("待办：区市场监管局"), "\(movedShown)")
                #expect(try scjgj.run("case", "handle", otherID, "--outcome", "ordered", "--result", "责令整改").status == 0)

                let listed = try street.run("inspection", "list", "--kind", "recurrence", "--json")
                #expect(listed.status == 0 && listed.stdout.contains(inspectionID), "\(listed)")
                let listedTable = try street.run("inspection", "list", "--kind", "recurrence")
                #expect(listedTable.stdout.contains("财源街道") && !listedTable.stdout.contains("caiyuan"), "\(listedTable)")
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

                let coordinator = try office.run(
                    "admin", "coordinator", "set", "--village", "caiyuan-demo1", "--name", "王协查", "--phone", "13805381111")
                #expect(coordinator.status == 0, "\(coordinator)")
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
                let shownCoordinator = row["coordinator"] as? [String: Any]
                #expect(shownCoordinator?["name"] as? String == "王协查" && shownCoordinator?["phone"] as? String == "138****1111")
                #expect(row["street_name"] as? String == "财源街道" && row["village_name"] as? String == "财源街道演示一村（演示）")
                let table = try office.run("coverage", "--year", "2021")
                #expect(table.stdout.contains("孙桂兰") && table.stdout.contains("财源街道演示一村（演示）"), "\(table)")
                #expect(!table.stdout.contains("caiyuan"), "\(table)")
                let progress = try JSONSerialization.jsonObject(
                    with: Data(try office.run("progress", "--year", "2021", "--json").stdout.utf8))
                let caiyuan = (progress as? [[String: Any]])?.first { $0["street"] as? String == "caiyuan" }
                #expect(caiyuan?["surveyed_burning_coal"] as? Int == 4 && caiyuan?["surveyed_registered"] as? Int == 3)
                #expect(caiyuan?["coverage_pct"] as? String == "75.0", "\(String(describing: caiyuan))")
            }
        }
    }

    @Test func aSampleIsRecordedJudgedAndAFailedOneOpensACase() async throws {
        try await TestDatabase.withClient { client, url in
            _ = try await Fixture(client)
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let scjgj = try loggedIn(server, url.urlString, "scjgj")
                let coal = [
                    "sample", "record", "--company", "demo-coal-a", "--product", "coal", "--date", "2021-12-01", "--lab",
                    "泰安市质检所",
                    "--ash", "15", "--volatile", "10",
                ]

                let failed = try scjgj.run(coal + ["--sulfur", "0.8", "--heat", "22.5", "--json"])
                #expect(failed.status == 0, "\(failed)")
                let sample = json(failed.stdout)
                for key in ["id", "company", "product", "date", "passed", "failed", "case_id"] {
                    #expect(sample.keys.contains(key), "sample lacks \(key)")
                }
                #expect((sample["id"] as? String)?.hasPrefix("Q") == true && sample["company"] as? String == "demo-coal-a")
                #expect(sample["passed"] as? Bool == false && sample["failed"] as? [String] == ["sulfur", "heat"])
                let caseID = try #require(sample["case_id"] as? String)
                let shown = json(try scjgj.run("show", caseID, "--json").stdout)
                #expect(shown["source"] as? String == "quality" && shown["company"] as? String == "demo-coal-a")
                #expect(shown["current_unit"] as? String == "scjgj" && shown["street"] as? String == "caiyuan", "\(shown)")

                let passed = try scjgj.run(
                    "sample", "record", "--company", "demo-stove", "--product", "stove", "--date", "2021-12-01", "--efficiency",
                    "70",
                    "--json")
                #expect(json(passed.stdout)["passed"] as? Bool == true, "\(passed)")
                #expect(json(passed.stdout)["case_id"] is NSNull, "\(passed)")
                let human = try scjgj.run(coal + ["--sulfur", "0.4", "--heat", "24", "--lang", "en"])
                #expect(human.status == 0 && human.stdout.hasPrefix("Q") && human.stdout.contains("passed"), "\(human)")

                // A reading out of range is rejected naming it; flags that do not fit the product are a usage error.
                let outOfRange = try scjgj.run(coal + ["--sulfur", "0.4", "--heat", "41", "--json"])
                #expect(outOfRange.status == 65 && outOfRange.stderr.contains("heat"), "\(outOfRange)")
                #expect(try scjgj.run(coal + ["--sulfur", "0.4"]).status == 64)
                #expect(try scjgj.run(coal + ["--sulfur", "0.4", "--heat", "24", "--efficiency", "70"]).status == 64)
                let jyj = try loggedIn(server, url.urlString, "jyj")
                #expect(try jyj.run(coal + ["--sulfur", "0.4", "--heat", "24"]).status == 77)

                let company = try loggedIn(server, url.urlString, "demo-stove")
                let own = try JSONSerialization.jsonObject(with: Data(try company.run("sample", "list", "--json").stdout.utf8))
                #expect((own as? [[String: Any]])?.compactMap { $0["company"] as? String } == ["demo-stove"], "\(own)")
                let all = try JSONSerialization.jsonObject(with: Data(try scjgj.run("sample", "list", "--json").stdout.utf8))
                #expect((all as? [Any])?.count == 3)
            }
        }
    }

    @Test func theOperatorSetsQualityLimitsAndCoordinators() async throws {
        try await TestDatabase.withClient { client, url in
            _ = try await Fixture(client)
            let cli = CLI(databaseURL: url.urlString)
            let set = try cli.run("admin", "quality-limits", "set", "--year", "2021", "--sulfur-max", "0.8", "--heat-min", "22.5")
            #expect(set.status == 0, "\(set)")
            let limits = try await client.query(
                "SELECT sulfur_max_pct::text, heat_min_mj_per_kg::text, ash_max_pct::text FROM quality_limits WHERE year = 2021",
                logger: TestDatabase.logger
            ).collect()[0].decode((String, String, String).self)
            #expect(limits == ("0.800", "22.500", "16.000"))
            #expect(try cli.run("admin", "quality-limits", "set", "--year", "2021").status == 64)
            let tooHigh = try cli.run("admin", "quality-limits", "set", "--year", "2021", "--ash-max", "101", "--json")
            #expect(tooHigh.status == 65 && tooHigh.stderr.contains("--ash-max"), "\(tooHigh)")
            #expect(try cli.run("admin", "quality-limits", "set", "--year", "1999", "--ash-max", "10").status == 66)

            let coordinator = try cli.run(
                "admin", "coordinator", "set", "--village", "caiyuan-demo1", "--name", "王建国", "--phone", "13912345678")
            #expect(coordinator.status == 0, "\(coordinator)")
            #expect(
                try cli.run("admin", "coordinator", "set", "--village", "caiyuan-demo1", "--name", "王建国", "--phone", "123").status
                    == 65)
            #expect(
                try cli.run("admin", "coordinator", "set", "--village", "nowhere", "--name", "王建国", "--phone", "13912345678")
                    .status
                    == 66)
            let stored = try await client.query(
                "SELECT name, phone_enc FROM village_coordinators", logger: TestDatabase.logger
            ).collect().map { try $0.decode((String, Data).self) }
            #expect(stored.count == 1 && stored[0].0 == "王建国")
            #expect(try TestDatabase.keys().open(stored[0].1, purpose: "phone") == "13912345678")
        }
    }
}
