import CoalflowAPI
import CoalflowCore
import CoalflowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import Metrics

/// Documents: list, show, the workflow actions, queues and tracking.
struct DocumentController {
    let queries: DocumentQueries
    let workflow: WorkflowStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(RouterPath(APIPath.documents)) { request, context -> [DocumentView] in
            let user = try context.requireUser()
            return try await queries.logging(to: context.logger).list(user, try Self.filter(request.uri))
        }
        group.get(RouterPath(APIPath.Pattern.document)) { _, context -> DocumentView in
            let user = try context.requireUser()
            let id = try Self.documentID(context)
            guard let view = try await queries.logging(to: context.logger).show(id, for: user) else {
                throw APIError(WorkflowStore.notFound(id))
            }
            return view
        }
        for action in WorkflowAction.allCases {
            group.post(RouterPath(APIPath.Pattern.action(action))) { request, context -> ActionResult in
                let user = try context.requireUser()
                let id = try Self.documentID(context)
                let body = try await Self.optionalBody(request, context)
                let result = try await workflow.logging(to: context.logger).perform(
                    action, on: id, by: user, text: body?.text, expectedRevision: body?.revision)
                Counter(label: "coalflow_workflow_actions_total", dimensions: [("action", action.rawValue)]).increment()
                return result
            }
        }
        group.get(RouterPath(APIPath.queue)) { request, context -> [DocumentView] in
            let page = try Self.filter(request.uri)
            return try await queries.logging(to: context.logger).queue(
                try context.requireUser(), type: page.type, limit: page.limit, offset: page.offset)
        }
        group.post(RouterPath(APIPath.approvePassing)) { request, context -> ApprovePassingResult in
            try await approvePassing(try context.requireUser(), type: try Self.type(request.uri), logger: context.logger)
        }
        group.get(RouterPath(APIPath.track)) { request, context -> [DocumentView] in
            let overdue = request.uri.queryParameters["overdue"].map(String.init)
            guard overdue == nil || overdue == "true" || overdue == "false" else {
                throw APIError.badRequest("overdue 应为 true 或 false", "overdue must be true or false")
            }
            let page = try Self.page(request.uri)
            return try await queries.logging(to: context.logger).track(
                try context.requireUser(), overdueOnly: overdue == "true", limit: page.limit, offset: page.offset)
        }
    }

    /// Approves every document in the unit's queue whose checks all pass, one transaction each.
    func approvePassing(_ user: ActingUser, type: DocumentType?, logger: Logger) async throws -> ApprovePassingResult {
        let queries = queries.logging(to: logger)
        let workflow = workflow.logging(to: logger)
        var approved: [ActionResult] = []
        var skipped: [ApprovePassingResult.Skipped] = []
        // Cases are handled with a result (`case handle`), never approved in bulk.
        for document in try await queries.queue(user, type: type, limit: Paging.maxLimit) where document.type != .case {
            guard let id = DocumentID.parse(document.id), let shown = try await queries.show(id, for: user) else { continue }
            let failed = (shown.checks ?? []).filter { !$0.passed }
            guard failed.isEmpty else {
                skipped.append(.init(id: document.id, failed: failed))
                continue
            }
            approved.append(try await workflow.perform(.approve, on: id, by: user, expectedRevision: shown.revision))
            Counter(label: "coalflow_workflow_actions_total", dimensions: [("action", "approve")]).increment()
        }
        return ApprovePassingResult(approved: approved, skipped: skipped)
    }

    static func documentID(_ context: AppRequestContext) throws -> Int64 {
        let text = context.parameters.get(APIPath.Pattern.id) ?? ""
        guard let id = DocumentID.parse(text) else {
            throw APIError(.notFound, code: .documentNotFound, Message(zh: "没有单据 \(text)", en: "no document \(text)"))
        }
        return id
    }

    /// An action's body is optional: an empty body means no text and no revision.
    static func optionalBody(_ request: Request, _ context: AppRequestContext) async throws -> ActionRequest? {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return nil }
        return try JSONDecoder().decode(ActionRequest.self, from: buffer)
    }

    static func type(_ uri: URI) throws -> DocumentType? {
        try uri.queryParameters["type"].map { text throws -> DocumentType in
            guard let type = DocumentType(rawValue: String(text)) else {
                throw APIError.badRequest("单据类型应为 registration、summary 或 case", "type must be registration, summary or case")
            }
            return type
        }
    }

    static func filter(_ uri: URI) throws -> DocumentQueries.Filter {
        let q = uri.queryParameters
        var filter = DocumentQueries.Filter(type: try type(uri))
        if let status = q["status"] {
            guard let value = DocumentStatus(rawValue: String(status)) else {
                throw APIError.badRequest(
                    "未知状态 \(status)", "unknown status \(status)",
                    details: ["one of: " + DocumentStatus.allCases.map(\.rawValue).joined(separator: ", ")])
            }
            filter.status = value
        }
        filter.street = try unitCode(uri, "street")
        if let year = q["year"] {
            guard let value = Int(year), (1...9999).contains(value) else {
                throw APIError.badRequest("年度应为 1–9999 的整数", "year must be a whole number within 1–9999")
            }
            filter.year = value
        }
        (filter.limit, filter.offset) = try page(uri)
        return filter
    }

    /// A filter naming a unit (`street`, `unit`, `company`): a unit code or nothing, so that a value
    /// no unit could have is a clear 400 rather than an empty list.
    static func unitCode(_ uri: URI, _ name: String) throws -> String? {
        guard let text = uri.queryParameters[Substring(name)].map(String.init) else { return nil }
        guard text.range(of: "^[a-z][a-z0-9_-]{1,31}$", options: .regularExpression) != nil else {
            throw APIError.badRequest("\(name) 应为单位代码，如 caiyuan", "\(name) must be a unit code such as caiyuan")
        }
        return text
    }

    /// `limit` (1–`Paging.maxLimit`, `Paging.defaultLimit` if not given) and `offset` of a paged list.
    static func page(_ uri: URI) throws -> (limit: Int, offset: Int) {
        let q = uri.queryParameters
        var page = (limit: Paging.defaultLimit, offset: 0)
        if let limit = q["limit"] {
            guard let value = Int(limit), Paging.limits.contains(value) else {
                throw APIError.badRequest("limit 应在 1–\(Paging.maxLimit) 之间", "limit must be within 1–\(Paging.maxLimit)")
            }
            page.limit = value
        }
        if let offset = q["offset"] {
            guard let value = Int(offset), value >= 0 else {
                throw APIError.badRequest("offset 不能为负", "offset cannot be negative")
            }
            page.offset = value
        }
        return page
    }
}
