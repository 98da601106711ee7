import CoalflowCore
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

/// Registration forms (登记表): a village creates one per program year and posts it publicly (公示).
public struct RegistrationStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    /// Stores a new form with its households, all or nothing. Refuses an ID number that is already on
    /// another form of the year (one not rejected or withdrawn), naming that form and its village.
    public func create(year: Int, households: [Household], by user: ActingUser, idempotency: IdempotencyKey? = nil) async throws
        -> Int64
    {
        guard user.unitKind == .village, user.role == .clerk, let street = user.street else {
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "只有村/社区经办人员可以创建登记表", en: "only a village clerk creates registration forms")
        }
        guard !households.isEmpty else {
            throw StoreError(.invalid, code: .emptyForm, zh: "登记表没有农户", en: "the form has no households")
        }
        var seen: [String: Int] = [:]
        var problems: [String] = []
        for (index, household) in households.enumerated() {
            if let first = seen[household.idNumber.value] {
                problems.append("row \(index + 1): id_number: the same ID number as row \(first)")
            } else {
                seen[household.idNumber.value] = index + 1
            }
        }
        guard problems.isEmpty else {
            throw StoreError(
                .invalid, code: .invalidRows, zh: "同一身份证号在表中出现多次", en: "an ID number appears more than once", details: problems)
        }
        let logger = logger
        let keys = try self.keys
        let digests = households.map { keys.lookup($0.idNumber.value) }
        let idSealed = try households.map { ByteBuffer(data: try keys.seal($0.idNumber.value, purpose: "id_number")) }
        let phoneSealed = try households.map { ByteBuffer(data: try keys.seal($0.phone.value, purpose: "phone")) }
        return try await transaction(as: .documents(user)) { connection in
            if let idempotency, let prior = try await idempotency.prior(for: user, connection, logger: logger),
                let id = prior.first
            {
                return id
            }
            let years = try await connection.query("SELECT 1 FROM program_years WHERE year = \(year)", logger: logger).collect()
            guard !years.isEmpty else { throw StoreError.unknownYear(year) }
            let clashes = try await connection.query(
                """
                SELECT id_number_hmac, document_id, origin_unit, origin_name
                FROM registrations_holding(\(year)::int, \(digests.map { ByteBuffer(data: $0) }))
                """, logger: logger
            ).collect()
            if !clashes.isEmpty {
                let rowOf = Dictionary(uniqueKeysWithValues: digests.enumerated().map { ($1, $0 + 1) })
                let details = try clashes.map { row -> String in
                    let (digest, doc, village, name) = try row.decode((Data, Int64, String, String).self)
                    return
                        "row \(rowOf[digest] ?? 0): id_number: already registered for \(year) on \(DocumentID.format(doc)) of \(name) (\(village))"
                }.sorted()
                throw StoreError(
                    .invalid, code: .duplicateHousehold,
                    zh: "有农户已在本年度其他登记表上", en: "some households are already on another form of \(year)", details: details)
            }
            let created = try await connection.query(
                """
                INSERT INTO documents (document_type, year, origin_unit, street_code, created_by)
                VALUES ('registration', \(year), \(user.unit), \(street), \(user.userID)) RETURNING id
                """, logger: logger
            ).collect()
            let id = try created.first!.decode(Int64.self)
            // One statement for all lines: arrays unnested server-side.
            try await connection.query(
                """
                INSERT INTO registration_lines (document_id, line_no, household_name, address, id_number_enc, id_number_hmac, phone_enc,
                                                coal_kg, stoves)
                SELECT \(id), n, name, address, idn, digest, phone, kg, stoves
                FROM unnest(\(Array(1...households.count)), \(households.map(\.name)), \(households.map(\.address)),
                            \(idSealed), \(digests.map { ByteBuffer(data: $0) }), \(phoneSealed), \(households.map(\.coal.thousandths)),
                            \(households.map(\.stoves))) AS t(n, name, address, idn, digest, phone, kg, stoves)
                """, logger: logger)
            try await Self.updateTotals(id, connection, logger: logger)
            try await WorkflowStore.recordEvent(
                id, action: .create, by: user, step: nil, from: .draft, to: .draft,
                comment: nil, connection, logger: logger)
            try await idempotency?.record([id], for: user, connection, logger: logger)
            return id
        }
    }

    /// Recomputes the stored totals from the lines, with the year's rates (per line, rounded to the fen).
    static func updateTotals(_ id: Int64, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE documents d SET households = t.n, coal_kg = t.kg, stoves = t.stoves, subsidy_fen = t.subsidy
            FROM (SELECT count(*) AS n, sum(l.coal_kg) AS kg, sum(l.stoves) AS stoves,
                         sum(subsidy_fen(l.coal_kg, l.stoves, y.coal_subsidy_fen_per_ton, y.stove_subsidy_fen)) AS subsidy
                  FROM registration_lines l JOIN documents dd ON dd.id = l.document_id JOIN program_years y ON y.year = dd.year
                  WHERE l.document_id = \(id)) t
            WHERE d.id = \(id)
            """, logger: logger)
    }

    /// Records the notice period (公示). Allowed to the village's clerk while the form is a draft, being
    /// publicized, returned or withdrawn.
    public func publicize(_ id: Int64, from: CivilDate, to: CivilDate, by user: ActingUser) async throws -> ActionResult {
        guard from <= to else {
            throw StoreError(
                .invalid, code: .invalidInput, zh: "公示开始日期不能晚于结束日期", en: "the notice period must start on or before its end")
        }
        let logger = logger
        return try await transaction(as: .documents(user)) { connection in
            let rows = try await connection.query(
                """
                SELECT document_type, status, origin_unit, street_code, revision FROM documents WHERE id = \(id) FOR UPDATE
                """, logger: logger
            ).collect()
            guard let row = rows.first else { throw WorkflowStore.notFound(id) }
            let (type, status, origin, street, revision) = try row.decode(
                (DocumentType, DocumentStatus, String, String, Int).self)
            guard DocumentScope.of(user).contains(origin: origin, street: street) else { throw WorkflowStore.notFound(id) }
            guard user.unit == origin, user.role == .clerk else {
                throw StoreError(
                    .forbidden, code: .notPermitted, zh: "只有制单村的经办人员可以公示",
                    en: "only a clerk of the originating village can publicize")
            }
            guard type == .registration, [.draft, .publicizing, .returned, .withdrawn].contains(status) else {
                throw StoreError(
                    .conflict, code: .stateConflict, zh: "单据状态为 \(status.rawValue)，不能公示",
                    en: "the document is \(status.rawValue); it cannot be publicized", details: ["status: \(status.rawValue)"])
            }
            try await connection.query(
                """
                UPDATE documents SET status = 'publicizing', notice_from = \(from.description)::date, notice_to = \(to.description)::date,
                    revision = revision + 1, updated_at = now()
                WHERE id = \(id)
                """, logger: logger)
            try await WorkflowStore.recordEvent(
                id, action: .publicize, by: user, step: nil, from: status, to: .publicizing,
                comment: "\(from) – \(to)", connection, logger: logger)
            return .init(
                id: DocumentID.format(id), action: "publicize", status: .publicizing, currentUnit: nil, step: nil,
                revision: revision + 1)
        }
    }
}
