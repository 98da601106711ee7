import CoalflowAPI
import CoalflowCore
import CoalflowStore
import Foundation
import Hummingbird

/// Every member unit's own work: cases (问题线索) and inspections (检查记录).
struct SupervisionController {
    let cases: CaseStore
    let inspections: InspectionStore
    let surveys: SurveyStore
    let samples: SampleStore
    let workflow: WorkflowStore
    let queries: DocumentQueries

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(RouterPath(APIPath.surveys)) { request, context -> EditedResponse<DocumentView> in
            let user = try context.requireUser()
            let body = try await request.decode(as: CreateSurveyRequest.self, context: context)
            let homes = try validRows(body.homes) { home throws(InputError) in
                try SurveyedHome(
                    name: home.name, address: home.address, idNumber: home.idNumber, heating: home.heating,
                    coalUseTons: home.coalUseTons, coalStockTons: home.coalStockTons)
            }
            let id = try await surveys.logging(to: context.logger).create(year: body.year, homes: homes, by: user)
            guard let view = try await queries.logging(to: context.logger).header(id, for: user) else {
                throw APIError(WorkflowStore.notFound(id))
            }
            return EditedResponse(status: .created, response: view)
        }
        group.get(RouterPath(APIPath.coverage)) { request, context -> [CoverageRow] in
            try await surveys.logging(to: context.logger).coverage(
                year: try ReportController.year(request.uri), street: try DocumentController.unitCode(request.uri, "street"),
                user: try context.requireUser())
        }
        group.post(RouterPath(APIPath.cases)) { request, context -> EditedResponse<DocumentView> in
            let user = try context.requireUser()
            let opening = try await request.decode(as: OpenCaseRequest.self, context: context)
            let id = try await cases.logging(to: context.logger).open(opening, by: user)
            guard let view = try await queries.logging(to: context.logger).header(id, for: user) else {
                throw APIError(WorkflowStore.notFound(id))
            }
            return EditedResponse(status: .created, response: view)
        }
        group.post(RouterPath(APIPath.Pattern.handleCase)) { request, context -> ActionResult in
            let body = try await request.decode(as: HandleCaseRequest.self, context: context)
            return try await cases.logging(to: context.logger).handle(
                try DocumentController.documentID(context), outcome: body.outcome, result: body.result,
                by: try context.requireUser())
        }
        group.post(RouterPath(APIPath.Pattern.transferCase)) { request, context -> ActionResult in
            let body = try await request.decode(as: TransferCaseRequest.self, context: context)
            return try await workflow.logging(to: context.logger).transfer(
                try DocumentController.documentID(context), to: body.to, reason: body.reason, by: try context.requireUser())
        }
        group.post(RouterPath(APIPath.inspections)) { request, context -> EditedResponse<InspectionView> in
            let user = try context.requireUser()
            let record = try await request.decode(as: RecordInspectionRequest.self, context: context)
            let view = try await inspections.logging(to: context.logger).record(record, by: user)
            return EditedResponse(status: .created, response: view)
        }
        group.post(RouterPath(APIPath.samples)) { request, context -> EditedResponse<SampleView> in
            let user = try context.requireUser()
            let body = try await request.decode(as: RecordSampleRequest.self, context: context)
            let record = SampleStore.Record(
                company: body.company, product: body.product, date: try CivilDate(parsing: body.date, field: "date"),
                lab: body.lab, readings: try QualityReadings.byIndicator(body.readings))
            let view = try await samples.logging(to: context.logger).record(record, by: user)
            return EditedResponse(status: .created, response: view)
        }
        group.get(RouterPath(APIPath.samples)) { request, context -> [SampleView] in
            let page = try DocumentController.page(request.uri)
            return try await samples.logging(to: context.logger).list(
                try context.requireUser(), company: try DocumentController.unitCode(request.uri, "company"), limit: page.limit,
                offset: page.offset)
        }
        group.get(RouterPath(APIPath.inspections)) { request, context -> [InspectionView] in
            let q = request.uri.queryParameters
            var kind: InspectionKind?
            if let text = q["kind"] {
                guard let value = InspectionKind(rawValue: String(text)) else {
                    throw APIError.badRequest(
                        "未知检查类别 \(text)", "unknown inspection kind \(text)",
                        details: ["one of: " + InspectionKind.allCases.map(\.rawValue).joined(separator: ", ")])
                }
                kind = value
            }
            let month = try q["month"].map { try SlipController.month(String($0)) }
            let page = try DocumentController.page(request.uri)
            return try await inspections.logging(to: context.logger).list(
                try context.requireUser(), unit: try DocumentController.unitCode(request.uri, "unit"), kind: kind, month: month,
                limit: page.limit,
                offset: page.offset)
        }
    }
}
