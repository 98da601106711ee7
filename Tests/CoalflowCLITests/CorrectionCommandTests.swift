import CoalflowCore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

/// Correcting after a return, and one household per year, from the command line against a real server.
@Suite struct CorrectionCommandTests {
    func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }
    func object(_ text: String) -> [String: Any] { json(text) as? [String: Any] ?? [:] }
    func error(_ run: CLI.Run) -> [String: Any] { object(run.stderr)["error"] as? [String: Any] ?? [:] }

    func loggedIn(_ server: ServerProcess, _ url: String, _ login: String) throws -> CLI {
        let cli = server.cli(databaseURL: url)
        let run = try cli.run(["login", "--login", login, "--password-stdin"], stdin: "demo-2021\n")
        #expect(run.status == 0, "\(run)")
        return cli
    }

    /// A households CSV of the fixture's households at `serials`, with coal changed where `coal` says.
    func csv(_ serials: [Int], coal: [Int: String] = [:]) throws -> String {
        let rows = serials.enumerated().map { i, serial in
            "户主\(serial),演示路 \(serial) 号,\(Fixture.idNumber(serial)),138\(String(format: "%08d", serial)),"
                + "\(coal[serial] ?? "1.5"),\(i % 2 == 0 ? 1 : 0)"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).csv").path
        try (["name,address,id_number,phone,coal_tons,stoves"] + rows).joined(separator: "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aReturnedFormIsAmendedPostedAgainAndFiledAndTheAmendedTotalsReachProgressAndTheExport() async throws {
        try await TestDatabase.withClient { client, url in
            let f = try await Fixture(client)
            let id = DocumentID.format(try await f.submittedRegistration(households: 3))
            // Household 1's coal corrected from 1.5 t to 2.5 t, household 3 added.
            let corrected = try csv([0, 1, 2, 3], coal: [1: "2.5"])
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-export-\(UUID().uuidString)")
                .path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let village = try loggedIn(server, url.urlString, "caiyuan-demo1")
                let street = try loggedIn(server, url.urlString, "caiyuan")
                #expect(try street.run("return", id, "--reason", "第 2 户用煤量有误").status == 0)

                let amended = try village.run("registration", "amend", id, "--file", corrected, "--json")
                #expect(amended.status == 0, "\(amended)")
                let draft = object(amended.stdout)
                #expect(draft["status"] as? String == "draft")
                let totals = draft["totals"] as? [String: Any]
                #expect(totals?["households"] as? Int == 4 && totals?["coal_tons"] as? String == "7.000", "\(draft)")

                let early = try village.run("submit", id, "--json")
                #expect(early.status == 65, "a changed list is posted again first: \(early)")
                #expect(
                    try village.run("registration", "publicize", id, "--from", "2021-09-10", "--to", "2021-09-16").status == 0)
                let submitted = try village.run("submit", id)
                #expect(submitted.status == 0, "\(submitted)")
                #expect(try street.run("approve", id).status == 0)
                for login in ["fgj", "czj"] {
                    let reviewer = try loggedIn(server, url.urlString, login)
                    let run = try reviewer.run("approve", id)
                    #expect(run.status == 0, "\(login): \(run)")
                }

                let progress = json(try street.run("progress", "--year", "2021", "--json").stdout) as? [[String: Any]] ?? []
                let caiyuan = progress.first { $0["street"] as? String == "caiyuan" }
                #expect(caiyuan?["registered_coal_tons"] as? String == "7.000", "\(progress)")
                #expect(caiyuan?["registered_stoves"] as? Int == 2)

                let shown = object(try street.run("show", id, "--json").stdout)
                #expect(shown["status"] as? String == "filed")
                let history = shown["history"] as? [[String: Any]] ?? []
                let amendment = history.first { $0["action"] as? String == "amend" }
                #expect(amendment?["login"] as? String == "caiyuan-demo1")
                let comment = amendment?["comment"] as? String ?? ""
                #expect(comment.contains("households 3 → 4") && comment.contains("coal 4.500 → 7.000 t"), "\(history)")

                let office = try loggedIn(server, url.urlString, "office")
                let exported = try office.run("export", "year-end", "--year", "2021", "--format", "csv", "-o", folder)
                #expect(exported.status == 0, "\(exported)")
                let text = String(
                    decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/农户明细.csv")).dropFirst(3), as: UTF8.self)
                let rows = text.split(whereSeparator: \.isNewline).map {
                    $0.split(separator: ",", omittingEmptySubsequences: false)
                }
                let column = try #require(rows.first?.firstIndex(of: "登记煤(吨)"))
                let registered = Dictionary(
                    rows.dropFirst().filter { $0.count > column }.map { (String($0[3]), Decimal(string: String($0[column]))) },
                    uniquingKeysWith: { first, _ in first })
                #expect(registered["户主1"] == Decimal(string: "2.5"), "\(text)")
                #expect(registered["户主3"] == Decimal(string: "1.5"), "\(text)")
            }
        }
    }

    @Test func aReturnedSummaryIsRefreshedAfterAVoidAndTheVoidIsAnAuditedEventOfTheSlip() async throws {
        try await TestDatabase.withClient { client, url in
            let f = try await Fixture(client)
            let summary = DocumentID.format(try await f.draftSummary(households: 2, firstSerial: 500))
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let company = try loggedIn(server, url.urlString, "demo-coal-a")
                let street = try loggedIn(server, url.urlString, "caiyuan")
                let office = try loggedIn(server, url.urlString, "office")
                #expect(try company.run("submit", summary).status == 0)
                #expect(try street.run("return", summary, "--reason", "第 1 张数量开错").status == 0)

                let slips = json(try company.run("slip", "list", "--month", "2021-11", "--json").stdout) as? [[String: Any]] ?? []
                let wrong = try #require(slips.first?["id"] as? String)
                let before = object(try office.run("audit", "head", "--json").stdout)["events"] as? Int
                let voided = try company.run("slip", "void", wrong, "--reason", "数量开错")
                #expect(voided.status == 0, "\(voided)")
                let after = object(try office.run("audit", "head", "--json").stdout)["events"] as? Int
                #expect(
                    before != nil && after == before.map { $0 + 1 },
                    "the void is one more event: \(String(describing: before)) → \(String(describing: after))")

                let replacement = try company.run(
                    "slip", "create", "--id-number", Fixture.idNumber(500), "--date", "2021-11-12", "--coal-tons", "1.2", "--json"
                )
                #expect(replacement.status == 0, "\(replacement)")
                let refreshed = try company.run("summary", "refresh", summary, "--json")
                #expect(refreshed.status == 0, "\(refreshed)")
                let totals = object(refreshed.stdout)["totals"] as? [String: Any]
                #expect(totals?["coal_tons"] as? String == "2.700" && totals?["households"] as? Int == 2, "\(refreshed.stdout)")
                #expect(try company.run("submit", summary).status == 0)
                let approved = try street.run("approve", summary, "--json")
                #expect(approved.status == 0, "\(approved)")
                #expect(object(approved.stdout)["current_unit"] as? String == "fgj")

                let shown = object(try company.run("slip", "show", wrong, "--json").stdout)
                #expect(shown["status"] as? String == "void" && shown["summary_id"] is NSNull, "\(shown)")
                let history = shown["history"] as? [[String: Any]] ?? []
                #expect(history.count == 1, "\(shown)")
                #expect(history.first?["action"] as? String == "void")
                #expect(history.first?["login"] as? String == "demo-coal-a" && history.first?["unit"] as? String == "demo-coal-a")
                #expect(history.first?["comment"] as? String == "数量开错")
                let listed = json(try street.run("slip", "list", "--json").stdout) as? [[String: Any]] ?? []
                let seen = listed.first { $0["id"] as? String == wrong }?["history"] as? [[String: Any]]
                #expect(seen?.map { $0["action"] as? String } == ["void"], "the street reads the void too: \(listed)")

                let verified = try office.run("audit", "verify", "--json")
                #expect(verified.status == 0, "\(verified)")
                let report = object(verified.stdout)
                let head = object(try office.run("audit", "head", "--json").stdout)
                #expect(report["ok"] as? Bool == true && report["events"] as? Int == head["events"] as? Int, "\(report)")
            }
        }
    }

    @Test func aTakenHouseholdExits65AndAmendingAFormInReviewExits75AndAnotherVillagesForm66() async throws {
        try await TestDatabase.withClient { client, url in
            let f = try await Fixture(client)
            // Household 0 is on 岱庙街道's form; 财源 village 1 has a form in review of households 100 and 101.
            let holderID = try await f.submittedRegistration(by: "daimiao-demo1", households: 2, firstSerial: 0)
            let holder = DocumentID.format(holderID)
            let ownID = try await f.submittedRegistration(by: "caiyuan-demo1", households: 2, firstSerial: 100)
            let own = DocumentID.format(ownID)
            let forbidden = ["daimiao", holder]
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let village = try loggedIn(server, url.urlString, "caiyuan-demo1")
                func expectTaken(_ run: CLI.Run, sourceLocation: SourceLocation = #_sourceLocation) {
                    #expect(run.status == 65, "\(run)", sourceLocation: sourceLocation)
                    #expect(error(run)["code"] as? String == "duplicate_household", "\(run)", sourceLocation: sourceLocation)
                    for word in forbidden {
                        #expect(!run.stderr.contains(word), "the refusal names \(word): \(run)", sourceLocation: sourceLocation)
                    }
                }

                expectTaken(try village.run("registration", "create", "--year", "2021", "--file", try csv([5, 0]), "--json"))
                let amendInReview = try village.run("registration", "amend", own, "--file", try csv([100, 101, 6]), "--json")
                #expect(amendInReview.status == 75, "\(amendInReview)")
                #expect(error(amendInReview)["code"] as? String == "state_conflict")
                let othersForm = try village.run("registration", "amend", holder, "--file", try csv([0, 1, 7]), "--json")
                #expect(othersForm.status == 66, "\(othersForm)")

                #expect(try village.run("withdraw", own).status == 0)
                expectTaken(try village.run("registration", "amend", own, "--file", try csv([100, 101, 0]), "--json"))

                // The holder's household put on the withdrawn form behind its back: submitting it is refused too.
                try await client.withTransaction(logger: TestDatabase.logger) { connection in
                    try await connection.query("SET LOCAL session_replication_role = replica", logger: TestDatabase.logger)
                    try await connection.query(
                        """
                        INSERT INTO registration_lines (document_id, line_no, household_name, address, id_number_enc, id_number_hmac,
                                                        phone_enc, coal_kg, stoves)
                        SELECT \(ownID), 3, household_name, address, id_number_enc, id_number_hmac, phone_enc, coal_kg, stoves
                        FROM registration_lines WHERE document_id = \(holderID) AND line_no = 1
                        """, logger: TestDatabase.logger)
                }
                let submit = try village.run("submit", own, "--json")
                expectTaken(submit)
                #expect((error(submit)["details"] as? [String])?.contains { $0.hasPrefix("line 3:") } == true, "\(submit)")
                #expect(object(try village.run("show", own, "--json").stdout)["status"] as? String == "withdrawn")

                // The CLI shows the same checks as the API: blocking, and the holder named only above the village.
                func duplicateCheck(_ cli: CLI) throws -> [String: Any]? {
                    let checks = object(try cli.run("show", own, "--json").stdout)["checks"] as? [[String: Any]]
                    return checks?.first { $0["name"] as? String == "no_duplicate_households" }
                }
                let villageCheck = try duplicateCheck(village)
                #expect(villageCheck?["blocking"] as? Bool == true && villageCheck?["passed"] as? Bool == false)
                for key in ["message", "message_zh"] {
                    #expect((villageCheck?[key] as? String)?.contains(holder) == false, "\(String(describing: villageCheck))")
                }
                let street = try loggedIn(server, url.urlString, "caiyuan")
                let streetCheck = try duplicateCheck(street)
                #expect((streetCheck?["message"] as? String)?.contains(holder) == true, "\(String(describing: streetCheck))")
                #expect((streetCheck?["message_zh"] as? String)?.contains(holder) == true, "\(String(describing: streetCheck))")
                // In Chinese output the check and its finding read in Chinese; in English, in English.
                let zh = try street.run("show", own)
                #expect(zh.stdout.contains("✗ ★ 农户未重复登记：第 3 行农户也在"), "\(zh)")
                let en = try street.run("show", own, "--lang", "en")
                #expect(en.stdout.contains("✗ ★ no household registered twice: line 3 is also on \(holder)"), "\(en)")
            }
        }
    }
}
