/// The kind of a participating unit (单位).
public enum UnitKind: String, Sendable, CaseIterable, Codable {
    /// 领导小组办公室, the leading group office.
    case office
    /// A district bureau that is a member of the leading group (发改局, 财政局, 交运局, …).
    case bureau
    /// 街道 / 镇, a street or town.
    case street
    /// 村 / 社区, a village or community; belongs to one street.
    case village
    /// 配送企业, a delivery company.
    case company

    public var label: Message {
        switch self {
        case .office: Message(zh: "领导小组办公室", en: "leading group office")
        case .bureau: Message(zh: "成员单位", en: "member bureau")
        case .street: Message(zh: "街道/镇", en: "street/town")
        case .village: Message(zh: "村/社区", en: "village/community")
        case .company: Message(zh: "配送企业", en: "delivery company")
        }
    }
}

/// What a person may do for their unit.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Prepares and submits (经办).
    case clerk
    /// Approves for the unit (审核).
    case reviewer
    /// Reads (查看).
    case viewer
    /// Administers the system; only in the office.
    case admin
}

/// A product delivered under a contract: clean coal by the ton or stoves by the piece.
public enum Product: String, Sendable, CaseIterable, Codable {
    case coal, stove
}

/// Unit codes are short ASCII identifiers, e.g. `caiyuan`, `fgj`.
public enum UnitCode {
    public static func validate(_ code: String, field: String = "code") throws(InputError) {
        let ok =
            (2...32).contains(code.count)
            && code.first.map { $0.isASCII && $0.isLowercase } == true
            && code.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }
        guard ok else {
            throw InputError(
                field: field,
                zh: "单位代码「\(code)」无效：应为 2–32 位小写字母、数字、_ 或 -，以字母开头",
                en: "unit code '\(code)' is not valid: 2–32 lowercase letters, digits, _ or -, starting with a letter")
        }
    }
}
