import CoalflowCore
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

/// Households as a form stores them: the row rules checked, ID numbers and phones sealed with the data
/// keys, and each ID number's digest, by which households are found and claimed.
struct SealedHouseholds: Sendable {
    let households: [Household]
    let digests: [Data]
    let idSealed: [ByteBuffer]
    let phoneSealed: [ByteBuffer]

    init(_ households: [Household], keys: PersonalDataKeys) throws {
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
        self.households = households
        digests = households.map { keys.lookup($0.idNumber.value) }
        idSealed = try households.map { ByteBuffer(data: try keys.seal($0.idNumber.value, purpose: "id_number")) }
        phoneSealed = try households.map { ByteBuffer(data: try keys.seal($0.phone.value, purpose: "phone")) }
    }

    /// The households at `indices` as lines of form `id`, numbered from `firstLine`, in one statement.
    /// Each line claims its household for the year (sql/0007).
    func insert(into id: Int64, at indices: [Int], firstLine: Int, _ connection: PostgresConnection, logger: Logger) async throws
    {
        let chosen = indices.map { households[$0] }
        try await connection.query(
            """
            INSERT INTO registration_lines (document_id, line_no, household_name, address, id_number_enc, id_number_hmac, phone_enc,
                                            coal_kg, stoves)
            SELECT \(id), n, name, address, idn, digest, phone, kg, stoves
            FROM unnest(\(Array(firstLine..<(firstLine + indices.count))), \(chosen.map(\.name)), \(chosen.map(\.address)),
                        \(indices.map { idSealed[$0] }), \(indices.map { ByteBuffer(data: digests[$0]) }), \(indices.map { phoneSealed[$0] }),
                        \(chosen.map(\.coal.thousandths)), \(chosen.map(\.stoves))) AS t(n, name, address, idn, digest, phone, kg, stoves)
            """, logger: logger)
    }
}

/// A form's header and totals, as an amendment reads it before and after.
struct FormHeader: Sendable {
    let type: DocumentType, status: DocumentStatus, origin: String, street: String, year: Int, revision: Int
    let households: Int, coalKg: Int64, stoves: Int, subsidyFen: Int64

    static func read(_ id: Int64, locking: Bool, _ connection: PostgresConnection, logger: Logger) async throws -> FormHeader? {
        let rows = try await connection.query(
            """
            SELECT document_type, status, origin_unit, street_code, year, revision, households, coal_kg, stoves, subsidy_fen
            FROM documents WHERE id = \(id) \(unescaped: locking ? "FOR UPDATE" : "")
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let (type, status, origin, street, year, revision, households, kg, stoves, subsidy) = try row.decode(
            (DocumentType, DocumentStatus, String, String, Int, Int, Int, Int64, Int, Int64).self)
        return FormHeader(
            type: type, status: status, origin: origin, street: street, year: year, revision: revision, households: households,
            coalKg: kg, stoves: stoves, subsidyFen: subsidy)
    }

    /// The document, locked, if the user may correct it now (退回 is a request to correct): a clerk of the
    /// unit that made it, a document of `type`, and a draft, returned or withdrawn one.
    static func lockForCorrection(
        _ id: Int64, _ type: DocumentType, by user: ActingUser, _ connection: PostgresConnection, logger: Logger
    ) async throws -> FormHeader {
        guard let form = try await read(id, locking: true, connection, logger: logger),
            DocumentScope.of(user).contains(origin: form.origin, street: form.street)
        else { throw WorkflowStore.notFound(id) }
        guard user.unit == form.origin, user.role == .clerk else {
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "只有制单单位的经办人员可以修改\(type.label.zh)",
                en: "only a clerk of the unit that made the \(type.label.en) can correct it")
        }
        guard form.type == type, [.draft, .returned, .withdrawn].contains(form.status) else {
            throw StoreError(
                .conflict, code: .stateConflict,
                zh: "单据状态为 \(form.status.label.zh)，只有草稿、已退回或已撤回的\(type.label.zh)可以修改",
                en:
                    "the document is \(form.status.rawValue); only a draft, returned or withdrawn \(type.label.en) can be corrected",
                details: ["status: \(form.status.rawValue)"])
        }
        return form
    }

    /// What an amendment changed, for the history: totals before → after.
    func totalsChange(to after: FormHeader) -> String {
        "households \(households) → \(after.households); coal \(Tons(thousandths: coalKg)) → \(Tons(thousandths: after.coalKg)) t; "
            + "stoves \(stoves) → \(after.stoves); subsidy \(Fen(subsidyFen).yuan) → \(Fen(after.subsidyFen).yuan) yuan"
    }
}

/// How a form's lines become the amended list: matched by ID number digest, a kept household keeps its
/// line (slips name it), a changed one is updated, a new one is added after the last line, a dropped one
/// is deleted, and with it its claim.
struct LineChange: Sendable {
    let form: Int64
    let sealed: SealedHouseholds
    var dropped: [Int] = []
    /// (line, index into `sealed`) of kept households whose name, address, phone or quantities changed.
    var updated: [(line: Int, index: Int)] = []
    var added: [Int] = []
    var firstNewLine = 1

    var changes: Bool { !dropped.isEmpty || !updated.isEmpty || !added.isEmpty }

    init(form: Int64, to sealed: SealedHouseholds, keys: PersonalDataKeys, _ connection: PostgresConnection, logger: Logger)
        async throws
    {
        self.form = form
        self.sealed = sealed
        let indexOf = Dictionary(uniqueKeysWithValues: sealed.digests.enumerated().map { ($1, $0) })
        var kept: Set<Int> = []
        for try await (line, digest, name, address, phoneSealed, kg, stoves) in try await connection.query(
            """
            SELECT line_no, id_number_hmac, household_name, address, phone_enc, coal_kg, stoves
            FROM registration_lines WHERE document_id = \(form) ORDER BY line_no
            """, logger: logger
        ).decode((Int, Data, String, String, Data, Int64, Int).self) {
            firstNewLine = max(firstNewLine, line + 1)
            guard let index = indexOf[digest] else {
                dropped.append(line)
                continue
            }
            kept.insert(index)
            let new = sealed.households[index]
            let phone = try keys.open(phoneSealed, purpose: "phone")
            if (name, address, phone, kg, stoves) != (new.name, new.address, new.phone.value, new.coal.thousandths, new.stoves) {
                updated.append((line, index))
            }
        }
        added = sealed.households.indices.filter { !kept.contains($0) }
    }

    func apply(_ connection: PostgresConnection, logger: Logger) async throws {
        if !dropped.isEmpty {
            do {
                try await connection.query(
                    "DELETE FROM registration_lines WHERE document_id = \(form) AND line_no = ANY(\(dropped))", logger: logger)
            } catch let error as PSQLError where error.sqlState == "23503" {
                throw StoreError(
                    .invalid, code: .invalidRows, zh: "已开具销售单的农户不能从登记表中删除（可修改其数量）",
                    en: "households with sales slips stay on the form (their quantities may change)",
                    details: [
                        "lines \(dropped.map(String.init).joined(separator: ", ")) of the form: one of them has sales slips"
                    ])
            }
        }
        if !updated.isEmpty {
            let households = updated.map { sealed.households[$0.index] }
            try await connection.query(
                """
                UPDATE registration_lines l SET household_name = t.name, address = t.address, phone_enc = t.phone, coal_kg = t.kg,
                       stoves = t.stoves
                FROM unnest(\(updated.map(\.line)), \(households.map(\.name)), \(households.map(\.address)),
                            \(updated.map { sealed.phoneSealed[$0.index] }), \(households.map(\.coal.thousandths)),
                            \(households.map(\.stoves))) AS t(line, name, address, phone, kg, stoves)
                WHERE l.document_id = \(form) AND l.line_no = t.line
                """, logger: logger)
        }
        if !added.isEmpty {
            try await sealed.insert(into: form, at: added, firstLine: firstNewLine, connection, logger: logger)
        }
    }
}
