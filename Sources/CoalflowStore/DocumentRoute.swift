import CoalflowCore
import PostgresNIO

/// One step of a document's route, resolved to the unit that acts there.
public struct DocumentRouteStep: Sendable, Hashable {
    public var position: Int
    public var unit: String
    public var unitName: String
    public var timeLimitDays: Int
}

extension DocumentQueries {
    /// The steps of document `id`'s route in order, each with its unit (a street step is the document's
    /// street, a case's handler its assigned unit); empty when the document is not visible to `user`.
    public func route(of id: Int64, for user: ActingUser) async throws -> [DocumentRouteStep] {
        let query: PostgresQuery = """
            SELECT rs.position, u.code, u.name, rs.time_limit_days
            FROM documents d JOIN route_steps rs ON rs.route_id = d.route_id
            JOIN units u ON u.code = CASE rs.actor WHEN 'document_street' THEN d.street_code WHEN 'unit' THEN rs.unit_code
                                                   WHEN 'assigned_unit' THEN d.assigned_unit ELSE d.origin_unit END
            WHERE d.id = \(id) ORDER BY rs.position
            """
        return try await rows(query, as: .documents(user)).map { row in
            let (position, unit, name, days) = try row.decode((Int, String, String, Int).self)
            return DocumentRouteStep(position: position, unit: unit, unitName: name, timeLimitDays: days)
        }
    }
}
