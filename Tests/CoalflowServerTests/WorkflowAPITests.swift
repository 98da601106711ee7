import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite struct WorkflowAPITests {
    func households(_ count: Int, from serial: Int = 0) -> [[String: String]] {
        (0..<count).map { i in
            [
                "name": "户主\(i)", "address": "演示路\(i)号", "id_number": Fixture.idNumber(serial + i), "phone": "13800000000",
                "coal_tons": "2.5", "stoves": "1",
            ]
        }
    }

    @Test func aRegistrationWalksAllStepsThroughTheAPI() async throws {
        try await APITest.run { api in
            let village = try await api.token("caiyuan-demo1")
            let created = try await api.call(
                .post, "/api/v1/registrations", token: village, json: ["year": 2021, "households": households(2)])
            #expect(created.status == .created)
            let id = try #require(created.object["id"] as? String)
            #expect((created.object["totals"] as? [String: Any])?["coal_tons"] as? String == "5.000")
            // 5 t × 300 + 2 stoves × 400 = 2300 yuan.
            #expect((created.object["totals"] as? [String: Any])?["subsidy_fen"] as? Int == 230_000)
            #expect(created.object["current_unit"] is NSNull)

            #expect(
                try await api.call(
                    .post, "/api/v1/documents/\(id)/publicize", token: village,
                    json: ["from": "2021-09-01", "to": "2021-09-07"]
                ).status == .ok)
            #expect(try await api.act("submit", id, as: "caiyuan-demo1").status == .ok)

            let queue = try await api.call(.get, "/api/v1/queue", token: try await api.token("caiyuan"))
            #expect(queue.array.map { $0["id"] as? String } == [id])
            #expect(queue.array.first?["current_unit"] as? String == "caiyuan")

            for (login, next) in [("caiyuan", "fgj"), ("fgj", "czj")] {
                let reply = try await api.act("approve", id, as: login)
                #expect(reply.status == .ok)
                #expect(reply.object["current_unit"] as? String == next)
            }
            let filed = try await api.act("approve", id, as: "czj")
            #expect(filed.object["status"] as? String == "filed")

            let shown = try await api.call(.get, "/api/v1/documents/\(id)", token: try await api.token("office"))
            #expect(shown.object["status"] as? String == "filed")
            let history = shown.object["history"] as? [[String: Any]] ?? []
            #expect(
                history.map { $0["action"] as? String } == ["create", "publicize", "submit", "approve", "approve", "approve"])
            #expect(history.allSatisfy { $0["login"] is String && $0["at"] is String && $0.keys.contains("comment") })
            #expect((shown.object["checks"] as? [[String: Any]])?.isEmpty == false)
        }
    }

    @Test func notVisibleIs404NotYourStepIs403StateIs409() async throws {
        try await APITest.run { api in
            let id = DocumentID.format(try await api.fixture.submittedRegistration())
            let otherStreet = try await api.act("approve", id, as: "daimiao")
            #expect(otherStreet.status == .notFound)
            #expect(
                try await api.call(.get, "/api/v1/documents/\(id)", token: try await api.token("daimiao")).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/documents/\(id)", token: try await api.token("jyj")).status == .notFound)
            #expect(try await api.act("approve", id, as: "fgj").status == .forbidden)
            #expect(try await api.act("approve", id, as: "caiyuan-demo1").status == .forbidden)
            #expect(try await api.act("approve", id, as: "caiyuan").status == .ok)
            let again = try await api.act("approve", id, as: "caiyuan")
            #expect(again.status == .conflict)
            let details = (again.object["error"] as? [String: Any])?["details"] as? [String] ?? []
            #expect(details.contains("status: in_review") && details.contains("current_unit: fgj") && details.contains("step: 2"))
            #expect(try await api.act("return", id, as: "fgj").status == .unprocessableContent)
            #expect(try await api.call(.get, "/api/v1/documents/D999999", token: try await api.token("fgj")).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/documents/nonsense", token: try await api.token("fgj")).status == .notFound)
        }
    }

    @Test func staleRevisionInTheBodyIsAConflict() async throws {
        try await APITest.run { api in
            let id = DocumentID.format(try await api.fixture.submittedRegistration())
            let token = try await api.token("caiyuan")
            #expect(
                try await api.call(.post, "/api/v1/documents/\(id)/approve", token: token, json: ["revision": 2]).status
                    == .conflict)
            #expect(
                try await api.call(.post, "/api/v1/documents/\(id)/approve", token: token, json: ["revision": 3]).status == .ok)
        }
    }

    @Test func invalidRowsAreAllReportedAndNothingIsStored() async throws {
        try await APITest.run { api in
            var rows = households(5)
            rows[1]["id_number"] = "110105194912310021"
            rows[3]["phone"] = "12345"
            rows[4]["name"] = "户主\u{202E}4"
            rows[4]["address"] = String(repeating: "路", count: 201)
            let reply = try await api.call(
                .post, "/api/v1/registrations", token: try await api.token("caiyuan-demo1"),
                json: ["year": 2021, "households": rows])
            #expect(reply.status == .unprocessableContent)
            let details = (reply.object["error"] as? [String: Any])?["details"] as? [String] ?? []
            #expect(details.count == 3, "\(details)")
            #expect(details.first?.hasPrefix("row 2: id_number:") == true)
            #expect(details.dropFirst().first?.hasPrefix("row 4: phone:") == true)
            // One error a row: the first wrong field.
            #expect(
                details.last == "row 5: name: the household head's name contains the invisible control character U+202E",
                "\(details)")
            #expect(try await api.call(.get, "/api/v1/documents", token: try await api.token("fgj")).array.isEmpty)
        }
    }

    @Test func commentsHaveALengthLimit() async throws {
        try await APITest.run { api in
            let id = DocumentID.format(try await api.fixture.submittedRegistration())
            let long = try await api.act("comment", id, as: "caiyuan", text: String(repeating: "意", count: 501))
            #expect(long.status == .unprocessableContent)
            let message = (long.object["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("501 characters, at most 500"), "\(message)")
            #expect(try await api.act("comment", id, as: "caiyuan", text: String(repeating: "意", count: 500)).status == .ok)
        }
    }

    /// Inputs the API fuzzing found answering 500 or crashing the server.
    @Test func oddInputsAreClearErrors() async throws {
        try await APITest.run { api in
            let office = try await api.token("office")
            for uri in [
                "/api/v1/reports/monthly?month=9999-12", "/api/v1/track?overdue=yes", "/api/v1/documents?year=2147483648",
                "/api/v1/documents?street=a%00b",
            ] {
                let reply = try await api.call(.get, uri, token: office)
                #expect(reply.status == .badRequest, "\(uri): \(reply.status)")
            }
            let login = try await api.call(.post, "/api/v1/login", json: ["login": "a\u{0}b", "password": "whatever1"])
            #expect(login.status == .badRequest || login.status == .unprocessableContent, "\(login.status)")
            let id = DocumentID.format(try await api.fixture.submittedRegistration())
            #expect(try await api.act("comment", id, as: "caiyuan", text: "a\u{0}b").status == .unprocessableContent)
            #expect(try await api.call(.get, "/healthz").status == .ok, "the server is still up")
        }
    }

    /// A value the domain refuses is a 422 naming the field, whether the store or the handler parsing the
    /// body finds it; nothing is stored.
    @Test func refusedSampleAndInspectionValuesAre422() async throws {
        try await APITest.run { api in
            let scjgj = try await api.token("scjgj")
            let sample: [String: Any] = [
                "company": "demo-coal-a", "product": "coal", "date": "2021-12-01",
                "readings": ["sulfur": "0.4", "ash": "15", "volatile": "10", "heat": "24"],
            ]
            let recorded = try await api.call(.post, "/api/v1/samples", token: scjgj, json: sample)
            #expect(recorded.status == .created && recorded.object["passed"] as? Bool == true, "\(recorded.object)")
            for (change, field) in [
                (["readings": ["sulfur": "0.4", "ash": "15", "volatile": "10", "heat": "41"]], "heat"),
                (["readings": ["sulfur": "0.4", "ash": "15", "volatile": "10", "heat": "24", "lead": "1"]], "readings"),
                (["date": "2021-13-01"], "date"),
            ] {
                let reply = try await api.call(.post, "/api/v1/samples", token: scjgj, json: sample.merging(change) { $1 })
                let message = (reply.object["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(
                    reply.status == .unprocessableContent && message.hasPrefix(field), "\(change): \(reply.status) \(message)")
            }
            let inspection = try await api.call(
                .post, "/api/v1/inspections", token: scjgj,
                json: ["kind": "market", "date": "2021-02-30", "street": "caiyuan", "checked": 1, "problems": 0])
            #expect(inspection.status == .unprocessableContent, "\(inspection.status)")
            #expect(((inspection.object["error"] as? [String: Any])?["message"] as? String)?.hasPrefix("date") == true)
            // A recorded one answers with every key, those not given as null.
            let recordedInspection = try await api.call(
                .post, "/api/v1/inspections", token: scjgj,
                json: ["kind": "market", "date": "2021-12-01", "street": "caiyuan", "checked": 2, "problems": 1])
            #expect(recordedInspection.status == .created, "\(recordedInspection.object)")
            #expect(recordedInspection.object["village"] is NSNull && recordedInspection.object["note"] is NSNull)
            #expect(
                recordedInspection.object["date"] as? String == "2021-12-01"
                    && recordedInspection.object["unit"] as? String == "scjgj")
            // A case's due date and inspection id are refused naming them, and no case is opened.
            let opening: [String: Any] = ["source": "tipoff", "street": "caiyuan", "problem": "劣质煤", "assign": "zfj"]
            for (change, field) in [
                (["due": "2021-12-32"], "due"), (["source": "inspection", "inspection": "X9"], "inspection"),
            ] as [([String: Any], String)] {
                let reply = try await api.call(.post, "/api/v1/cases", token: scjgj, json: opening.merging(change) { $1 })
                let message = (reply.object["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(
                    reply.status == .unprocessableContent && message.hasPrefix(field), "\(change): \(reply.status) \(message)")
            }
            #expect(try await api.call(.get, "/api/v1/documents?type=case", token: scjgj).array.isEmpty)
            let listed = try await api.call(.get, "/api/v1/samples", token: scjgj)
            #expect(listed.array.count == 1)
        }
    }

    @Test func approvePassingSkipsFailingChecks() async throws {
        try await APITest.run { api in
            let good = try await api.fixture.submittedRegistration(by: "caiyuan-demo1")
            let bad = try await api.fixture.submittedRegistration(by: "caiyuan-demo2", firstSerial: 100)
            // Someone changed the form's totals behind its back: they no longer add up to its lines.
            try await api.fixture.client.query("UPDATE documents SET stoves = 9 WHERE id = \(bad)", logger: TestDatabase.logger)
            let reply = try await api.call(.post, "/api/v1/queue/approve-passing", token: try await api.token("caiyuan"))
            #expect(reply.status == .ok)
            #expect((reply.object["approved"] as? [[String: Any]])?.map { $0["id"] as? String } == [DocumentID.format(good)])
            let skipped = reply.object["skipped"] as? [[String: Any]] ?? []
            #expect(skipped.map { $0["id"] as? String } == [DocumentID.format(bad)])
            #expect((skipped.first?["failed"] as? [[String: Any]])?.map { $0["name"] as? String } == ["totals_match"])
        }
    }

    @Test func theOfficeSeesASummarysChecksPass() async throws {
        try await APITest.run { api in
            let summary = try await api.fixture.draftSummary()
            _ = try await api.fixture.workflow.perform(.submit, on: summary, by: try await api.fixture.user("demo-coal-a"))
            let shown = try await api.call(
                .get, "/api/v1/documents/\(DocumentID.format(summary))", token: try await api.token("office"))
            let checks = shown.object["checks"] as? [[String: Any]] ?? []
            #expect(checks.count == 4 && checks.allSatisfy { $0["passed"] as? Bool == true }, "\(checks)")
            // Still no copy of a slip for the office.
            #expect(try await api.call(.get, "/api/v1/slips", token: try await api.token("office")).array.isEmpty)
        }
    }

    @Test func slipsCanBeAnsweredWithTheirIdsOnly() async throws {
        try await APITest.run { api in
            _ = try await api.fixture.releasedRegistration(households: 3, firstSerial: 400)
            let company = try await api.token("demo-coal-a")
            let body = [
                "slips": (0..<3).map { ["id_number": Fixture.idNumber(400 + $0), "date": "2021-11-05", "coal_tons": "0.5"] }
            ]
            let minimal = try await api.call(
                .post, "/api/v1/slips", token: company, json: body,
                headers: [HTTPField.Name("Prefer")!: "respond-async, return=minimal"])
            #expect(minimal.status == .created)
            #expect(minimal.headers[HTTPField.Name("Preference-Applied")!] == "return=minimal")
            let ids = minimal.object["ids"] as? [String] ?? []
            #expect(ids.count == 3 && minimal.object.count == 1, "\(minimal.object)")
            for id in ids {
                let slip = try await api.call(.get, "/api/v1/slips/\(id)", token: company)
                #expect(slip.status == .ok && slip.object["id"] as? String == id)
            }
            // Without the preference (or with another), the slips themselves.
            let more = ["slips": [["id_number": Fixture.idNumber(400), "date": "2021-11-06", "coal_tons": "0.5"]]]
            let full = try await api.call(
                .post, "/api/v1/slips", token: company, json: more, headers: [HTTPField.Name("Prefer")!: "return=representation"])
            #expect(full.status == .created && full.array.first?["id_number"] as? String == Fixture.idNumber(400))
            #expect(full.headers[HTTPField.Name("Preference-Applied")!] == nil)
        }
    }

    @Test func auditVerifyIsForTheDistrictUnits() async throws {
        try await APITest.run { api in
            _ = try await api.fixture.submittedRegistration()
            let report = try await api.call(.get, "/api/v1/audit/verify", token: try await api.token("office"))
            #expect(report.object["ok"] as? Bool == true)
            #expect(report.object["events"] as? Int == 3)
            #expect((report.object["problems"] as? [Any])?.isEmpty == true)
            #expect(try await api.call(.get, "/api/v1/audit/verify", token: try await api.token("caiyuan")).status == .forbidden)
        }
    }

    /// A filter naming a unit is a unit code: anything else is a 400, not an empty list.
    @Test func unitFiltersMustBeUnitCodes() async throws {
        try await APITest.run { api in
            let token = try await api.token("office")
            for uri in [
                "/api/v1/documents?street=", "/api/v1/inspections?unit=%C2%9B", "/api/v1/samples?company=X",
                "/api/v1/coverage?year=2021&street=%00",
            ] {
                let reply = try await api.call(.get, uri, token: token)
                #expect(reply.status == .badRequest && reply.errorCode == "bad_request", "\(uri): \(reply.status)")
            }
            #expect(try await api.call(.get, "/api/v1/documents?street=caiyuan", token: token).status == .ok)
        }
    }
}
