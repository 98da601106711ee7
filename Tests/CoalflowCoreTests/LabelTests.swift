import Foundation
import Testing

@testable import CoalflowCore

/// Every code people may meet has words in both languages, and no two codes of a kind share them.
@Suite struct LabelTests {
    func expectWords<T>(_ cases: [T], _ label: (T) -> Message, sourceLocation: SourceLocation = #_sourceLocation) {
        let labels = cases.map(label)
        for (value, message) in zip(cases, labels) {
            #expect(!message.zh.trimmingSpaces().isEmpty, "\(value) has no Chinese label", sourceLocation: sourceLocation)
            #expect(!message.en.trimmingSpaces().isEmpty, "\(value) has no English label", sourceLocation: sourceLocation)
            #expect(
                message.zh.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF },
                "\(value)'s Chinese label \(message.zh) has no Chinese character", sourceLocation: sourceLocation)
        }
        #expect(Set(labels.map(\.zh)).count == cases.count, "Chinese labels repeat: \(labels)", sourceLocation: sourceLocation)
        #expect(Set(labels.map(\.en)).count == cases.count, "English labels repeat: \(labels)", sourceLocation: sourceLocation)
    }

    @Test func everyActionAndCheckHasWordsInBothLanguages() {
        expectWords(EventAction.allCases, \.label)
        expectWords(WorkflowAction.allCases, \.label)
        expectWords(CheckKind.allCases, \.label)
    }

    @Test func theOtherCodesPeopleMeetHaveWordsToo() {
        expectWords(DocumentStatus.allCases, \.label)
        expectWords(DocumentType.allCases, \.label)
        expectWords(UnitKind.allCases, \.label)
        expectWords(SlipStatus.allCases, \.label)
        expectWords(Product.allCases, \.label)
        expectWords(CaseSource.allCases, \.label)
        expectWords(CaseOutcome.allCases, \.label)
        expectWords(Role.allCases, \.label)
    }

    @Test func aWorkflowActionReadsAsItsEventInTheHistory() {
        for action in WorkflowAction.allCases {
            #expect(action.label == EventAction(action).label)
        }
        #expect(WorkflowAction.approve.label.zh == "同意" && WorkflowAction.return.label.zh == "退回")
        #expect(EventAction.transfer.label.zh == "转办" && EventAction.urge.label.zh == "催办")
    }

    @Test func aHistoryEntryReadsInWords() {
        let entry = HistoryEntry(
            action: "submit", unit: "caiyuan-demo1", login: "caiyuan-demo1", at: "2021-09-15T10:00", comment: nil,
            fromStatus: "draft", toStatus: "in_review", step: 1)
        #expect(entry.actionLabel.zh == "提交" && entry.actionLabel.en == "submitted")
        #expect("\(entry.fromStatusLabel.zh) → \(entry.toStatusLabel.zh)" == "草稿 → 审批中")
        let void = HistoryEntry(
            action: "void", unit: "demo-coal-a", login: "demo-coal-a", at: "2021-11-11T09:00", comment: "开错", fromStatus: "valid",
            toStatus: "void", step: nil)
        #expect(void.actionLabel.zh == "作废" && void.toStatusLabel.zh == SlipStatus.void.label.zh)
        #expect(entry.actionLabel(in: .registration) == entry.actionLabel)
        // A case's approvals are its handler's report and its opener's close.
        let handled = HistoryEntry(
            action: "approve", unit: "zfj", login: "zfj", at: "2021-12-02T09:00", comment: nil, fromStatus: "in_review",
            toStatus: "in_review", step: 1)
        #expect(handled.actionLabel(in: .case).zh == "处置" && handled.actionLabel(in: .summary).zh == "同意")
        var closed = handled
        closed.step = 2
        closed.toStatus = "filed"
        #expect(closed.actionLabel(in: .case).zh == "办结" && closed.toStatusLabel.zh == "已备案")
        // A code from a newer server still reads, as itself.
        let unknown = HistoryEntry(
            action: "escalate", unit: "office", login: "office", at: "2021-12-01T08:00", comment: nil, fromStatus: "in_review",
            toStatus: "someday", step: 2)
        #expect(unknown.actionLabel == Message(zh: "escalate", en: "escalate") && unknown.toStatusLabel.zh == "someday")
    }

    @Test func aCheckCarriesItsMessageInBothLanguagesAndItsNameInWords() throws {
        let check = Check(.totalsMatch, passed: false, message: Message(zh: "合计不符", en: "totals differ"))
        #expect(check.message == "totals differ" && check.text.zh == "合计不符" && check.text.en == "totals differ")
        #expect(check.kind == .totalsMatch && check.label == CheckKind.totalsMatch.label)
        let encoded = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(check)) as? [String: Any]
        #expect(encoded?["name"] as? String == "totals_match" && encoded?["message_zh"] as? String == "合计不符")
        // From a server older than message_zh, the English message stands in.
        let old = try JSONDecoder().decode(
            Check.self, from: Data(#"{"name":"seal_valid","passed":true,"message":"ok","blocking":true}"#.utf8))
        #expect(old.text.zh == "ok" && old.label.zh == CheckKind.sealValid.label.zh)
    }
}
