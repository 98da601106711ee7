import CoalflowCore
import PostgresNIO

// The queue and the unfiltered document list, the pages every reviewer opens first, as prepared
// statements: parsing and planning the view with its row-level security took 1.3 ms of PostgreSQL's
// time per call at province scale, more than running it. Each has one shape whose best plan does not
// depend on the values (an index in the order of the page), so the plan PostgreSQL keeps serves all.
// A filtered list stays an unnamed statement, planned for its values: a rare status is best found
// through another index than the one the page order follows.

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

/// The whole district's documents, newest first (primary key).
struct DistrictPage: PostgresPreparedStatement {
    static let sql = """
        SELECT \(DocumentQueries.viewColumns) FROM \(DocumentQueries.viewFrom)
        ORDER BY d.id DESC LIMIT $1 OFFSET $2
        """
    static let bindingDataTypes: [PostgresDataType] = [.int8, .int8]
    typealias Row = PostgresRow
    let limit: Int, offset: Int

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(limit)
        bindings.append(offset)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

/// One street's documents, newest first (index documents_street_newest).
struct StreetPage: PostgresPreparedStatement {
    static let sql = """
        SELECT \(DocumentQueries.viewColumns) FROM \(DocumentQueries.viewFrom)
        WHERE d.street_code = $1 ORDER BY d.id DESC LIMIT $2 OFFSET $3
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .int8, .int8]
    typealias Row = PostgresRow
    let street: String, limit: Int, offset: Int

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(street)
        bindings.append(limit)
        bindings.append(offset)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

/// One originator's documents, newest first (index documents_origin_newest).
struct OriginPage: PostgresPreparedStatement {
    static let sql = """
        SELECT \(DocumentQueries.viewColumns) FROM \(DocumentQueries.viewFrom)
        WHERE d.origin_unit = $1 ORDER BY d.id DESC LIMIT $2 OFFSET $3
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .int8, .int8]
    typealias Row = PostgresRow
    let origin: String, limit: Int, offset: Int

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(origin)
        bindings.append(limit)
        bindings.append(offset)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}
