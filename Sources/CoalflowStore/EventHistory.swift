import CoalflowCore
import Logging
import PostgresNIO

/// The events of the audit chain about one document or some slips, oldest first, as people read them.
enum EventHistory {
    static func of(document id: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> [HistoryEntry] {
        try await entries(document: id, slips: nil, connection, logger: logger).map(\.entry)
    }

    /// Each slip's events (its void), by slip id.
    static func of(slips ids: [Int64], _ connection: PostgresConnection, logger: Logger) async throws -> [Int64: [HistoryEntry]] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(grouping: try await entries(document: nil, slips: ids, connection, logger: logger), by: \.slip)
            .mapValues { $0.map(\.entry) }
    }

    private static func entries(document: Int64?, slips: [Int64]?, _ connection: PostgresConnection, logger: Logger) async throws
        -> [(slip: Int64, entry: HistoryEntry)]
    {
        let rows = try await connection.query(
            """
            SELECT coalesce(slip_id, 0), action, actor_unit, actor_login, program_time_text(at), comment, from_status, to_status,
                   step_position
            FROM workflow_events WHERE document_id = \(document) OR slip_id = ANY(\(slips ?? []))
            ORDER BY seq
            """, logger: logger
        ).collect()
        return try rows.map { row in
            let (slip, action, unit, login, at, comment, from, to, step) =
                try row.decode((Int64, String, String, String, String, String?, String, String, Int?).self)
            return (
                slip,
                HistoryEntry(
                    action: action, unit: unit, login: login, at: at, comment: comment, fromStatus: from, toStatus: to, step: step
                )
            )
        }
    }
}
