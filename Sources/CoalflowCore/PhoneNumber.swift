/// A contact phone (联系电话): an 11-digit mobile beginning with 1, or a landline with its area code
/// (`0538-8221234`, `05388221234`).
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// Digits only, with the landline area code separated by `-`.
    public let value: String
    public let isMobile: Bool

    public init(_ raw: String, field: String = "phone") throws(InputError) {
        let text = raw.trimmingSpaces()
        let invalid = InputError(
            field: field,
            zh: "电话「\(text)」无效：应为以 1 开头的 11 位手机号，或带区号的固定电话（如 0538-8221234）",
            en:
                "phone '\(text)' is not valid: expected an 11-digit mobile starting with 1, or a landline with area code (e.g. 0538-8221234)"
        )
        let groups = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty, groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
            throw invalid
        }
        let digits = groups.joined()
        if groups.count == 1, digits.count == 11, digits.hasPrefix("1") {
            value = digits
            isMobile = true
            return
        }
        // Landline: area code 0 + 2–3 digits, local number of 7–8 digits.
        let area: String
        let local: String
        if groups.count == 2 {
            (area, local) = (groups[0], groups[1])
        } else if groups.count == 1, digits.hasPrefix("0") {
            let areaLength = digits.hasPrefix("01") || digits.hasPrefix("02") ? 3 : 4
            (area, local) = (String(digits.prefix(areaLength)), String(digits.dropFirst(areaLength)))
        } else {
            throw invalid
        }
        guard area.hasPrefix("0"), (3...4).contains(area.count), (7...8).contains(local.count), !local.hasPrefix("0") else {
            throw invalid
        }
        value = area + "-" + local
        isMobile = false
    }

    /// Mobile `138****5678`; landline keeps the area code and the last two digits.
    public var masked: String {
        if isMobile { return String(value.prefix(3)) + "****" + String(value.suffix(4)) }
        let parts = value.split(separator: "-")
        return parts[0] + "-" + String(repeating: "*", count: parts[1].count - 2) + parts[1].suffix(2)
    }

    public var description: String { masked }
}
