/// The two documents that travel a route.
public enum DocumentType: String, Sendable, CaseIterable, Codable {
    /// 登记表, a village's household registration form for a program year.
    case registration
    /// 销售汇总表, a company's monthly sales summary for one street.
    case summary
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
