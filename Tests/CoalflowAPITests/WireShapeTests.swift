import CoalflowAPI
import CoalflowCore
import Foundation
import Testing

/// The JSON keys of the wire are the command-line contract's: these pin them, so that renaming a
/// Swift property cannot rename a key.
@Suite struct WireShapeTests {
    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func requests() throws {
        #expect(try json(LoginRequest(login: "fgj", password: "p")) == #"{"login":"fgj","password":"p"}"#)
        #expect(try json(ActionRequest(text: "同意", revision: 3)) == #"{"revision":3,"text":"同意"}"#)
        #expect(try json(ActionRequest()) == "{}")
        #expect(
            try json(
                CreateRegistrationRequest(
                    year: 2021,
                    households: [
                        HouseholdInput(name: "赵", address: "一村", idNumber: "X", phone: "1", coalTons: "1.5", stoves: "0")
                    ]))
                == #"{"households":[{"address":"一村","coal_tons":"1.5","id_number":"X","name":"赵","phone":"1","stoves":"0"}],"year":2021}"#
        )
        #expect(try json(PublicizeRequest(from: "2021-09-01", to: "2021-09-07")) == #"{"from":"2021-09-01","to":"2021-09-07"}"#)
        #expect(
            try json(IssueSlipsRequest(slips: [DeliveryInput(idNumber: "X", date: "2021-11-20", coalTons: "0.5", stoves: nil)]))
                == #"{"slips":[{"coal_tons":"0.5","date":"2021-11-20","id_number":"X"}]}"#)
        #expect(try json(VoidSlipRequest(reason: "r")) == #"{"reason":"r"}"#)
        #expect(try json(CreateSummaryRequest(street: "caiyuan", month: "2021-11")) == #"{"month":"2021-11","street":"caiyuan"}"#)
    }

    @Test func answers() throws {
        let village = ActingUser(
            userID: 1, login: "caiyuan-demo1", unit: "caiyuan-demo1", unitKind: .village, role: .clerk, street: "caiyuan")
        #expect(
            try json(LoginResponse(token: "t", expiresAt: "2021-01-01T00:00:00Z", user: Whoami(village)))
                == #"{"expires_at":"2021-01-01T00:00:00Z","token":"t","user":{"login":"caiyuan-demo1","role":"clerk","street":"caiyuan","unit":"caiyuan-demo1","unit_kind":"village"}}"#
        )
        let office = ActingUser(userID: 2, login: "office", unit: "office", unitKind: .office, role: .admin, street: nil)
        #expect(try json(Whoami(office)) == #"{"login":"office","role":"admin","unit":"office","unit_kind":"office"}"#)
        #expect(
            try json(
                ApprovePassingResult(
                    approved: [],
                    skipped: [
                        .init(id: "D1", failed: [Check(.totalsMatch, passed: false, message: Message(zh: "合计不符", en: "m"))])
                    ]
                ))
                == #"{"approved":[],"skipped":[{"failed":[{"blocking":true,"message":"m","message_zh":"合计不符","name":"totals_match","passed":false}],"id":"D1"}]}"#
        )
        #expect(try json(IssuedSlips(ids: ["S1"])) == #"{"ids":["S1"]}"#)
        #expect(
            try json(AuditReport(ok: true, events: 2, problems: [], head: AuditHead(sha256: "ab", events: 2)))
                == #"{"events":2,"head":{"events":2,"sha256":"ab"},"ok":true,"problems":[]}"#)
        #expect(try json(HealthStatus(status: "ok")) == #"{"status":"ok"}"#)
        #expect(
            try json(ErrorResponse(code: .notFound, message: "m", details: ["d"]))
                == #"{"error":{"code":"not_found","details":["d"],"message":"m"}}"#)
    }

    @Test func anErrorWithoutDetailsStillReads() throws {
        let body = try JSONDecoder().decode(ErrorResponse.self, from: Data(#"{"error":{"code":"c","message":"m"}}"#.utf8))
        #expect(body.error.details.isEmpty)
    }

    @Test func pathsAndTheirRouterPatterns() {
        #expect(APIPath.action(.approve, on: "D12") == "/api/v1/documents/D12/approve")
        #expect(APIPath.Pattern.action(.return) == "/api/v1/documents/{id}/return")
        #expect(APIPath.Pattern.publicize == "/api/v1/documents/{id}/publicize")
        #expect(APIPath.voidSlip("S7") == "/api/v1/slips/S7/void")
        #expect(APIPath.Pattern.slip == "/api/v1/slips/{id}")
    }
}
