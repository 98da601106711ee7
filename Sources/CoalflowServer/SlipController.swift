import CoalflowAPI
import CoalflowCore
import CoalflowStore
import Foundation
import HTTPTypes
import Hummingbird

/// Sales slips (销售单) and monthly summaries (销售汇总表) of the delivery companies.
struct SlipController {
    let slips: SlipStore
    let summaries: SummaryStore
    let queries: DocumentQueries

    /// `Prefer: return=minimal` (RFC 7240): the client wants the new slips' ids, not the slips. A
    /// 20,000-row import spent a third of the server's time reading its slips back and encoding them.
    static func prefersMinimal(_ request: Request) -> Bool {
        request.headers[values: .prefer].contains { value in
            value.split(whereSeparator: { $0 == "," || $0 == ";" })
                .contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "return=minimal" }
        }
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(RouterPath(APIPath.slips)) { request, context -> Response in
            let user = try context.requireUser()
            let (body, idempotency) = try await decodeCreate(request, context: context, as: IssueSlipsRequest.self)
            var deliveries: [SlipStore.Delivery] = []
            var problems: [String] = []
            for (index, input) in body.slips.enumerated() {
                do { deliveries.append(try input.delivery()) } catch let error as InputError {
                    problems.append("row \(index + 1): \(error.field): \(error.reason.en)")
                }
            }
            guard problems.isEmpty, !deliveries.isEmpty else {
                throw APIError(
                    .unprocessableContent, code: .invalidRows,
                    Message(zh: "\(problems.count) 行有误，未保存任何销售单", en: "\(problems.count) rows are invalid; no slip was stored"),
                    details: problems.isEmpty ? ["no slips given"] : problems)
            }
            let store = slips.logging(to: context.logger)
            let ids = try await store.create(deliveries, by: user, idempotency: idempotency)
            guard Self.prefersMinimal(request) else {
                return try EditedResponse(status: .created, response: try await store.slips(ids, for: user)).response(
                    from: request, context: context)
            }
            var response = try EditedResponse(status: .created, response: IssuedSlips(ids: ids.map(SlipID.format)))
                .response(from: request, context: context)
            response.headers[.preferenceApplied] = "return=minimal"
            return response
        }
        group.get(RouterPath(APIPath.slips)) { request, context -> [SlipView] in
            let user = try context.requireUser()
            var month: CivilDate?
            if let text = request.uri.queryParameters["month"] {
                month = try Self.month(String(text))
            }
            let page = try DocumentController.page(request.uri)
            return try await slips.logging(to: context.logger).list(user, month: month, limit: page.limit, offset: page.offset)
        }
        group.get(RouterPath(APIPath.Pattern.slip)) { _, context -> SlipView in
            let user = try context.requireUser()
            let id = try Self.slipID(context)
            guard let view = try await slips.logging(to: context.logger).slip(id, for: user) else {
                throw APIError(SlipStore.notFound(id))
            }
            return view
        }
        group.post(RouterPath(APIPath.Pattern.voidSlip)) { request, context -> SlipView in
            let user = try context.requireUser()
            let body = try await request.decode(as: VoidSlipRequest.self, context: context)
            return try await slips.logging(to: context.logger).void(try Self.slipID(context), reason: body.reason, by: user)
        }
        group.post(RouterPath(APIPath.summaries)) { request, context -> EditedResponse<DocumentView> in
            let user = try context.requireUser()
            let (body, idempotency) = try await decodeCreate(request, context: context, as: CreateSummaryRequest.self)
            let id = try await summaries.logging(to: context.logger)
                .create(street: body.street, month: try Self.month(body.month), by: user, idempotency: idempotency)
            guard let view = try await queries.logging(to: context.logger).header(id, for: user) else {
                throw APIError(WorkflowStore.notFound(id))
            }
            return EditedResponse(status: .created, response: view)
        }
        group.post(RouterPath(APIPath.Pattern.refresh)) { _, context -> ActionResult in
            try await summaries.logging(to: context.logger).refresh(
                try DocumentController.documentID(context), by: try context.requireUser())
        }
    }

    static func slipID(_ context: AppRequestContext) throws -> Int64 {
        let text = context.parameters.get(APIPath.Pattern.id) ?? ""
        guard let id = SlipID.parse(text) else {
            throw APIError(.notFound, code: .slipNotFound, Message(zh: "没有销售单 \(text)", en: "no slip \(text)"))
        }
        return id
    }

    /// `YYYY-MM` as the first day of that month.
    static func month(_ text: String) throws -> CivilDate {
        do {
            return try CivilDate(parsing: text + "-01", field: "month")
        } catch {
            throw APIError(
                .unprocessableContent, code: .invalidInput,
                Message(zh: "月份「\(text)」应为 YYYY-MM", en: "month '\(text)' must be YYYY-MM"))
        }
    }
}

extension HTTPField.Name {
    static let prefer = Self("Prefer")!
    static let preferenceApplied = Self("Preference-Applied")!
}

extension DeliveryInput {
    /// The delivery the input describes, or the first rule it breaks.
    func delivery() throws(InputError) -> SlipStore.Delivery {
        let id = try ResidentIDNumber(idNumber)
        let day = try CivilDate(parsing: date, field: "date")
        let coal = try coalTons.map { text throws(InputError) in try Plausible.coal(text) } ?? .zero
        let count = try stoves.map { text throws(InputError) in try Plausible.stoves(text) } ?? 0
        guard (coal > .zero) != (count > 0) else {
            throw InputError(
                field: "coal_tons", zh: "须且只须填写洁净煤吨数或炉具台数之一（大于 0）", en: "give exactly one of coal_tons and stoves, above zero")
        }
        return SlipStore.Delivery(idNumber: id, date: day, coal: coal, stoves: count)
    }
}
