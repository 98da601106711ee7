// The words people read for the codes of the wire, in both languages: one set, for the command line's
// human output and for web pages alike. Unit kinds, document types and statuses have theirs beside
// their enums (`UnitKind.label`, `DocumentType.label`, `DocumentStatus.label`); these are the rest.

extension EventAction {
    /// What a history entry says was done: 同意, 退回, 提交 … In English as a history reads it
    /// ("approved", "returned"), which also ends a sentence such as "D12 approved".
    public var label: Message {
        switch self {
        case .create: Message(zh: "制单", en: "created")
        case .publicize: Message(zh: "公示", en: "publicized")
        case .amend: Message(zh: "修改", en: "amended")
        case .void: Message(zh: "作废", en: "voided")
        case .submit: Message(zh: "提交", en: "submitted")
        case .approve: Message(zh: "同意", en: "approved")
        case .return: Message(zh: "退回", en: "returned")
        case .reject: Message(zh: "驳回", en: "rejected")
        case .withdraw: Message(zh: "撤回", en: "withdrawn")
        case .comment: Message(zh: "评论", en: "commented")
        case .urge: Message(zh: "催办", en: "urged")
        case .transfer: Message(zh: "转办", en: "transferred")
        }
    }
}

extension WorkflowAction {
    /// The same words as the history's (`EventAction.label`).
    public var label: Message { EventAction(self).label }
}

extension CheckKind {
    /// The check's name as a reviewer reads it.
    public var label: Message {
        switch self {
        case .idNumbersValid: Message(zh: "身份证号有效", en: "ID numbers valid")
        case .noDuplicateHouseholds: Message(zh: "农户未重复登记", en: "no household registered twice")
        case .noticePeriod: Message(zh: "公示期已满", en: "notice period over")
        case .totalsMatch: Message(zh: "合计相符", en: "totals match")
        case .sealValid: Message(zh: "企业公章有效", en: "company seal intact")
        case .slipsMatchHouseholds: Message(zh: "销售单对应已放行农户", en: "slips match released households")
        case .noOverDelivery: Message(zh: "未超登记量配送", en: "no delivery beyond registration")
        }
    }
}

extension SlipStatus {
    public var label: Message {
        switch self {
        case .valid: Message(zh: "有效", en: "valid")
        case .void: Message(zh: "已作废", en: "void")
        }
    }
}

extension Product {
    public var label: Message {
        switch self {
        case .coal: Message(zh: "洁净煤", en: "clean coal")
        case .stove: Message(zh: "炉具", en: "stove")
        }
    }
}

extension CaseSource {
    public var label: Message {
        switch self {
        case .tipoff: Message(zh: "举报", en: "tip-off")
        case .inspection: Message(zh: "检查发现", en: "inspection")
        case .quality: Message(zh: "质量抽检", en: "quality sample")
        }
    }
}

extension Role {
    public var label: Message {
        switch self {
        case .clerk: Message(zh: "经办", en: "clerk")
        case .reviewer: Message(zh: "审核", en: "reviewer")
        case .viewer: Message(zh: "查看", en: "viewer")
        case .admin: Message(zh: "管理员", en: "admin")
        }
    }
}

extension HistoryEntry {
    /// The entry's action as people read it; an action this build does not know reads as its code.
    public var actionLabel: Message {
        EventAction(rawValue: action)?.label ?? Message(zh: action, en: action)
    }

    /// The same for an entry of a document of `type`: a case's approvals are its handler's report
    /// (处置, at the first step) and its opener's close (办结).
    public func actionLabel(in type: DocumentType) -> Message {
        guard type == .case, action == EventAction.approve.rawValue else { return actionLabel }
        return step == 1 ? Message(zh: "处置", en: "handled") : Message(zh: "办结", en: "closed")
    }

    /// The status before and after, as people read them: a document's (草稿 → 审批中) or a slip's.
    public var fromStatusLabel: Message { Self.statusLabel(fromStatus) }
    public var toStatusLabel: Message { Self.statusLabel(toStatus) }

    public static func statusLabel(_ code: String) -> Message {
        DocumentStatus(rawValue: code)?.label ?? SlipStatus(rawValue: code)?.label ?? Message(zh: code, en: code)
    }
}
