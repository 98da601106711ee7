import CoalflowCore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Department staff working their queues from the command line, against a real server.
@Suite struct WorkflowCommandTests {
    func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// Logs in as `login` in a fresh config folder and returns that CLI.
    func loggedIn(_ server: ServerProcess, _ url: String, _ login: String) throws -> CLI {
        let cli = server.cli(databaseURL: url)
        let run = try cli.run(["login", "--login", login, "--password-stdin"], stdin: "demo-2021\n")
        #expect(run.status == 0, "\(run)")
        return cli
    }

    /// A saved token goes only to the server that issued it, and plain http never leaves this machine
    /// unless asked for with --insecure: both refused before anything is sent.
    @Test func theSavedTokenStaysWithItsServer() async throws {
        try await TestDatabase.withClient { client, url in
            _ = try await Fixture(client)
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let cli = try loggedIn(server, url.urlString, "caiyuan")
                #expect(try cli.run("whoami").status == 0)
                let other = server.url.replacingOccurrences(of: "127.0.0.1", with: "127.0.0.2")
                let elsewhere = try cli.run("whoami", "--server", other, "--lang", "en")
                #expect(
                    elsewhere.status == 77 && elsewhere.stderr.contains("the saved login is for \(server.url)"), "\(elsewhere)")
                let plain = try cli.run("whoami", "--server", "http://coalflow.invalid:8080", "--lang", "en")
                #expect(plain.status == 64 && plain.stderr.contains("refusing plain http"), "\(plain)")
                let insecure = try cli.run("whoami", "--server", "http://coalflow.invalid:8080", "--insecure")
                #expect(insecure.status == 77, "allowed by --insecure, and still no token for that server: \(insecure)")
            }
        }
    }

    /// `track` and `slip list` come a page at a time, like `list`: nothing is cut off silently.
    @Test func trackAndSlipListArePaged() async throws {
        try await TestDatabase.withClient { client, url in
            let f = try await Fixture(client)
            _ = try await f.draftSummary(households: 2)
            _ = try await f.submittedRegistration(by: "caiyuan-demo2", households: 1, firstSerial: 900)
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let office = try loggedIn(server, url.urlString, "fgj")
                let tracked = try office.run("track", "--limit", "1", "--json", "--lang", "en")
                #expect(tracked.status == 0 && (json(tracked.stdout) as? [Any])?.count == 1, "\(tracked)")
                #expect(tracked.stderr.contains("--offset 1"), "\(tracked)")
                let company = try loggedIn(server, url.urlString, "demo-coal-a")
                let first = try company.run("slip", "list", "--limit", "1", "--json", "--lang", "en")
                let second = try company.run("slip", "list", "--limit", "1", "--offset", "1", "--json")
                let ids = [first, second].compactMap { ((json($0.stdout) as? [[String: Any]])?.first?["id"]) as? String }
                #expect(ids.count == 2 && ids[0] != ids[1] && first.stderr.contains("--offset 1"), "\(first) \(second)")
                #expect(try company.run("slip", "list", "--limit", "0").status == 64)
            }
        }
    }

    @Test func loginSavesATokenOnlyItsOwnerCanRead() async throws {
        try await TestDatabase.withClient { client, url in
            _ = try await Fixture(client)
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let cli = try loggedIn(server, url.urlString, "caiyuan")
                let file = cli.environment["COALFLOW_CONFIG_DIR"]! + "/token.json"
                let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
                #expect(mode == 0o600)
                let who = try cli.run("whoami", "--json")
                #expect(who.status == 0)
                let object = json(who.stdout) as? [String: Any]
                #expect(object?["login"] as? String == "caiyuan")
                #expect(object?["unit"] as? String == "caiyuan")
                #expect(object?["unit_kind"] as? String == "street")
                #expect(object?["role"] as? String == "reviewer")

                let wrong = try server.cli(databaseURL: url.urlString).run(
                    ["login", "--login", "caiyuan", "--password-stdin", "--json"], stdin: "nope\n")
                #expect(wrong.status == 65, "\(wrong)")
                #expect((json(wrong.stderr) as? [String: [String: Any]])?["error"]?["code"] as? String == "login_failed")

                #expect(try cli.run("logout").status == 0)
                #expect(!FileManager.default.fileExists(atPath: file))
                #expect(try cli.run("whoami").status == 77)
            }
        }
    }

    @Test func disablingALoginEndsItsSessionsAtOnceAndPasswdReplacesThePassword() async throws {
        try await TestDatabase.withClient { client, url in
            _ = try await Fixture(client)
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let operatorCLI = CLI(databaseURL: url.urlString)
                let cli = try loggedIn(server, url.urlString, "caiyuan")
                #expect(try cli.run("whoami").status == 0)

                #expect(try operatorCLI.run("admin", "user", "disable", "--login", "caiyuan").status == 0)
                #expect(try cli.run("whoami").status == 77)
                let refused = try server.cli(databaseURL: url.urlString).run(
                    ["login", "--login", "caiyuan", "--password-stdin"], stdin: "demo-2021\n")
                #expect(refused.status == 65, "\(refused)")

                #expect(try operatorCLI.run("admin", "user", "enable", "--login", "caiyuan").status == 0)
                let again = try loggedIn(server, url.urlString, "caiyuan")
                let short = try operatorCLI.run(
                    ["admin", "user", "passwd", "--login", "caiyuan", "--password-stdin", "--json"], stdin: "short\n")
                #expect(short.status == 65, "\(short)")
                #expect((json(short.stderr) as? [String: [String: Any]])?["error"]?["code"] as? String == "weak_password")
                #expect(try again.run("whoami").status == 0, "a refused reset changes nothing")

                let reset = try operatorCLI.run(
                    ["admin", "user", "passwd", "--login", "caiyuan", "--password-stdin"], stdin: "a new long secret\n")
                #expect(reset.status == 0, "\(reset)")
                #expect(try again.run("whoami").status == 77, "the old session ends with the old password")
                let old = try server.cli(databaseURL: url.urlString).run(
                    ["login", "--login", "caiyuan", "--password-stdin"], stdin: "demo-2021\n")
                #expect(old.status == 65, "\(old)")
                let fresh = server.cli(databaseURL: url.urlString)
                #expect(
                    try fresh.run(["login", "--login", "caiyuan", "--password-stdin"], stdin: "a new long secret\n").status == 0)

                let unknown = try operatorCLI.run("admin", "user", "disable", "--login", "nobody")
                #expect(unknown.status == 66, "\(unknown)")
            }
        }
    }

    @Test func aRegistrationGoesThroughEveryStepFromTheCommandLine() async throws {
        try await TestDatabase.withClient { client, url in
            let f = try await Fixture(client)
            let id = DocumentID.format(try await f.publicizedRegistration())
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let village = try loggedIn(server, url.urlString, "caiyuan-demo1")
                #expect(try village.run("submit", id).status == 0)

                let street = try loggedIn(server, url.urlString, "caiyuan")
                let queue = try street.run("queue", "--json")
                let queued = json(queue.stdout) as? [[String: Any]]
                #expect(queued?.map { $0["id"] as? String } == [id])
                #expect(queued?.first?["status"] as? String == "in_review")
                #expect(queued?.first?["current_unit"] as? String == "caiyuan")
                #expect((queued?.first?["totals"] as? [String: Any])?["coal_tons"] as? String == "4.500")
                #expect(queued?.first?["current_unit_name"] as? String == "财源街道")
                #expect(queued?.first?["street_name"] as? String == "财源街道")
                #expect(queued?.first?["origin_unit_name"] as? String == "财源街道演示一村（演示）")
                let table = try street.run("queue")
                #expect(table.stdout.contains("审批中") && table.stdout.contains(id))
                // People read the units' names where they wait and where the form comes from; the codes stay
                // in --json, and in English output.
                #expect(table.stdout.contains("财源街道 (1/3)") && table.stdout.contains("财源街道演示一村（演示）"), "\(table)")
                #expect(!table.stdout.contains("caiyuan"), "\(table)")
                let english = try street.run("queue", "--lang", "en")
                #expect(english.stdout.contains("caiyuan (1/3)") && english.stdout.contains("in review"), "\(english)")

                // fgj may look, but it is not fgj's step yet.
                let fgj = try loggedIn(server, url.urlString, "fgj")
                #expect(try fgj.run("approve", id).status == 77)
                // Another street does not even see it.
                let daimiao = try loggedIn(server, url.urlString, "daimiao")
                #expect(try daimiao.run("show", id).status == 66)
                // A missing reason is refused.
                #expect(try street.run("return", id, "--reason", " ").status == 65)

                let approved = try street.run("approve", id, "--comment", "同意", "--json")
                #expect(approved.status == 0, "\(approved)")
                #expect((json(approved.stdout) as? [String: Any])?["current_unit"] as? String == "fgj")
                // The same street approving again: someone (itself) acted first.
                #expect(try street.run("approve", id).status == 75)

                #expect(try fgj.run("approve", id).status == 0)
                let czj = try loggedIn(server, url.urlString, "czj")
                let filed = try czj.run("approve", id, "--lang", "en")
                #expect(filed.status == 0)
                #expect(filed.stdout.contains("filed"))

                let shown = try czj.run("show", id, "--json")
                let document = json(shown.stdout) as? [String: Any]
                #expect(document?["status"] as? String == "filed")
                #expect(document?["current_unit"] is NSNull)
                let history = document?["history"] as? [[String: Any]]
                #expect(
                    history?.map { $0["action"] as? String } == [
                        "create", "publicize", "submit", "approve", "approve", "approve",
                    ])
                #expect(history?[3]["comment"] as? String == "同意")
                #expect(history?.map { $0["unit_name"] as? String }.suffix(3) == ["财源街道", "区发改局", "区财政局"], "\(shown)")
                #expect(document?["current_unit_name"] is NSNull && document?["street_name"] as? String == "财源街道")

                // In words: the actions, the statuses, the units and the checks.
                let human = try czj.run("show", id)
                for words in ["提交", "同意", "公示中 → 审批中", "审批中 → 已备案", "财源街道", "区财政局", "合计相符：合计等于各行之和"] {
                    #expect(human.stdout.contains(words), "show lacks \(words): \(human)")
                }
                for code in ["approve", "submit", "in_review", "totals_match"] {
                    #expect(!human.stdout.contains(code), "show prints \(code): \(human)")
                }
                let humanEnglish = try czj.run("show", id, "--lang", "en")
                for words in ["submitted", "approved", "in review → filed", "totals match: totals equal the sum of the lines"] {
                    #expect(humanEnglish.stdout.contains(words), "show --lang en lacks \(words): \(humanEnglish)")
                }
                #expect(!humanEnglish.stdout.contains("合计等于各行之和"), "\(humanEnglish)")
                #expect((document?["lines"] as? [[String: Any]])?.count == 3)
                #expect((document?["checks"] as? [[String: Any]])?.allSatisfy { $0["passed"] as? Bool == true } == true)

                let (metrics, _) = try await URLSession.shared.data(from: URL(string: server.url + "/metrics")!)
                let exposition = String(decoding: metrics, as: UTF8.self)
                #expect(
                    exposition.contains(#"coalflow_workflow_actions_total{action="approve"} 3"#), "\(exposition.prefix(2000))")
                #expect(exposition.contains("hb_requests"))

                let office = try loggedIn(server, url.urlString, "office")
                let audit = try office.run("audit", "verify", "--json")
                #expect(audit.status == 0)
                let report = json(audit.stdout) as? [String: Any]
                #expect(report?["ok"] as? Bool == true)
                #expect(report?["events"] as? Int == 6)
                #expect((report?["problems"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func withdrawRejectAndTrack() async throws {
        try await TestDatabase.withClient { client, url in
            let f = try await Fixture(client)
            let first = DocumentID.format(try await f.submittedRegistration(by: "caiyuan-demo1"))
            let second = DocumentID.format(try await f.submittedRegistration(by: "caiyuan-demo2", firstSerial: 100))
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let office = try loggedIn(server, url.urlString, "office")
                #expect(try office.run("urge", first).status == 0)
                let tracked = json(try office.run("track", "--json").stdout) as? [[String: Any]]
                #expect(Set(tracked?.compactMap { $0["id"] as? String } ?? []) == [first, second])
                #expect(tracked?.first { $0["id"] as? String == first }?["urges"] as? Int == 1)
                #expect(
                    try office.run("track", "--overdue", "--json").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                        == "[\n\n]")

                let village = try loggedIn(server, url.urlString, "caiyuan-demo1")
                #expect(try village.run("withdraw", first).status == 0)
                #expect(try village.run("withdraw", first).status == 75)
                #expect(try village.run("comment", second, "--text", "x").status == 66)

                let street = try loggedIn(server, url.urlString, "caiyuan")
                #expect(try street.run("reject", second, "--reason", "重复").status == 0)
                #expect(try street.run("approve", second).status == 75)
                #expect(try street.run("show", "D999999").status == 66)
                #expect(try street.run("show", "nonsense").status == 64)

                let listed = json(try street.run("list", "--status", "rejected", "--json").stdout) as? [[String: Any]]
                #expect(listed?.map { $0["id"] as? String } == [second])
            }
        }
    }

    @Test func unreachableServer() throws {
        let cli = CLI(
            databaseURL: "postgres://nobody@127.0.0.1:1/none",
            extra: ["COALFLOW_SERVER": "http://127.0.0.1:1", "COALFLOW_TOKEN": "x"])
        let run = try cli.run("queue", "--json")
        #expect(run.status == 69, "\(run)")
        #expect((json(run.stderr) as? [String: [String: Any]])?["error"]?["code"] as? String == "server_unreachable")
    }
}
