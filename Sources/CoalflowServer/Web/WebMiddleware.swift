import CoalflowCore
import CoalflowStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Every web answer: a Content-Security-Policy that allows nothing from another host (and no inline
/// script or style at all), no framing, no sniffing, and pages never cached.
struct WebHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let policy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[.csp] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.xFrameOptions] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Turns a failure on a page into a page: the same statuses and messages as the API, in HTML.
struct WebErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let secureCookies: Bool
    /// To keep the navigation of a signed-in user on the error page (it runs outside the session's middleware).
    let sessions: SessionCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            var context = context
            if let token = request.cookie(WebCookie.session), token.count <= 64,
                let user = try? await sessions.user(forToken: token, logger: context.logger)
            {
                context.user = user
                context.formToken = SessionStore.formToken(forSession: token)
            }
            let page = WebPage(request, context, secureCookies: secureCookies)
            let apiError: APIError
            do {
                // The API's error middleware knows every error's status and message.
                _ = try await ErrorMiddleware().handle(request, context: context) { _, _ in throw error }
                return page.error(.internalServerError, page.t("出错了", "Something went wrong"), "")
            } catch let mapped as APIError {
                apiError = mapped
            }
            let heading =
                switch apiError.status {
                case .notFound: page.t("未找到", "Not found")
                case .forbidden: page.t("无权操作", "Not permitted")
                case .badRequest: page.t("请求有误", "Bad request")
                default: page.t("出错了", "Something went wrong")
                }
            return page.error(apiError.status, heading, page.t(apiError.message), details: apiError.details)
        }
    }
}

/// Resolves the session cookie to the person it belongs to, when there is one; pages decide what to do
/// without (the overview shows the login form, others send to it).
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SessionCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        var context = context
        if let token = request.cookie(WebCookie.session), !token.isEmpty, token.count <= 64,
            let user = try await sessions.user(forToken: token, logger: context.logger)
        {
            context.user = user
            context.formToken = SessionStore.formToken(forSession: token)
            context.logger[metadataKey: "login"] = "\(user.login)"
        }
        return try await next(request, context)
    }
}

/// Equal without telling, by its time, how much of a guess was right.
func sameToken(_ a: String?, _ b: String?) -> Bool {
    guard let a, let b, !a.isEmpty, a.utf8.count == b.utf8.count else { return false }
    return zip(a.utf8, b.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
}
