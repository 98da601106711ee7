import CoalflowAPI
import CoalflowCore
import CoalflowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Metrics

/// The web interface: the same people, logins and rights as the API, as server-rendered pages. Every
/// page answers through the same stores as the API, so it neither shows nor allows more.
struct WebController {
    let sessions: SessionStore
    let cache: SessionCache
    let queries: DocumentQueries
    let workflow: WorkflowStore
    let reports: ReportStore
    let documents: DocumentController
    let tokenLifetime: Duration
    let trustForwardedFor: Bool
    /// Over TLS, cookies are marked `Secure`.
    let secureCookies: Bool

    /// The actions a reviewer takes from the queue or a document's page.
    static let reviewActions: [WorkflowAction] = [.approve, .return, .reject]

    /// Every path the web interface serves (the API's description leaves them out).
    static let paths: Set<String> = Set(
        [
            "/", "/login", "/logout", "/queue", "/queue/approve-passing", "/documents", "/documents/{id}", "/reports",
            "/reports/monthly.xlsx", "/reports/year-end.xlsx", WebStyle.path,
        ] + reviewActions.map { "/documents/{id}/\($0.rawValue)" })

    func addRoutes(to router: Router<AppRequestContext>, heartbeat: DatabaseHeartbeat) {
        let style = ByteBuffer(data: WebStyle.css)
        router.group().add(middleware: WebHeadersMiddleware()).get(RouterPath(WebStyle.path)) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: style))
        }
        let web = router.group()
            .add(middleware: WebHeadersMiddleware())
            .add(middleware: WebErrorMiddleware(secureCookies: secureCookies, sessions: cache))
            .add(middleware: DatabaseGateMiddleware(heartbeat: heartbeat))
            .add(middleware: WebSessionMiddleware(sessions: cache))

        web.get("/") { request, context -> Response in
            let page = page(request, context)
            guard let user = page.user else { return loginPage(page) }
            let overview = try await reports.logging(to: context.logger).overview(year: nil, user: user)
            return page.overviewScreen(overview)
        }
        web.post("/login") { request, context -> Response in try await login(request, context) }
        web.post("/logout") { request, context -> Response in
            let page = page(request, context)
            let form = try await FormBody(request, context: context)
            guard page.user != nil, let token = request.cookie(WebCookie.session) else { return page.redirect("/") }
            guard sameToken(form["csrf"], page.formToken) else { return csrfRefused(page) }
            try await sessions.logging(to: context.logger).logout(token: token)
            cache.forget(token: token)
            var response = page.redirect("/")
            response.headers.append(.init(name: .setCookie, value: WebCookie.clear(WebCookie.session, secure: secureCookies)))
            return response
        }
        web.get("/queue") { request, context -> Response in
            let page = page(request, context)
            guard let user = page.user else { return page.redirect("/") }
            let number = Self.pageNumber(request)
            let rows = try await queries.logging(to: context.logger).queue(
                user, type: nil, limit: WebPage.pageSize + 1, offset: (number - 1) * WebPage.pageSize)
            return page.queueScreen(rows, page: number)
        }
        web.post("/queue/approve-passing") { request, context -> Response in
            let page = page(request, context)
            let form = try await FormBody(request, context: context)
            guard let user = page.user else { return page.redirect("/") }
            guard sameToken(form["csrf"], page.formToken) else { return csrfRefused(page) }
            do {
                let result = try await documents.approvePassing(user, type: nil, logger: context.logger)
                let text =
                    page.t("已同意 \(result.approved.count) 件", "approved \(result.approved.count)")
                    + (result.skipped.isEmpty
                        ? ""
                        : page.t(
                            "；检查未通过、未同意：" + result.skipped.map(\.id).joined(separator: "、"),
                            "; left (a check fails): " + result.skipped.map(\.id).joined(separator: ", ")))
                return page.redirect("/queue", flash: Flash(ok: true, text))
            } catch let error as StoreError {
                return page.redirect("/queue", flash: Flash(ok: false, page.t(error.message)))
            }
        }
        for action in Self.reviewActions {
            web.post("/documents/{id}/\(action.rawValue)") { request, context -> Response in
                try await act(action, request, context)
            }
        }
        web.get("/documents") { request, context -> Response in
            let page = page(request, context)
            guard let user = page.user else { return page.redirect("/") }
            // A filter form sends every field, the ones left at 全部 empty.
            var components = URLComponents(string: request.uri.description) ?? URLComponents()
            components.queryItems = components.queryItems?.filter { !($0.value ?? "").isEmpty }
            var filter = try DocumentController.filter(URI(components.string ?? "/documents"))
            let number = Self.pageNumber(request)
            (filter.limit, filter.offset) = (WebPage.pageSize + 1, (number - 1) * WebPage.pageSize)
            let queries = queries.logging(to: context.logger)
            let rows = try await queries.list(user, filter)
            // A street or village chooses among the streets it sees: its own.
            let streets = try await reports.logging(to: context.logger).streets().filter {
                user.street == nil || $0.code == user.street
            }
            return page.documentsScreen(rows, filter: filter, streets: streets, page: number)
        }
        web.get("/documents/{id}") { request, context -> Response in
            let page = page(request, context)
            guard let user = page.user else { return page.redirect("/") }
            let id = try DocumentController.documentID(context)
            let queries = queries.logging(to: context.logger)
            guard let view = try await queries.show(id, for: user) else { throw APIError(WorkflowStore.notFound(id)) }
            return page.documentScreen(view, route: try await queries.route(of: id, for: user))
        }
        web.get("/reports") { request, context -> Response in
            let page = page(request, context)
            guard page.user != nil else { return page.redirect("/") }
            guard page.mayReadReports else { throw APIError(ReportStore.notAReader) }
            let years = try await reports.logging(to: context.logger).programYears()
            return page.reportsScreen(years: years)
        }
        web.get("/reports/monthly.xlsx") { request, context -> Response in
            let page = page(request, context)
            guard let user = page.user else { return page.redirect("/") }
            let month = String(request.uri.queryParameters["month"] ?? "")
            let (first, until) = try ReportController.month(month)
            let report = try await reports.logging(to: context.logger).period(
                from: first, until: until, title: ReportController.monthlyTitle(first), user: user)
            return try WebDownload.workbook(named: "\(month)-月调度.xlsx") { writer in try writer.write(report) }
        }
        web.get("/reports/year-end.xlsx") { request, context -> Response in
            let page = page(request, context)
            guard let user = page.user else { return page.redirect("/") }
            let year = try ReportController.year(request.uri)
            return try await WebDownload.yearEnd(
                year: year, user: user, reports: reports.logging(to: context.logger),
                subtitle: "\(year) 年度　导出于 \(ReportController.now())")
        }
    }

    func page(_ request: Request, _ context: AppRequestContext) -> WebPage {
        WebPage(request, context, secureCookies: secureCookies)
    }

    /// `?page=N`, 1 when missing or not a page number.
    static func pageNumber(_ request: Request) -> Int {
        request.uri.queryParameters["page"].flatMap { Int(String($0)) }.map { min(max($0, 1), 10_000) } ?? 1
    }

    func csrfRefused(_ page: WebPage) -> Response {
        page.error(
            .forbidden, page.t("无权操作", "Not permitted"),
            page.t(
                "表单已失效（缺少或不符的校验码），请刷新页面后重试",
                "the form has expired (its check token is missing or wrong): reload the page and try again"))
    }

    /// The login form, with a fresh token for it in a cookie (the form must come from this site).
    func loginPage(_ page: WebPage, login: String = "", error: Message? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let token = SessionStore.randomToken()
        var response = page.loginScreen(formToken: token, login: login, error: error, status: status)
        response.headers.append(
            .init(name: .setCookie, value: WebCookie.set(WebCookie.login, token, maxAge: 3600, secure: secureCookies)))
        return response
    }

    func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let page = page(request, context)
        let form = try await FormBody(request, context: context)
        guard sameToken(form["csrf"], request.cookie(WebCookie.login)) else { return csrfRefused(page) }
        let session: SessionStore.Session
        do {
            session = try await sessions.logging(to: context.logger).login(
                form["login"] ?? "", password: form["password"] ?? "", lifetime: tokenLifetime,
                from: context.clientAddress(request, trustForwarded: trustForwardedFor))
        } catch let error as StoreError {
            // The API's own message: a wrong password and a locked login read the same in both.
            return loginPage(
                page, login: String((form["login"] ?? "").prefix(64)), error: error.message,
                status: error.code == .loginFailed ? .unauthorized : APIError(error).status)
        }
        var response = page.redirect("/")
        response.headers.append(
            .init(
                name: .setCookie,
                value: WebCookie.set(
                    WebCookie.session, session.token, maxAge: Int(tokenLifetime.components.seconds), secure: secureCookies)))
        response.headers.append(.init(name: .setCookie, value: WebCookie.clear(WebCookie.login, secure: secureCookies)))
        return response
    }

    /// 同意, 退回 or 驳回 from a form; back to the queue with what happened.
    func act(_ action: WorkflowAction, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let page = page(request, context)
        let form = try await FormBody(request, context: context)
        guard let user = page.user else { return page.redirect("/") }
        guard sameToken(form["csrf"], page.formToken) else { return csrfRefused(page) }
        let id = try DocumentController.documentID(context)
        let printed = DocumentID.format(id)
        let reason = form["reason"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        do {
            if action.needsText, reason?.isEmpty ?? true {
                throw StoreError(
                    .invalid, code: .invalidInput, zh: "\(action.label.zh)须写明理由",
                    en: "a reason is needed to do so")
            }
            let result = try await workflow.logging(to: context.logger).perform(
                action, on: id, by: user, text: action.needsText ? reason : nil,
                expectedRevision: form["revision"].flatMap { Int($0) })
            Counter(label: "coalflow_workflow_actions_total", dimensions: [("action", action.rawValue)]).increment()
            return page.redirect(
                "/queue",
                flash: Flash(
                    ok: true,
                    page.t(
                        "\(printed) 已\(action.label.zh)，现为\(result.status.label.zh)",
                        "\(printed) \(action.label.en), now \(result.status.label.en)")))
        } catch let error as StoreError {
            return page.redirect("/queue", flash: Flash(ok: false, "\(printed)：" + page.t(error.message)))
        } catch let error as InputError {
            return page.redirect("/queue", flash: Flash(ok: false, "\(printed)：" + page.t(StoreError(error).message)))
        }
    }
}
