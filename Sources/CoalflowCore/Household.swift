/// One household (农户) as registered: its head, address, ID number, phone and what it applies for.
public struct Household: Sendable, Hashable {
    public let name: String
    public let address: String
    public let idNumber: ResidentIDNumber
    public let phone: PhoneNumber
    public let coal: Tons
    public let stoves: Int

    public static let maxNameLength = 50
    public static let maxAddressLength = 200

    /// Checks every field and names the first that is wrong.
    public init(name: String, address: String, idNumber: String, phone: String, coalTons: String, stoves: String) throws(InputError) {
        self.name = name.trimmingSpaces()
        guard !self.name.isEmpty else { throw InputError(field: "name", zh: "户主姓名不能为空", en: "the household head's name is empty") }
        guard self.name.count <= Self.maxNameLength else {
            throw InputError(field: "name", zh: "户主姓名最多 \(Self.maxNameLength) 个字", en: "the name has more than \(Self.maxNameLength) characters")
        }
        self.address = address.trimmingSpaces()
        guard !self.address.isEmpty else { throw InputError(field: "address", zh: "住址不能为空", en: "the address is empty") }
        guard self.address.count <= Self.maxAddressLength else {
            throw InputError(field: "address", zh: "住址最多 \(Self.maxAddressLength) 个字", en: "the address has more than \(Self.maxAddressLength) characters")
        }
        self.idNumber = try ResidentIDNumber(idNumber)
        self.phone = try PhoneNumber(phone)
        self.coal = try Tons(parsing: coalTons)
        let stoveText = stoves.trimmingSpaces()
        guard let count = Int(stoveText), count >= 0, count <= 100, stoveText.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw InputError(field: "stoves", zh: "炉具台数「\(stoveText)」应为 0–100 的整数", en: "stoves '\(stoveText)' must be a whole number within 0–100")
        }
        self.stoves = count
        guard coal > .zero || count > 0 else {
            throw InputError(field: "coal_tons", zh: "洁净煤和炉具不能都为 0", en: "coal tons and stoves cannot both be zero")
        }
    }
}
