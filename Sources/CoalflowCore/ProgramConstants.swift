/// Bounds and settings named once, used by every layer. The SQL schema states the same year range in
/// `program_years` and the same time zone in `program_local_time` (sql/0002).
public enum ProgramYear {
    /// A program year is named after the plan's year.
    public static let range = 2000...2100
}

/// The program's clock: dates and times are those of Tai'an.
public enum ProgramClock {
    public static let timeZoneIdentifier = "Asia/Shanghai"
}

/// Pages of documents, slips and the like.
public enum Paging {
    /// A page when the caller does not say.
    public static let defaultLimit = 500
    /// The largest page one request may ask for.
    public static let maxLimit = 5000
    public static let limits = 1...maxLimit
}

/// The largest figures plausible input holds, named once. Above them input is refused with a clear
/// message, and no arithmetic on stored figures can overflow (kg × fen per ton stays far inside Int64).
public enum Plausible {
    /// Clean coal for one household in one program year: a home burns 2–3 t in a heating season.
    public static let coalPerHousehold = Tons(thousandths: 50_000)
    /// Stoves for one household.
    public static let stovesPerHousehold = 100
    /// A unit price or a subsidy rate, per ton or per stove: 100,000 yuan.
    public static let price = Fen(100_000_00)

    /// A household's clean coal, `12.5`: tons with at most 3 decimals, at most `coalPerHousehold`.
    public static func coal(_ text: String, field: String = "coal_tons") throws(InputError) -> Tons {
        let coal = try Tons(parsing: text, field: field)
        guard coal <= coalPerHousehold else {
            throw InputError(
                field: field, zh: "洁净煤 \(coal) 吨超过一户一年的上限 \(coalPerHousehold) 吨",
                en: "\(coal) t of clean coal is more than one household's yearly maximum of \(coalPerHousehold) t")
        }
        return coal
    }

    /// A household's stoves: a whole number within 0–`stovesPerHousehold`.
    public static func stoves(_ raw: String, field: String = "stoves") throws(InputError) -> Int {
        let text = raw.trimmingSpaces()
        guard let count = Int(text), (0...stovesPerHousehold).contains(count), text.allSatisfy({ $0.isASCII && $0.isNumber })
        else {
            throw InputError(
                field: field, zh: "炉具台数「\(text)」应为 0–\(stovesPerHousehold) 的整数",
                en: "stoves '\(text)' must be a whole number within 0–\(stovesPerHousehold)")
        }
        return count
    }

    /// A price or rate as an administrator sets it: above 0 (or 0 for a rate) and at most `price`.
    public static func checkPrice(_ price: Fen, field: String) throws(InputError) {
        guard price <= Self.price else {
            throw InputError(
                field: field, zh: "\(price.yuan) 元超过上限 \(Self.price.yuan) 元",
                en: "\(price.yuan) yuan is above the maximum of \(Self.price.yuan)")
        }
    }
}
