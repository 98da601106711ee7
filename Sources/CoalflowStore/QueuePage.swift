import CoalflowCore
import PostgresNIO

// The queue, the page every reviewer opens first, as a prepared statement: parsing and planning the
// view with its row-level security took 1.3 ms of PostgreSQL's time per call at province scale, more
// than running it. Its best plan does not depend on the values (the one index on the waiting unit,
// in the page's order), so the plan PostgreSQL keeps serves every unit. The document list stays an
// unnamed statement, planned for its values: with a kept plan, a village holding 100,000 forms (the
// bench's) waited 15 ms (p50) for its first page, the plan's row estimate being one for an average
// village.

/// What waits for a unit, oldest first (index documents_waiting).
struct QueuePage: PostgresPreparedStatement {
    static let sql = """
        SELECT \(DocumentQueries.viewColumns) FROM \(DocumentQueries.viewFrom)
        WHERE d.status = 'in_review' AND d.current_unit = $1 AND ($2::text IS NULL OR d.document_type = $2)
        ORDER BY d.step_since, d.id LIMIT $3 OFFSET $4
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .int8, .int8]
    typealias Row = PostgresRow
    let unit: String, type: DocumentType?, limit: Int, offset: Int

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(unit)
        bindings.append(type?.rawValue)
        bindings.append(limit)
        bindings.append(offset)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}
