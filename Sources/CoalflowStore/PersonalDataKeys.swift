import Crypto
import Foundation

/// The keys that protect residents' ID numbers and phones at rest.
///
/// A key file holds one key per line, `ID:BASE64` (32 bytes). The first data key encrypts; every data
/// key decrypts, so keys rotate by adding a new first line and running `coalflow admin rekey`. The
/// line `lookup:BASE64` is the HMAC key behind the searchable digest of ID numbers (duplicate checks,
/// slip lookups); it stays for the life of the data. Lines starting with `#` are comments.
public struct PersonalDataKeys: Sendable {
    public let currentID: String
    // Raw bytes: swift-crypto's SymmetricKey is not Sendable.
    let keys: [String: Data]
    let lookupKey: Data

    public init(parsing text: String, source: String) throws(StoreError) {
        func bad(_ en: String) -> StoreError {
            StoreError(
                .setup, code: .badDataKeys, zh: "数据密钥 \(source) 无效：\(en)", en: "the data keys in \(source) are not valid: \(en)")
        }
        var current: String?
        var keys: [String: Data] = [:]
        var lookup: Data?
        for (number, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let bytes = Data(base64Encoded: parts[1]), bytes.count == 32,
                parts[0].range(of: "^[A-Za-z0-9_-]{1,32}$", options: .regularExpression) != nil
            else {
                throw bad("line \(number + 1) must be ID:BASE64 of 32 bytes")
            }
            let key = bytes
            if parts[0] == "lookup" {
                // The digest key lives as long as the data: a second one would silently win and make every
                // stored digest unfindable (duplicate households would pass).
                guard lookup == nil else { throw bad("line \(number + 1) is a second lookup key; a key file has one") }
                lookup = key
            } else {
                guard keys[parts[0]] == nil else { throw bad("key id \(parts[0]) appears twice") }
                keys[parts[0]] = key
                current = current ?? parts[0]
            }
        }
        guard let current else { throw bad("no data key (a line ID:BASE64)") }
        guard let lookup else { throw bad("no lookup key (a line lookup:BASE64)") }
        self.currentID = current
        self.keys = keys
        self.lookupKey = lookup
    }

    /// The keys in the key file at `path`.
    public init(contentsOfFile path: String) throws(StoreError) {
        // Say why (a container's user may not read a secret owned by the host's user).
        guard access(path, R_OK) == 0 else {
            let reason = String(cString: strerror(errno))
            throw StoreError(
                .setup, code: .dataKeysUnreadable, zh: "无法读取数据密钥文件 \(path)：\(reason)",
                en: "cannot read the data key file \(path): \(reason)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError(
                .setup, code: .dataKeysUnreadable, zh: "数据密钥文件 \(path) 不是 UTF-8 文本",
                en: "the data key file \(path) is not UTF-8 text")
        }
        try self.init(parsing: text, source: path)
    }

    /// A new key file: one data key and the lookup key.
    public static func generateFile(keyID: String = "k1") -> String {
        func fresh() -> String { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() } }
        return """
            # coalflow data keys: keep this file secret and back it up apart from the database.
            # First data key encrypts, all decrypt; add a new first line to rotate, then `coalflow admin rekey`.
            \(keyID):\(fresh())
            lookup:\(fresh())

            """
    }

    /// AES-GCM; the blob carries the key id, so older keys still open it after a rotation. The purpose
    /// (`id_number`, `phone`) is authenticated too: a phone's blob cannot pass for an ID number.
    public func seal(_ text: String, purpose: String) throws -> Data {
        let id = Data(currentID.utf8)
        let box = try AES.GCM.seal(
            Data(text.utf8), using: SymmetricKey(data: keys[currentID]!), authenticating: Data(purpose.utf8))
        return Data([UInt8(id.count)]) + id + box.combined!
    }

    public func open(_ blob: Data, purpose: String) throws -> String {
        guard let length = blob.first.map(Int.init), blob.count > 1 + length + 28 else { throw Self.unreadable("?") }
        let id = String(decoding: blob.dropFirst().prefix(length), as: UTF8.self)
        guard let key = keys[id] else { throw Self.unreadable(id) }
        do {
            let box = try AES.GCM.SealedBox(combined: blob.dropFirst(1 + length))
            return String(
                decoding: try AES.GCM.open(box, using: SymmetricKey(data: key), authenticating: Data(purpose.utf8)), as: UTF8.self
            )
        } catch {
            throw Self.unreadable(id)
        }
    }

    public func keyID(of blob: Data) -> String? {
        guard let length = blob.first.map(Int.init), blob.count > 1 + length else { return nil }
        return String(decoding: blob.dropFirst().prefix(length), as: UTF8.self)
    }

    /// The keyed digest an ID number is found by; equal numbers, equal digests.
    public func lookup(_ idNumber: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(idNumber.utf8), using: SymmetricKey(data: lookupKey)))
    }

    static func unreadable(_ id: String) -> StoreError {
        StoreError(
            .setup, code: .dataKeyMissing,
            zh: "无法解密个人信息：缺少数据密钥 \(id)，或数据已被改动",
            en: "cannot decrypt personal data: data key \(id) is missing, or the data was altered")
    }

    /// Work on personal data was given no keys.
    public static let missing = StoreError(
        .setup, code: .dataKeysMissing,
        zh: "未配置数据密钥：设置 COALFLOW_DATA_KEYS_FILE（或 COALFLOW_DATA_KEYS）",
        en: "no data keys: set COALFLOW_DATA_KEYS_FILE (or COALFLOW_DATA_KEYS)")
}
