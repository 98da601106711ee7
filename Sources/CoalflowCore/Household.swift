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
    public init(name: String, address: String, idNumber: String, phone: String, coalTons: String, stoves: String)
        throws(InputError)
    {
        self.name = try FreeText.clean(
            name, field: "name", label: Message(zh: "户主姓名", en: "the household head's name"),
            maxLength: Self.maxNameLength)
        self.address = try FreeText.clean(
            address, field: "address", label: Message(zh: "住址", en: "the address"),
            maxLength: Self.maxAddressLength)
        self.idNumber = try ResidentIDNumber(idNumber)
        self.phone = try PhoneNumber(phone)
        self.coal = try Plausible.coal(coalTons)
        let count = try Plausible.stoves(stoves)
        self.stoves = count
        guard coal > .zero || count > 0 else {
            throw InputError(field: "coal_tons", zh: "洁净煤和炉具不能都为 0", en: "coal tons and stoves cannot both be zero")
        }
    }
}
