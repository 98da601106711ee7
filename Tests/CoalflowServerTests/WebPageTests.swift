import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoalflowServer

/// The web interface through its router, on a real database: login, the session cookie, CSRF, the
/// security headers, the queue's actions and the same visibility rules as the API.
@Suite struct WebPageTests {
    /// A browser's side: its cookies, and pages fetched and forms posted with them.
    struct Browser {
        let api: APITest
        var cookies: [String: String] = [:]

        struct Page {
            let status: HTTPResponse.Status
            let headers: HTTPFields
            let text: String
        }

        mutating func get(_ uri: String) async throws -> Page {
            try await send(.get, uri, body: nil)
        }

        mutating func post(_ uri: String, _ fields: [(String, String)]) async throws -> Page {
            let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
            return try await send(.post, uri, body: body)
        }

        mutating func send(_ method: HTTPRequest.Method, _ uri: String, body: String?) async throws -> Page {
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            let page = try await api.client.execute(
                uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
            ) { response in
                Page(status: response.status, headers: response.headers, text: String(buffer: response.body))
            }
            for header in page.headers[values: .setCookie] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let (name, value) = (String(pair[0]), pair.count > 1 ? String(pair[1]) : "")
                if header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
            }
            return page
        }

        /// The value of hidden input `csrf` on `page`.
        static func csrf(_ page: Page) -> String {
            guard let range = page.text.range(of: "name=\"csrf\" value=\"") else { return "" }
            return String(page.text[range.upperBound...].prefix { $0 != "\"" })
        }

        mutating func login(_ login: String, password: String = Taishan2021.demoPassword) async throws -> Page {
            let form = try await get("/")
            return try await post("/login", [("csrf", Self.csrf(form)), ("login", login), ("password", password)])
        }
    }

    @Test func theLoginFormSignsInWithASessionCookieAndCountsWrongPasswords() async throws {
        try await APITest.run { api in
            var browser = Browser(api: api)
            let form = try await browser.get("/")
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"login\"") && form.text.contains("name=\"password\""))
            let policy = try #require(form.headers[.csp])
            #expect(policy.contains("default-src 'none'") && !policy.contains("http"))
            #expect(form.headers[.xFrameOptions] == "DENY")

            let wrong = try await browser.post(
                "/login", [("csrf", Browser.csrf(form)), ("login", "caiyuan"), ("password", "not-the-password")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("登录名或密码错误"))
            let failures = try await api.fixture.client.query("SELECT failures FROM login_failures WHERE login = 'caiyuan'")
                .collect().first?.decode(Int.self)
            #expect(failures == 1)

            let noToken = try await browser.post("/login", [("login", "caiyuan"), ("password", Taishan2021.demoPassword)])
            #expect(noToken.status == .forbidden)
            #expect(browser.cookies[WebCookie.session] == nil)

            let signedIn = try await browser.login("caiyuan")
            #expect(signedIn.status == .seeOther)
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix(WebCookie.session + "=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
            let overview = try await browser.get("/")
            #expect(overview.text.contains("<nav>") && overview.text.contains("财源街道"))
            #expect(overview.text.contains("id=\"waiting\""))
        }
    }

    @Test func theQueueApprovesWithItsTokenAndRefusesWithout() async throws {
        try await APITest.run { api in
            let id = DocumentID.format(try await api.fixture.submittedRegistration())
            var browser = Browser(api: api)
            _ = try await browser.login("caiyuan")
            let queue = try await browser.get("/queue")
            #expect(queue.text.contains("id=\"row-\(id)\""))
            #expect(queue.text.contains("action=\"/documents/\(id)/approve\""))

            let forged = try await browser.post("/documents/\(id)/approve", [("revision", "")])
            #expect(forged.status == .forbidden)
            let wrong = try await browser.post("/documents/\(id)/approve", [("csrf", String(repeating: "0", count: 64))])
            #expect(wrong.status == .forbidden)
            #expect(try await status(api, id) == "in_review:1")

            let noReason = try await browser.post("/documents/\(id)/return", [("csrf", Browser.csrf(queue)), ("reason", " ")])
            #expect(noReason.status == .seeOther)
            #expect(try await browser.get("/queue").text.contains("class=\"flash error\""))
            #expect(try await status(api, id) == "in_review:1")

            let approved = try await browser.post("/documents/\(id)/approve", [("csrf", Browser.csrf(queue))])
            #expect(approved.status == .seeOther && approved.headers[.location] == "/queue")
            let after = try await browser.get("/queue")
            #expect(after.text.contains("class=\"flash ok\""))
            #expect(!after.text.contains("id=\"row-\(id)\""))
            #expect(try await status(api, id) == "in_review:2")
        }
    }

    @Test func pagesShowOnlyWhatTheAPIWouldAndEscapeUsersText() async throws {
        try await APITest.run { api in
            let clerk = try await api.fixture.user("daimiao-demo1")
            let household = try Household(
                name: "<script>alert(1)</script>", address: "演示路 1 号", idNumber: Fixture.idNumber(9001), phone: "13800009001",
                coalTons: "1.5", stoves: "1")
            let other = DocumentID.format(
                try await api.fixture.registrations.create(year: 2021, households: [household], by: clerk))

            var street = Browser(api: api)
            _ = try await street.login("caiyuan")
            let refused = try await street.get("/documents/\(other)")
            #expect(refused.status == .notFound)
            #expect(refused.text.contains("未找到") && !refused.text.contains("alert(1)"))
            #expect(refused.text.contains("action=\"/logout\""), "the error page keeps the signed-in navigation")

            var village = Browser(api: api)
            _ = try await village.login("daimiao-demo1")
            let own = try await village.get("/documents/\(other)")
            #expect(own.status == .ok)
            #expect(own.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !own.text.contains("<script>"))
            #expect(!(try await village.get("/queue").text.contains("/reports\"")))
            #expect(try await village.get("/reports").status == .forbidden)
            let filtered = try await village.get("/documents?type=registration&status=&street=&year=2021")
            #expect(filtered.status == .ok && filtered.text.contains("href=\"/documents/\(other)\""))
            #expect(try await village.get("/documents?status=bogus").status == .badRequest)
            #expect(try await village.get("/?lang=en").text.contains("Latest actions"))
            #expect(village.cookies[WebCookie.language] == "en")
        }
    }

    @Test func logoutEndsTheSessionForTheAPIToo() async throws {
        try await APITest.run { api in
            var browser = Browser(api: api)
            _ = try await browser.login("office")
            let token = try #require(browser.cookies[WebCookie.session])
            let page = try await browser.get("/reports")
            #expect(page.text.contains("/reports/monthly.xlsx"))
            let workbook = try await browser.get("/reports/monthly.xlsx?month=2021-11")
            #expect(workbook.status == .ok && workbook.text.hasPrefix("PK"))
            #expect(workbook.headers[.contentDisposition]?.contains("attachment") == true)

            let out = try await browser.post("/logout", [("csrf", Browser.csrf(page))])
            #expect(out.status == .seeOther && browser.cookies[WebCookie.session] == nil)
            #expect(try await api.call(.get, "/api/v1/whoami", token: token).status == .unauthorized)
            #expect(try await browser.get("/queue").headers[.location] == "/")
        }
    }

    /// Status and step of a document, as the database holds them.
    func status(_ api: APITest, _ id: String) async throws -> String {
        let row = try await api.fixture.client.query(
            "SELECT status, coalesce(step_position, 0) FROM documents WHERE id = \(DocumentID.parse(id)!)"
        ).collect().first
        let (status, step) = try #require(try row?.decode((String, Int).self))
        return "\(status):\(step)"
    }

    @Test func htmlInterpolationEscapesText() {
        let name = "<b onclick=\"x\">O'Neil & Co</b>"
        let html: HTML = "<td>\(name)</td>"
        #expect(html.text == "<td>&lt;b onclick=&quot;x&quot;&gt;O&#39;Neil &amp; Co&lt;/b&gt;</td>")
    }
}
