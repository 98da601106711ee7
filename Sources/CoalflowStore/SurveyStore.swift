import CoalflowCore
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

/// The survey ledger (摸底台账) and coverage (全覆盖). A village records its homes, all or nothing; its
/// street confirms the ledger (the engine's survey route); coverage compares the confirmed ledgers
/// with the live registration forms of the year, by ID digest.
public struct SurveyStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    /// Stores a village's survey as a draft; returns its id. The same ID number twice is refused.
    public func create(year: Int, homes: [SurveyedHome], by user: ActingUser) async throws -> Int64 {
        guard user.unitKind == .village, user.role != .viewer, let street = user.street else {
            throw StoreError(.forbidden, code: .notPermitted, zh: "只有村/社区可以录入摸底台账", en: "only a village records a survey")
        }
        guard !homes.isEmpty else {
            throw StoreError(.invalid, code: .emptyForm, zh: "摸底台账没有农户", en: "the survey has no homes")
        }
        var seen: [String: Int] = [:]
        var problems: [String] = []
        for (index, home) in homes.enumerated() {
            if let first = seen.updateValue(index + 1, forKey: home.idNumber.value) {
                problems.append("row \(index + 1): id_number: the same ID number as row \(first)")
            }
        }
        guard problems.isEmpty else {
            throw StoreError(
                .invalid, code: .invalidRows, zh: "同一身份证号在表中出现多次", en: "an ID number appears more than once", details: problems)
        }
        let keys = try keys
        let sealed = try homes.map { ByteBuffer(data: try keys.seal($0.idNumber.value, purpose: "id_number")) }
        let digests = homes.map { ByteBuffer(data: keys.lookup($0.idNumber.value)) }
        let logger = logger
        return try await transaction(as: .documents(user)) { connection in
            let years = try await connection.query("SELECT 1 FROM program_years WHERE year = \(year)", logger: logger).collect()
            guard !years.isEmpty else { throw StoreError.unknownYear(year) }
            let created = try await connection.query(
                """
                INSERT INTO documents (document_type, year, origin_unit, street_code, households, coal_kg, created_by)
                VALUES ('survey', \(year), \(user.unit), \(street), \(homes.count),
                        \(homes.reduce(Int64(0)) { $0 + $1.coalUse.thousandths }), \(user.userID))
                RETURNING id
                """, logger: logger
            ).collect()
            let id = try created[0].decode(Int64.self)
            try await connection.query(
                """
                INSERT INTO survey_lines (document_id, line_no, household_name, address, id_number_enc, id_number_hmac, heating,
                                          coal_use_kg, coal_stock_kg)
                SELECT \(id), n, name, address, idn, digest, heating, use_kg, stock_kg
                FROM unnest(\(Array(1...homes.count)), \(homes.map(\.name)), \(homes.map(\.address)), \(sealed), \(digests),
                            \(homes.map(\.heating.rawValue)), \(homes.map(\.coalUse.thousandths)), \(homes.map(\.coalStock.thousandths)))
                     AS t(n, name, address, idn, digest, heating, use_kg, stock_kg)
                """, logger: logger)
            try await WorkflowStore.recordEvent(
                id, action: .create, by: user, step: nil, from: .draft, to: .draft, comment: nil, connection, logger: logger)
            return id
        }
    }

    /// A survey's homes, ID numbers masked unless `unmasked`.
    static func homes(_ id: Int64, unmasked: Bool, keys: PersonalDataKeys, _ connection: PostgresConnection, logger: Logger)
        async throws -> [SurveyedHomeView]
    {
        try await connection.query(
            """
            SELECT line_no, household_name, address, id_number_enc, heating, coal_use_kg, coal_stock_kg
            FROM survey_lines WHERE document_id = \(id) ORDER BY line_no
            """, logger: logger
        ).collect().map { row in
            let (no, name, address, sealed, heating, use, stock) = try row.decode(
                (Int, String, String, Data, String, Int64, Int64).self)
            let idNumber = try keys.open(sealed, purpose: "id_number")
            return SurveyedHomeView(
                lineNo: no, name: name, address: address, idNumber: unmasked ? idNumber : Masking.idNumber(idNumber),
                heating: Heating(rawValue: heating) ?? .other, coalUseTons: Tons(thousandths: use).description,
                coalStockTons: Tons(thousandths: stock).description)
        }
    }

    /// Coverage per village of the reader's scope (or of `street`): the district units see every street,
    /// a street its own villages, a village itself. IDs of homes not registered are always masked; the
    /// village's coordinator (协查员) comes with it.
    public func coverage(year: Int, street: String?, user: ActingUser) async throws -> [CoverageRow] {
        if case .none = DocumentScope.of(user) {
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "覆盖情况供领导小组办公室、区发改局、区财政局、街道和村查看",
                en: "coverage is for the office, fgj, czj, the streets and the villages")
        }
        let keys = try keys
        let rows = try await rows(
            """
            SELECT c.street_code, c.village_code, s.name, v.name, c.household_name, c.id_number_enc, c.burns_coal, c.registered
            FROM survey_coverage(\(year)::int, \(street)::text) c
            LEFT JOIN units s ON s.code = c.street_code LEFT JOIN units v ON v.code = c.village_code
            """,
            as: .documents(user))
        var byVillage: [String: CoverageRow] = [:]
        for row in rows {
            let (streetCode, village, streetName, villageName, name, sealed, burnsCoal, registered) = try row.decode(
                (String, String, String?, String?, String, Data, Bool, Bool).self)
            var entry =
                byVillage[village]
                ?? CoverageRow(
                    street: streetCode, village: village, surveyed: 0, burningCoal: 0, registered: 0, notRegistered: [])
            (entry.streetName, entry.villageName) = (streetName ?? streetCode, villageName ?? village)
            entry.surveyed += 1
            if burnsCoal {
                entry.burningCoal += 1
                if registered {
                    entry.registered += 1
                } else {
                    let idNumber = try keys.open(sealed, purpose: "id_number")
                    entry.notRegistered.append(.init(name: name, idNumber: Masking.idNumber(idNumber)))
                }
            }
            byVillage[village] = entry
        }
        for coordinator in try await CoordinatorStore(context: context).coordinators(street: street, for: user) {
            byVillage[coordinator.village]?.coordinator = coordinator
        }
        return byVillage.values.sorted { ($0.street, $0.village) < ($1.street, $1.village) }
    }
}
