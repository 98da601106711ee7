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
            SELECT coalesce(e.slip_id, 0), e.action, e.actor_unit, u.name, e.actor_login, program_time_text(e.at), e.comment,
                   e.from_status, e.to_status, e.step_position
            FROM workflow_events e LEFT JOIN units u ON u.code = e.actor_unit
            WHERE e.document_id = \(document) OR e.slip_id = ANY(\(slips ?? []))
            ORDER BY e.seq
            """, logger: logger
        ).collect()
        return try rows.map { row in
            let (slip, action, unit, unitName, login, at, comment, from, to, step) =
                try row.decode((Int64, String, String, String?, String, String, String?, String, String, Int?).self)
            return (
                slip,
                HistoryEntry(
                    action: action, unit: unit, unitName: unitName, login: login, at: at, comment: comment, fromStatus: from,
                    toStatus: to, step: step)
            )
        }
    }
}
