/// The two documents that travel a route.
public enum DocumentType: String, Sendable, CaseIterable, Codable {
    /// 登记表, a village's household registration form for a program year.
    case registration
    /// 销售汇总表, a company's monthly sales summary for one street.
    case summary
    /// 问题线索, a problem assigned to the unit that must deal with it (派单 → 处置 → 核查办结).
    case `case`
    /// 摸底台账, a village's survey of homes without clean heating, confirmed by its street.
    case survey

    /// Who may approve, return or reject at a step: reviewers for the approval chain; for a case the
    /// unit's clerks too (a unit handles what it was assigned, plan §六(二)).
    public func mayReview(_ role: Role) -> Bool {
        self == .case ? role != .viewer : role == .reviewer
    }
}

/// Where a document stands. Spelled exactly as the command-line contract pins them.
public enum DocumentStatus: String, Sendable, CaseIterable, Codable {
    case draft
    /// 公示: a registration whose notice period has been set.
    case publicizing
    case inReview = "in_review"
    /// 退回: back with the originator for correction.
    case returned
    /// 备案: the last step approved it.
    case filed
    case rejected
    /// 撤回: the originator took it back before anyone acted.
    case withdrawn
}

extension DocumentType {
    public var label: Message {
        switch self {
        case .registration: Message(zh: "登记表", en: "registration")
        case .summary: Message(zh: "销售汇总表", en: "summary")
        case .case: Message(zh: "问题线索", en: "case")
        case .survey: Message(zh: "摸底台账", en: "survey")
        }
    }
}

extension DocumentStatus {
    public var label: Message {
        switch self {
        case .draft: Message(zh: "草稿", en: "draft")
        case .publicizing: Message(zh: "公示中", en: "publicizing")
        case .inReview: Message(zh: "审批中", en: "in review")
        case .returned: Message(zh: "已退回", en: "returned")
        case .filed: Message(zh: "已备案", en: "filed")
        case .rejected: Message(zh: "已驳回", en: "rejected")
        case .withdrawn: Message(zh: "已撤回", en: "withdrawn")
        }
    }
}
