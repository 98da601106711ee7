import CoalflowCore
import Foundation
import HTTPTypes
import Hummingbird

/// What the web pages read from a request: cookies, the form of a POST, the language.
extension Request {
    /// The value of cookie `name`, if the browser sent it.
    func cookie(_ name: String) -> String? {
        for header in headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return String(parts[1]).trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// The page's language: `?lang=` when given, else the remembered choice, else Chinese.
    var pageLanguage: Language {
        if let chosen = uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) { return chosen }
        return cookie(WebCookie.language).flatMap(Language.init(rawValue:)) ?? .zh
    }
}

/// An `application/x-www-form-urlencoded` body, as browsers post forms.
struct FormBody: Sendable {
    private var fields: [String: String] = [:]

    static let maxSize = 64 * 1024

    init(_ request: Request, context: AppRequestContext) async throws {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maxSize)
        self.init(String(buffer: buffer))
    }

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count == 2 ? decode(parts[1]) : "" }
        }
    }

    subscript(_ name: String) -> String? { fields[name] }
}

/// The cookies of the web interface.
enum WebCookie {
    /// The session: the same token the API's bearer header carries.
    static let session = "coalflow_session"
    /// The login form's CSRF token, before there is a session.
    static let login = "coalflow_login"
    static let language = "coalflow_lang"
    /// A message for the next page (after a form's redirect).
    static let flash = "coalflow_flash"

    /// A `Set-Cookie` value: never readable by scripts, never sent by another site's page.
    static func set(_ name: String, _ value: String, maxAge: Int?, secure: Bool) -> String {
        var text = "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if secure { text += "; Secure" }
        return text
    }

    static func clear(_ name: String, secure: Bool) -> String { set(name, "", maxAge: 0, secure: secure) }
}

/// A message shown once at the top of the next page.
struct Flash: Sendable {
    var ok: Bool
    var text: String

    /// As a cookie value: `1` or `0`, then the text percent-encoded.
    var cookieValue: String {
        (ok ? "1" : "0") + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    init(ok: Bool, _ text: String) {
        self.ok = ok
        self.text = text
    }

    init?(cookie: String?) {
        guard let cookie, let first = cookie.first, first == "0" || first == "1",
            let text = String(cookie.dropFirst()).removingPercentEncoding, !text.isEmpty
        else { return nil }
        self.init(ok: first == "1", String(text.prefix(500)))
    }
}
