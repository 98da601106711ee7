/// What a person can do to a document on its route.
public enum WorkflowAction: String, Sendable, CaseIterable, Codable {
    case submit, approve
    case `return`
    case reject, withdraw, comment, urge

    /// Return and reject need a reason; a comment needs its text.
    public var needsText: Bool { [.return, .reject, .comment].contains(self) }
}

/// The part of a document the state machine looks at.
public struct DocumentState: Sendable, Hashable {
    public var type: DocumentType
    public var status: DocumentStatus
    /// 1-based position of the awaited step while in review.
    public var step: Int?
    public var currentUnit: String?
    public var originUnit: String
    /// The last day of the public notice (公示), for registrations.
    public var noticeEnds: CivilDate?
    /// Units that approved, returned or rejected it since it was last submitted.
    public var actedThisRound: Set<String>

    public init(
        type: DocumentType, status: DocumentStatus, step: Int?, currentUnit: String?, originUnit: String,
        noticeEnds: CivilDate? = nil, actedThisRound: Set<String> = []
    ) {
        self.type = type
        self.status = status
        self.step = step
        self.currentUnit = currentUnit
        self.originUnit = originUnit
        self.noticeEnds = noticeEnds
        self.actedThisRound = actedThisRound
    }
}

/// The outcome of an allowed action: the document's next status and awaited step.
public struct Transition: Sendable, Hashable {
    public let status: DocumentStatus
    public let step: Int?
    public let currentUnit: String?

    /// Comments and urges leave the document where it is.
    public var changesState: Bool
}

/// Why an action is refused. `forbidden`: not this person's role or step (HTTP 403); `conflict`: the
/// document is not in a state that allows it, for instance someone acted first (409); `invalid`: the
/// request itself is incomplete (a missing reason) or premature (notice not over) (422).
public enum WorkflowError: Error, Sendable, Hashable {
    case forbidden(Message)
    case conflict(Message)
    case invalid(Message)

    public var message: Message {
        switch self {
        case .forbidden(let m), .conflict(let m), .invalid(let m): m
        }
    }
}

/// The approval state machine (审批流程): a pure function of the document, its route, the person and
/// the action. The store applies what it returns inside one transaction, with the row locked.
public enum Workflow {
    /// - Parameter route: the unit acting at each step, resolved for this document.
    public static func transition(
        _ action: WorkflowAction, text: String?, document: DocumentState, route: [RouteStop],
        by user: ActingUser, today: CivilDate
    ) throws(WorkflowError) -> Transition {
        let stay = Transition(
            status: document.status, step: document.step, currentUnit: document.currentUnit, changesState: false)
        if action.needsText, (text ?? "").trimmingSpaces().isEmpty {
            throw .invalid(
                action == .comment
                    ? Message(zh: "评论内容不能为空", en: "a comment needs its text")
                    : Message(zh: "\(action == .return ? "退回" : "驳回")必须写明理由", en: "\(action.rawValue) needs a reason"))
        }
        switch action {
        case .submit:
            try requireOriginClerk(user, document, does: Message(zh: "提交", en: "submit"))
            try checkSubmittable(document, today: today)
            guard let first = route.first else {
                throw .conflict(Message(zh: "该年度没有此类单据的审批流程", en: "this year has no route for this document type"))
            }
            return Transition(status: .inReview, step: 1, currentUnit: first.unit, changesState: true)

        case .approve, .return, .reject:
            guard document.type.mayReview(user.role) else {
                throw .forbidden(
                    Message(
                        zh: "只有审核人员可以审批（你的角色是 \(user.role.label.zh)）",
                        en: "only a reviewer can \(action.rawValue) (your role is \(user.role.rawValue))"))
            }
            guard document.status == .inReview, let step = document.step, document.currentUnit == user.unit else {
                throw refusal(for: user, document)
            }
            switch action {
            case .approve where step >= route.count:
                return Transition(status: .filed, step: nil, currentUnit: nil, changesState: true)
            case .approve:
                return Transition(status: .inReview, step: step + 1, currentUnit: route[step].unit, changesState: true)
            case .return where step > 1 && route[step - 1].returnsTo == .previous:
                return Transition(status: .inReview, step: step - 1, currentUnit: route[step - 2].unit, changesState: true)
            case .return:
                return Transition(status: .returned, step: nil, currentUnit: nil, changesState: true)
            default:
                return Transition(status: .rejected, step: nil, currentUnit: nil, changesState: true)
            }

        case .withdraw:
            try requireOriginClerk(user, document, does: Message(zh: "撤回", en: "withdraw"))
            guard document.status == .inReview, document.step == 1, document.actedThisRound.isEmpty else {
                throw .conflict(
                    document.status == .inReview
                        ? Message(
                            zh: "已有环节审批过，不能撤回（现待 \(document.currentUnit ?? "") 审批）",
                            en:
                                "a step has acted on it already; it cannot be withdrawn (now waits for \(document.currentUnit ?? ""))"
                        )
                        : Message(
                            zh: "单据状态为 \(document.status.label.zh)，不能撤回",
                            en: "the document is \(document.status.rawValue); only one in review can be withdrawn"))
            }
            return Transition(status: .withdrawn, step: nil, currentUnit: nil, changesState: true)

        case .comment:
            let onRoute = user.unit == document.originUnit || route.contains { $0.unit == user.unit } || user.unitKind == .office
            guard onRoute, user.role != .viewer else {
                throw .forbidden(Message(zh: "只有审批流程上的单位可以评论", en: "only units on the document's route can comment"))
            }
            return stay

        case .urge:
            guard user.role != .viewer, user.unitKind == .office || user.unit == document.originUnit else {
                throw .forbidden(Message(zh: "只有领导小组办公室或制单单位可以催办", en: "only the office or the originating unit can urge"))
            }
            guard document.status == .inReview else {
                throw .conflict(
                    Message(
                        zh: "单据状态为 \(document.status.label.zh)，无需催办",
                        en: "the document is \(document.status.rawValue), not waiting for anyone"))
            }
            return stay
        }
    }

    /// 转办: a case goes to another unit at its handling step, with a reason, by the unit handling it or
    /// by the office. The route's first step is the assigned unit, so the new unit is now that step.
    public static func transfer(
        _ document: DocumentState, to target: String, reason: String?, by user: ActingUser
    ) throws(WorkflowError) -> Transition {
        guard (reason ?? "").trimmingSpaces().isEmpty == false else {
            throw .invalid(Message(zh: "转办必须写明理由", en: "a transfer needs a reason"))
        }
        guard document.type == .case else {
            throw .conflict(Message(zh: "只有问题线索可以转办", en: "only a case can be transferred"))
        }
        guard user.role != .viewer, user.unit == document.currentUnit || user.unitKind == .office else {
            throw .forbidden(Message(zh: "只有承办单位或领导小组办公室可以转办", en: "only the handling unit or the office can transfer"))
        }
        guard document.status == .inReview, document.step == 1 else {
            throw .conflict(
                Message(
                    zh: "问题线索已办理，不能转办（状态 \(document.status.label.zh)）",
                    en: "the case is past handling and cannot be transferred (it is \(document.status.rawValue))"))
        }
        guard target != document.currentUnit else {
            throw .invalid(Message(zh: "已由 \(target) 承办", en: "\(target) handles it already"))
        }
        return Transition(status: .inReview, step: 1, currentUnit: target, changesState: true)
    }

    static func requireOriginClerk(_ user: ActingUser, _ document: DocumentState, does verb: Message) throws(WorkflowError) {
        guard user.unit == document.originUnit, user.role == .clerk else {
            throw .forbidden(Message(zh: "只有制单单位的经办人员可以\(verb.zh)", en: "only a clerk of the originating unit can \(verb.en)"))
        }
    }

    static func checkSubmittable(_ document: DocumentState, today: CivilDate) throws(WorkflowError) {
        switch (document.status, document.type) {
        case (.returned, _), (.withdrawn, _), (.draft, .summary), (.draft, .survey):
            return
        case (.draft, .registration):
            throw .invalid(
                Message(
                    zh: "登记表须先公示（registration publicize）", en: "a registration must be publicized first (registration publicize)")
            )
        case (.publicizing, _):
            guard let ends = document.noticeEnds, ends < today else {
                let from = document.noticeEnds.map { $0.next.description } ?? "?"
                throw .invalid(
                    Message(
                        zh: "公示期至 \(document.noticeEnds?.description ?? "?") 结束，\(from) 起可提交",
                        en:
                            "the notice period runs until \(document.noticeEnds?.description ?? "?"); it can be submitted from \(from)"
                    ))
            }
        default:
            throw .conflict(
                Message(
                    zh: "单据状态为 \(document.status.label.zh)，不能提交",
                    en: "the document is \(document.status.rawValue); it cannot be submitted"))
        }
    }

    /// Whether `transition` reads `actedThisRound` for this action: for a withdrawal, and for a review
    /// action that is not the user's turn (to tell "someone was faster" from "not your step"). The
    /// store looks the round's events up only then.
    public static func needsActedThisRound(_ action: WorkflowAction, document: DocumentState, by user: ActingUser) -> Bool {
        switch action {
        case .withdraw: true
        case .approve, .return, .reject:
            !(document.status == .inReview && document.step != nil && document.currentUnit == user.unit)
        default: false
        }
    }

    /// Not this person's turn: a conflict if their unit already acted this round (someone was faster)
    /// or the document has left review; otherwise the step belongs to another unit.
    static func refusal(for user: ActingUser, _ document: DocumentState) -> WorkflowError {
        if document.actedThisRound.contains(user.unit) {
            return .conflict(
                Message(
                    zh: "本单位已审批过此单据，现状态 \(document.status.label.zh)\(document.currentUnit.map { "，待 \($0) 审批" } ?? "")",
                    en:
                        "your unit has already acted on it; it is now \(document.status.rawValue)\(document.currentUnit.map { ", waiting for \($0)" } ?? "")"
                ))
        }
        if document.status != .inReview {
            return .conflict(
                Message(
                    zh: "单据状态为 \(document.status.label.zh)，不在审批中",
                    en: "the document is \(document.status.rawValue), not in review"))
        }
        return .forbidden(
            Message(
                zh: "此单据现待 \(document.currentUnit ?? "") 审批，不是你的单位",
                en: "the document waits for \(document.currentUnit ?? ""), not for your unit"))
    }
}

/// What a workflow event records: a workflow action; the making (`create`), public notice (`publicize`)
/// or correction (`amend`) of a document; or a slip's void (`void`). Spelled as in
/// `workflow_events.action`.
public enum EventAction: String, Sendable, CaseIterable, Codable {
    case create, publicize, amend, void, submit, approve
    case `return`
    case reject, withdraw, comment, urge, transfer

    public init(_ action: WorkflowAction) {
        switch action {
        case .submit: self = .submit
        case .approve: self = .approve
        case .return: self = .return
        case .reject: self = .reject
        case .withdraw: self = .withdraw
        case .comment: self = .comment
        case .urge: self = .urge
        }
    }
}
