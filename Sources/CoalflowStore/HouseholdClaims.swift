import CoalflowCore
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

/// One household, one live registration form a year (sql/0007): the claims are the database's, these
/// are the refusals a village reads. A village learns only that a household is registered elsewhere,
/// never which form or village holds it (PIPL: no oracle over ID numbers); its street sees that in the
/// form's checks.
enum HouseholdClaims {
    /// Refuses when any of these households is claimed this year by another form than `own`.
    static func refuseHeld(
        year: Int, digests: [Data], except own: Int64?, _ connection: PostgresConnection, logger: Logger
    ) async throws {
        let rowOf = Dictionary(digests.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        var rows: [Int] = []
        for try await (digest, holder) in try await connection.query(
            """
            SELECT id_number_hmac, document_id FROM registrations_holding(\(year)::int, \(digests.map { ByteBuffer(data: $0) }))
            """, logger: logger
        ).decode((Data, Int64).self) where holder != own {
            rows.append(rowOf[digest] ?? 0)
        }
        guard rows.isEmpty else { throw taken(rows: rows.sorted(), year: year) }
    }

    /// `rows` are CSV rows (create, amend) or, with `lines`, the form's line numbers (submit).
    static func taken(rows: [Int], year: Int?, lines: Bool = false) -> StoreError {
        StoreError(
            .invalid, code: .duplicateHousehold,
            zh: "有农户已在本年度\(year.map { "（\($0)）" } ?? "")其他登记表上登记，请向所属街道核实",
            en: "some households are already registered elsewhere \(year.map { "for \($0)" } ?? "this year"); ask your street",
            details: rows.isEmpty
                ? ["a household is registered elsewhere this year; ask your street"]
                : rows.map { "\(lines ? "line" : "row") \($0): id_number: registered elsewhere this year; ask your street" })
    }

    /// Two forms claiming one household at the same moment: the primary key of `household_claims` let the
    /// first through and refused the second.
    static func isClaimRace(_ error: any Error) -> Bool {
        guard let psql = error as? PSQLError, psql.sqlState == "23505" else { return false }
        return psql.serverInfo?[.constraintName] == "household_claims_pkey"
    }
}

extension Repository {
    /// Runs a create, amend or submit for `user`; a refusal because households are registered elsewhere
    /// (found first, or lost in a race on the claims) is written to the personal-data access log, in a
    /// transaction of its own since the refused one rolls back.
    func refusingTakenHouseholds<T: Sendable>(
        year: Int?, by user: ActingUser, _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let error where HouseholdClaims.isClaimRace(error) || (error as? StoreError)?.code == .duplicateHousehold {
            let refusal = (error as? StoreError) ?? HouseholdClaims.taken(rows: [], year: year)
            let households = refusal.details.count
            let logger = logger
            try await transaction(as: .documents(user)) { connection in
                try await AccessLog.recordRefusal(households: households, by: user, connection, logger: logger)
            }
            throw refusal
        }
    }
}
