import CoalflowAPI
import CoalflowCore
import CoalflowStore
import Hummingbird

/// Registration forms (登记表): create with households, and post publicly (公示).
struct RegistrationController {
    let registrations: RegistrationStore
    let queries: DocumentQueries

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(RouterPath(APIPath.registrations)) { request, context -> EditedResponse<DocumentView> in
            let user = try context.requireUser()
            let (body, idempotency) = try await decodeCreate(request, context: context, as: CreateRegistrationRequest.self)
            let id = try await registrations.logging(to: context.logger)
                .create(year: body.year, households: try Self.validate(body.households), by: user, idempotency: idempotency)
            guard let view = try await queries.logging(to: context.logger).header(id, for: user) else {
                throw APIError(WorkflowStore.notFound(id))
            }
            return EditedResponse(status: .created, response: view)
        }
        group.post(RouterPath(APIPath.Pattern.publicize)) { request, context -> ActionResult in
            let user = try context.requireUser()
            let body = try await request.decode(as: PublicizeRequest.self, context: context)
            let from: CivilDate
            let to: CivilDate
            do {
                from = try CivilDate(parsing: body.from, field: "from")
                to = try CivilDate(parsing: body.to, field: "to")
            } catch let error as InputError {
                throw APIError(StoreError(error))
            }
            return try await registrations.logging(to: context.logger).publicize(
                try DocumentController.documentID(context), from: from, to: to, by: user)
        }
        group.post(RouterPath(APIPath.Pattern.amend)) { request, context -> ActionResult in
            let user = try context.requireUser()
            let body = try await request.decode(as: AmendRegistrationRequest.self, context: context)
            return try await registrations.logging(to: context.logger).amend(
                try DocumentController.documentID(context), households: try Self.validate(body.households), by: user)
        }
    }

    /// Every row is checked; all problems are reported together, each with its row number and field.
    static func validate(_ rows: [HouseholdInput]) throws -> [Household] {
        try validRows(rows) { row throws(InputError) in
            try Household(
                name: row.name, address: row.address, idNumber: row.idNumber, phone: row.phone, coalTons: row.coalTons,
                stoves: row.stoves)
        }
    }
}
