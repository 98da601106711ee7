import CoalflowCore
import Logging
import PostgresNIO

/// Every full (unmasked) view of households' personal data, written in the transaction that read it
/// (`personal_data_views`; the application role may append, never read or change).
enum AccessLog {
    static func record(document: Int64, households: Int, by user: ActingUser, _ connection: PostgresConnection, logger: Logger)
        async throws
    {
        guard households > 0 else { return }
        try await connection.query(
            """
            INSERT INTO personal_data_views (user_id, login, unit, document_id, households)
            VALUES (\(user.userID), \(user.login), \(user.unit), \(document), \(households))
            """, logger: logger)
    }

    static func record(slips: [Int64], by user: ActingUser, _ connection: PostgresConnection, logger: Logger) async throws {
        guard !slips.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO personal_data_views (user_id, login, unit, slip_ids, households)
            VALUES (\(user.userID), \(user.login), \(user.unit), \(slips), \(slips.count))
            """, logger: logger)
    }
}

extension AccessLog {
    /// A refusal because households are registered elsewhere: it tells the asker that those ID numbers
    /// are registered, so it is logged like a view.
    static func recordRefusal(households: Int, by user: ActingUser, _ connection: PostgresConnection, logger: Logger) async throws
    {
        try await connection.query(
            """
            INSERT INTO personal_data_views (user_id, login, unit, households, purpose)
            VALUES (\(user.userID), \(user.login), \(user.unit), \(max(households, 1)), 'duplicate_refused')
            """, logger: logger)
    }
}
