import CoalflowCore

/// Words for the actions of a document's history.
enum WebLabels {
    static func action(_ raw: String) -> Message {
        switch raw {
        case "create": Message(zh: "制单", en: "create")
        case "publicize": Message(zh: "公示", en: "publicize")
        case "submit": Message(zh: "提交", en: "submit")
        case "approve": Message(zh: "同意", en: "approve")
        case "return": Message(zh: "退回", en: "return")
        case "reject": Message(zh: "驳回", en: "reject")
        case "withdraw": Message(zh: "撤回", en: "withdraw")
        case "comment": Message(zh: "批注", en: "comment")
        case "urge": Message(zh: "催办", en: "urge")
        default: Message(zh: raw, en: raw)
        }
    }
}
