import CoalflowCore
import CoalflowTestSupport
import Foundation
import Testing

@Suite struct DocumentCommandTests {
    func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    func loggedIn(_ server: ServerProcess, _ url: String, _ login: String) throws -> CLI {
        let cli = server.cli(databaseURL: url)
        #expect(try cli.run(["login", "--login", login, "--password-stdin"], stdin: "demo-2021\n").status == 0)
        return cli
    }

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func threeBadRowsAmong500AreNamedAndNothingIsStored() async throws {
        try await TestDatabase.withClient { client, url in
            _ = try await Fixture(client)
            var lines = ["name,address,id_number,phone,coal_tons,stoves"]
            for i in 0..<500 {
                var id = Fixture.idNumber(i)
                var phone = "13800000000"
                var tons = "1.5"
                switch i + 1 {
                case 17: id = String(id.dropLast()) + (id.last == "0" ? "1" : "0")  // wrong check character
                case 250: phone = "12345"
                case 499: tons = "1.2345"
                default: break
                }
                lines.append("户主\(i),演示路\(i)号,\(id),\(phone),\(tons),0")
            }
            let file = try write(lines.joined(separator: "\n") + "\n")
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let village = try loggedIn(server, url.urlString, "caiyuan-demo1")
                let run = try village.run("registration", "create", "--year", "2021", "--file", file, "--json")
                #expect(run.status == 65, "\(run)")
                let details = ((json(run.stderr) as? [String: [String: Any]])?["error"]?["details"] as? [String]) ?? []
                #expect(
                    details.map { $0.split(separator: ":").first.map(String.init) } == ["row 17", "row 250", "row 499"],
                    "\(details)")
                #expect(details[0].contains("id_number") && details[1].contains("phone") && details[2].contains("coal_tons"))
                let listed = try village.run("list", "--json")
                #expect((json(listed.stdout) as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func chineseHeaderWithBOMAndTheWholeCompanySide() async throws {
        try await TestDatabase.withClient { client, url in
            _ = try await Fixture(client)
            let ids = (0..<2).map { Fixture.idNumber(700 + $0) }
            let households = try write(
                "\u{FEFF}户主姓名,住址,身份证号,联系电话,洁净煤(吨),炉具(台)\r\n"
                    + "王一,\"一号院, 东屋\",\(ids[0]),13800000001,2,1\r\n李二,二号院,\(ids[1].lowercased()),0538-8221234,1.5,0\r\n")
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                let village = try loggedIn(server, url.urlString, "caiyuan-demo1")
                let created = try village.run("registration", "create", "--year", "2021", "--file", households, "--json")
                #expect(created.status == 0, "\(created)")
                let form = (json(created.stdout) as? [String: Any])?["id"] as? String ?? ""
                let shown = try village.run("show", form, "--json")
                let lines = (json(shown.stdout) as? [String: Any])?["lines"] as? [[String: Any]]
                #expect(lines?.first?["address"] as? String == "一号院, 东屋")
                #expect(try village.run("submit", form).status == 65)  // not publicized yet
                #expect(
                    try village.run("registration", "publicize", form, "--from", "2099-01-01", "--to", "2099-01-07").status == 0)
                let early = try village.run("submit", form, "--lang", "en")
                #expect(early.status == 65 && early.stderr.contains("2099-01-08"), "\(early)")
                #expect(
                    try village.run("registration", "publicize", form, "--from", "2021-09-01", "--to", "2021-09-07").status == 0)
                let notice = try village.run("registration", "notice", form, "--format", "csv")
                #expect(notice.stdout.hasPrefix("\u{FEFF}序号"))
                #expect(!notice.stdout.contains(ids[0]) && notice.stdout.contains(String(ids[0].suffix(4))))
                #expect(try village.run("submit", form).status == 0)

                // A company cannot deliver before the street approves.
                let company = try loggedIn(server, url.urlString, "demo-coal-a")
                let early2 = try company.run("slip", "create", "--id-number", ids[0], "--date", "2021-11-10", "--coal-tons", "1")
                #expect(early2.status == 65, "\(early2)")
                let street = try loggedIn(server, url.urlString, "caiyuan")
                #expect(try street.run("approve", form).status == 0)

                let over = try company.run(
                    "slip", "create", "--id-number", ids[0], "--date", "2021-11-10", "--coal-tons", "2.001", "--lang", "en")
                #expect(over.status == 65 && over.stderr.contains("2.000 t remain"), "\(over)")
                let slip = try company.run(
                    "slip", "create", "--id-number", ids[0], "--date", "2021-11-10", "--coal-tons", "2", "--json")
                #expect(slip.status == 0, "\(slip)")
                let slipObject = json(slip.stdout) as? [String: Any]
                for key in [
                    "id", "company", "street", "village", "date", "coal_tons", "stoves", "amount_fen", "subsidy_fen", "status",
                    "summary_id",
                ] {
                    #expect(slipObject?.keys.contains(key) == true, "\(key)")
                }
                #expect(slipObject?["summary_id"] is NSNull)
                #expect(slipObject?["amount_fen"] as? Int == 220_000 && slipObject?["subsidy_fen"] as? Int == 60_000)
                let slipID = slipObject?["id"] as? String ?? ""
                let printed = try company.run("slip", "print", slipID)
                #expect(printed.stdout.contains("农户联"))
                // The household's copy names the company, the street and the village, not their codes.
                #expect(printed.stdout.contains("配送企业：演示洁净煤配送甲公司（演示）"), "\(printed)")
                #expect(printed.stdout.contains("街道：财源街道　　村（社区）：财源街道演示一村（演示）"), "\(printed)")
                #expect(!printed.stdout.contains("demo-coal-a") && !printed.stdout.contains("caiyuan"), "\(printed)")
                #expect(slipObject?["company_name"] as? String == "演示洁净煤配送甲公司（演示）")
                #expect(slipObject?["street_name"] as? String == "财源街道" && slipObject?["company"] as? String == "demo-coal-a")

                // The five copies: fgj sees it masked; another street does not see it.
                let fgj = try loggedIn(server, url.urlString, "fgj")
                let seen = json(try fgj.run("slip", "list", "--month", "2021-11", "--json").stdout) as? [[String: Any]]
                #expect(seen?.first?["id_number"] as? String == String(ids[0].prefix(6)) + "********" + String(ids[0].suffix(4)))
                let daimiao = try loggedIn(server, url.urlString, "daimiao")
                #expect((json(try daimiao.run("slip", "list", "--json").stdout) as? [Any])?.isEmpty == true)
                #expect(try daimiao.run("slip", "print", slipID).status == 66)

                let summary = try company.run("summary", "create", "--street", "caiyuan", "--month", "2021-11")
                #expect(summary.status == 0, "\(summary)")
                let summaryID = summary.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(try company.run("submit", summaryID).status == 0)
                let summaryShown = try company.run("show", summaryID)
                for words in ["提交", "草稿 → 审批中", "待办：财源街道", "企业公章有效：内容与企业公章相符"] {
                    #expect(summaryShown.stdout.contains(words), "show lacks \(words): \(summaryShown)")
                }
                #expect(!summaryShown.stdout.contains("draft") && !summaryShown.stdout.contains("seal_valid"), "\(summaryShown)")
                #expect(try company.run("slip", "void", slipID, "--reason", "开错").status == 75)
                let none = try company.run("summary", "create", "--street", "caiyuan", "--month", "2021-11")
                #expect(none.status == 65)
            }
        }
    }
}
