import CoalflowCore
import Logging
import PostgresNIO

/// Inspections (检查记录): what a unit checked, when and where. Who may record which kind follows the
/// plan's duties (`InspectionKind.mayBeRecorded`); row-level security lets only the recording unit write.
public struct InspectionStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    /// Records an inspection for the user's unit; returns it as it now reads.
    public func record(_ record: InspectionRecord, by user: ActingUser) async throws -> InspectionView {
        guard user.role != .viewer, record.kind.mayBeRecorded(by: user.unit, kind: user.unitKind) else {
            throw StoreError(
                .forbidden, code: .notPermitted,
                zh: "本单位不负责\(record.kind.label.zh)（见 README 检查职责表）",
                en: "your unit does not record \(record.kind.label.en) inspections (see the duties table in the README)")
        }
        func refuse(_ field: String, _ zh: String, _ en: String) -> StoreError {
            StoreError(InputError(field: field, zh: zh, en: en))
        }
        guard (0...100_000).contains(record.checked) else {
            throw refuse("checked", "检查数应在 0–100000 之间", "checked must be within 0–100000")
        }
        guard record.problems >= 0 else { throw refuse("problems", "问题数不能为负", "problems must not be negative") }
        if record.kind == .publicity, record.problems != 0 {
            throw refuse("problems", "宣传记录没有问题数，应为 0", "publicity finds no problems; give 0")
        }
        if record.kind != .publicity, record.problems > record.checked {
            throw refuse("problems", "问题数不能多于检查数", "problems cannot exceed checked")
        }
        let note = try record.note.map { try CaseStore.text($0, field: "note", label: Message(zh: "备注", en: "the note")) }
        switch user.unitKind {
        case .street where record.street != user.unit:
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "只能记录本街道的检查", en: "a street records inspections in its own street")
        case .village where record.village != user.unit:
            throw StoreError(
                .forbidden, code: .notPermitted, zh: "只能记录本村的检查（--village）",
                en: "a village records its own inspections (--village)")
        default: break
        }
        let logger = logger
        return try await transaction(as: .documents(user)) { connection in
            let places = try await connection.query(
                """
                SELECT (SELECT kind FROM units WHERE code = \(record.street)),
                       (SELECT parent_code FROM units WHERE code = \(record.village) AND kind = 'village'),
                       (SELECT name FROM units WHERE code = \(user.unit)), (SELECT name FROM units WHERE code = \(record.street)),
                       (SELECT name FROM units WHERE code = \(record.village)),
                       (SELECT y.year FROM program_years y WHERE \(record.date.description)::date BETWEEN y.starts_on AND y.ends_on
                        ORDER BY y.year DESC LIMIT 1),
                       \(record.date.description)::date <= program_today()
                """, logger: logger
            ).collect()
            let (street, villageStreet, unitName, streetName, villageName, year, past) = try places[0].decode(
                (String?, String?, String?, String?, String?, Int?, Bool).self)
            guard street == UnitKind.street.rawValue else { throw StoreError.unknownUnit(record.street) }
            if let village = record.village, villageStreet != record.street {
                throw refuse(
                    "village", "村 \(village) 不在街道 \(record.street)", "village \(village) is not in street \(record.street)")
            }
            guard let year else {
                throw refuse("date", "\(record.date) 不在任何年度内", "\(record.date) is in no program year")
            }
            guard past else { throw refuse("date", "检查日期不能晚于今天", "the date cannot be after today") }
            let rows = try await connection.query(
                """
                INSERT INTO inspections (unit_code, kind, inspected_on, year, street_code, village_code, checked, problems, note,
                                         created_by)
                VALUES (\(user.unit), \(record.kind.rawValue), \(record.date.description)::date, \(year), \(record.street),
                        \(record.village), \(record.checked), \(record.problems), \(note), \(user.userID))
                RETURNING id
                """, logger: logger
            ).collect()
            var stored = record
            stored.note = note
            return InspectionView(
                id: try rows[0].decode(Int64.self), unit: user.unit, record: stored, unitName: unitName, streetName: streetName,
                villageName: villageName)
        }
    }

    /// Inspections the user may see (its own unit's, its street's or village's, or all for the district),
    /// newest first.
    public func list(
        _ user: ActingUser, unit: String? = nil, kind: InspectionKind? = nil, month: CivilDate? = nil,
        limit: Int = Paging.defaultLimit, offset: Int = 0
    ) async throws -> [InspectionView] {
        let query: PostgresQuery = """
            SELECT id, unit_code, kind, inspected_on::text, street_code, village_code, checked, problems, note,
                   (SELECT u.name FROM units u WHERE u.code = unit_code), (SELECT u.name FROM units u WHERE u.code = street_code),
                   (SELECT u.name FROM units u WHERE u.code = village_code)
            FROM inspections
            WHERE (\(unit)::text IS NULL OR unit_code = \(unit)) AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue))
              AND (\(month?.description)::date IS NULL OR date_trunc('month', inspected_on) = \(month?.description)::date)
            ORDER BY inspected_on DESC, id DESC LIMIT \(limit) OFFSET \(offset)
            """
        return try await rows(query, as: .documents(user)).map { row in
            let (id, unit, kind, date, street, village, checked, problems, note, unitName, streetName, villageName) =
                try row.decode(
                    (Int64, String, InspectionKind, String, String, String?, Int, Int, String?, String?, String?, String?).self)
            let record = InspectionRecord(
                kind: kind, date: try CivilDate(parsing: date), street: street, village: village, checked: checked,
                problems: problems, note: note)
            return InspectionView(
                id: id, unit: unit, record: record, unitName: unitName, streetName: streetName, villageName: villageName)
        }
    }
}
