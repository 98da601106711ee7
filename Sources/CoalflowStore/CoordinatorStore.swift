import CoalflowCore
import Foundation
import NIOCore
import NIOFoundationCompat
import PostgresNIO

/// Each village's coordinator (协查员, plan §六(四)): a named village committee member with a phone,
/// sealed like every phone. The operator sets them; the district, a street and a village read theirs.
public struct CoordinatorStore: Repository {
    public let context: StoreContext

    public init(context: StoreContext) {
        self.context = context
    }

    /// Sets a village's coordinator, replacing the one before. Operator work, as the owner.
    public func set(village: String, name: String, phone: String) async throws {
        let (cleanName, number): (String, PhoneNumber)
        do {
            cleanName = try FreeText.clean(
                name, field: "name", label: Message(zh: "协查员姓名", en: "the coordinator's name"),
                maxLength: Household.maxNameLength)
            number = try PhoneNumber(phone)
        } catch {
            throw StoreError(error)
        }
        let kinds = try await client.query("SELECT kind FROM units WHERE code = \(village)", logger: logger).collect()
        guard let kind = try kinds.first?.decode(String.self) else { throw StoreError.unknownUnit(village) }
        guard kind == UnitKind.village.rawValue else { throw StoreError.wrongKind(village, is: kind, expected: .village) }
        let sealed = ByteBuffer(data: try keys.seal(number.value, purpose: "phone"))
        try await client.query(
            """
            INSERT INTO village_coordinators (village_code, name, phone_enc) VALUES (\(village), \(cleanName), \(sealed))
            ON CONFLICT (village_code) DO UPDATE SET name = EXCLUDED.name, phone_enc = EXCLUDED.phone_enc, updated_at = now()
            """, logger: logger)
    }

    /// The coordinators the user may see, of one street's villages or of all, phones masked.
    public func coordinators(street: String?, for user: ActingUser) async throws -> [VillageCoordinator] {
        let keys = try keys
        let rows = try await rows(
            """
            SELECT c.village_code, c.name, c.phone_enc FROM village_coordinators c JOIN units u ON u.code = c.village_code
            WHERE (\(street)::text IS NULL OR u.parent_code = \(street)) ORDER BY u.parent_code, c.village_code
            """, as: .documents(user))
        return try rows.map { row in
            let (village, name, sealed) = try row.decode((String, String, Data).self)
            let phone = try keys.open(sealed, purpose: "phone")
            return VillageCoordinator(village: village, name: name, phone: Masking.phone(phone))
        }
    }
}
