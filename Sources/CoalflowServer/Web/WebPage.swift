import CoalflowCore
import CoalflowStore
import Foundation
import HTTPTypes
import Hummingbird

/// One page being answered: who asks, in which language, with which form token; and the frame every
/// page shares (navigation, language switch, the message left by the last form).
struct WebPage {
    let request: Request
    let user: ActingUser?
    /// The session's CSRF token, put in every form that changes something.
    let formToken: String?
    let secureCookies: Bool
    let language: Language

    init(_ request: Request, _ context: AppRequestContext, secureCookies: Bool) {
        self.request = request
        self.user = context.user
        self.formToken = context.formToken
        self.secureCookies = secureCookies
        self.language = request.pageLanguage
    }

    func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }
    func t(_ message: Message) -> String { message.text(language) }

    /// The hidden field that proves a form came from a page of this session.
    var csrfField: HTML { "<input type=\"hidden\" name=\"csrf\" value=\"\(formToken ?? "")\">" }

    /// A form posting to `action` with one button, and `fields` before it.
    func postForm(_ action: String, button: String, fields: HTML = .empty, class cssClass: String = "") -> HTML {
        """
        <form method="post" action="\(action)" class="inline \(cssClass)">\(csrfField)\(fields)<button type="submit">\(button)</button></form>
        """
    }

    enum Section: String, CaseIterable {
        case overview = "/"
        case queue = "/queue"
        case documents = "/documents"
        case reports = "/reports"
    }

    func sectionName(_ section: Section) -> String {
        switch section {
        case .overview: t("概览", "Overview")
        case .queue: t("待办", "Queue")
        case .documents: t("单据", "Documents")
        case .reports: t("报表", "Reports")
        }
    }

    /// Reports are for the leading group's units and the streets (as in the API).
    var mayReadReports: Bool {
        guard let user, case .some = try? ReportStore.streetScope(user) else { return false }
        return true
    }

    /// The whole page: `title`, the navigation with `section` marked, the flash message, `body`.
    func render(_ title: String, section: Section?, status: HTTPResponse.Status = .ok, body: HTML) -> Response {
        let flash = request.method == .get ? Flash(cookie: request.cookie(WebCookie.flash)) : nil
        let nav: HTML =
            if let user {
                """
                <nav><span class="brand">\(t("散煤清洁化治理", "Clean coal"))</span>\(Section.allCases.filter { $0 != .reports || mayReadReports }.map { s -> HTML in
                    "<a href=\"\(s.rawValue)\"\(HTML.when(s == section, " aria-current=\"page\""))>\(sectionName(s))</a>"
                })<span class="who">\(user.login) · \(user.unitName ?? t(user.unitKind.label))</span>\(postForm("/logout", button: t("退出", "Log out")))\(languageSwitch)</nav>
                """
            } else {
                "<nav><span class=\"brand\">\(t("散煤清洁化治理", "Clean coal"))</span>\(languageSwitch)</nav>"
            }
        let message: HTML = flash.map { "<p class=\"flash \($0.ok ? "ok" : "error")\" role=\"status\">\($0.text)</p>" } ?? .empty
        let page: HTML = """
            <!DOCTYPE html>
            <html lang="\(language == .zh ? "zh-CN" : "en")"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · coalflow</title><link rel="stylesheet" href="/static/style.css"></head>
            <body>\(nav)<main>\(message)\(body)</main></body></html>
            """
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: page.text)))
        if flash != nil {
            response.headers.append(.init(name: .setCookie, value: WebCookie.clear(WebCookie.flash, secure: secureCookies)))
        }
        if let chosen = request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) {
            response.headers.append(
                .init(
                    name: .setCookie,
                    value: WebCookie.set(WebCookie.language, chosen.rawValue, maxAge: 365 * 86400, secure: secureCookies)))
        }
        return response
    }

    /// A link to this page in the other language.
    var languageSwitch: HTML {
        let other: Language = language == .zh ? .en : .zh
        var components = URLComponents(string: request.uri.description) ?? URLComponents()
        var items = (components.queryItems ?? []).filter { $0.name != "lang" }
        items.append(URLQueryItem(name: "lang", value: other.rawValue))
        components.queryItems = items
        return
            "<a class=\"lang\" href=\"\(components.path.isEmpty ? "/" : components.path)?\(components.percentEncodedQuery ?? "")\">\(other == .en ? "English" : "中文")</a>"
    }

    /// After a form: back to `location`, with `flash` on the next page.
    func redirect(_ location: String, flash: Flash? = nil) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        if let flash {
            response.headers.append(
                .init(
                    name: .setCookie, value: WebCookie.set(WebCookie.flash, flash.cookieValue, maxAge: 60, secure: secureCookies))
            )
        }
        return response
    }

    /// An error page: `status`, a heading and what happened.
    func error(_ status: HTTPResponse.Status, _ heading: String, _ text: String, details: [String] = []) -> Response {
        let list: HTML = HTML.when(!details.isEmpty, "<ul class=\"details\">\(details.map { d -> HTML in "<li>\(d)</li>" })</ul>")
        return render(
            heading, section: nil, status: status,
            body: """
                <h1>\(heading)</h1><p class="error" role="alert">\(text)</p>\(list)
                <p><a href="/">\(t("返回概览", "Back to the overview"))</a></p>
                """)
    }

    /// `2021-11-02T10:05:00+08:00` as `2021-11-02 10:05`.
    static func minute(_ timestamp: String) -> String {
        String(timestamp.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// A wait in hours as people say it: `3 天 4 小时`.
    func duration(hours: Int) -> String {
        hours >= 24 ? t("\(hours / 24) 天 \(hours % 24) 小时", "\(hours / 24) d \(hours % 24) h") : t("\(hours) 小时", "\(hours) h")
    }
}

extension HTTPField.Name {
    static let csp = Self("Content-Security-Policy")!
}
