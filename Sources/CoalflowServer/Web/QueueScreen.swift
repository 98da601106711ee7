import CoalflowCore
import Foundation
import Hummingbird

extension WebPage {
    static let pageSize = 50

    /// `/queue`: what waits for the user's unit, oldest first, with the reviewer's actions on each row.
    /// `rows` holds one more than a page when there is a next page.
    func queueScreen(_ rows: [DocumentView], page number: Int) -> Response {
        let shown = Array(rows.prefix(Self.pageSize))
        let bulk: HTML = HTML.when(
            shown.contains { mayReview($0) },
            postForm(
                "/queue/approve-passing", button: t("批量同意", "Approve all that pass"),
                fields: "<span class=\"muted\">\(t("同意检查全部通过的单据", "approves every document whose checks all pass"))</span>",
                class: "approve"))
        let table: HTML =
            shown.isEmpty
            ? "<p class=\"muted\">\(t("没有等待本单位办理的单据。", "Nothing waits for your unit."))</p>"
            : """
            <table id="queue"><thead><tr><th>\(t("单据", "Document"))</th><th>\(t("类型", "Type"))</th><th>\(t("制单单位", "From"))</th>\
            <th>\(t("街道", "Street"))</th><th class="num">\(t("户", "Households"))</th><th class="num">\(t("洁净煤(吨)", "Coal t"))</th>\
            <th class="num">\(t("补贴(元)", "Subsidy ¥"))</th><th>\(t("等待自", "Waiting since"))</th><th>\(t("办理", "Action"))</th></tr></thead>
            <tbody>\(shown.map(queueRow))</tbody></table>
            """
        return render(
            t("待办", "Queue"), section: .queue,
            body: """
                <h1>\(t("待办", "Queue"))</h1>\(bulk)\(table)\(pager("/queue", [], page: number, hasNext: rows.count > Self.pageSize))
                """)
    }

    func queueRow(_ d: DocumentView) -> HTML {
        let mark = d.overdue ? "late" : ""
        return """
            <tr id="row-\(d.id)" class="\(mark)"><td><a href="/documents/\(d.id)">\(d.id)</a></td><td>\(t(d.type.label))</td>\
            <td>\(d.originUnitName ?? d.originUnit)</td><td>\(d.streetName ?? d.street)</td><td class="num">\(d.totals.households)</td><td class="num">\(d.totals.coalTons)</td>\
            <td class="num">\(Fen(d.totals.subsidyFen).yuan)</td>\
            <td>\(d.waitingSince.map(WebPage.minute) ?? "-")\(HTML.when(d.overdue, " <span class=\"mark-late\">\(t("已超期", "overdue"))</span>"))</td>\
            <td>\(reviewForms(d))</td></tr>
            """
    }

    /// Whether the user may take a reviewer's action on `d` now. A case's handling (处置) needs its
    /// outcome and is reported with `coalflow case handle`; the page offers only what it can complete.
    func mayReview(_ d: DocumentView) -> Bool {
        guard let user, d.status == .inReview, d.currentUnit == user.unit, d.type.mayReview(user.role) else { return false }
        return d.type != .case || d.step != 1
    }

    /// 同意, 退回 and 驳回 for `d`, each with its revision (a document changed since is refused, not
    /// overwritten); the reasons are required.
    func reviewForms(_ d: DocumentView) -> HTML {
        guard mayReview(d) else {
            return d.type == .case && d.currentUnit == user?.unit
                ? "<span class=\"muted\">\(t("处置结果请用 coalflow case handle 报送", "report the handling with coalflow case handle"))</span>"
                : .empty
        }
        let revision: HTML = "<input type=\"hidden\" name=\"revision\" value=\"\(d.revision)\">"
        let reason: (String) -> HTML = { placeholder in
            "\(revision)<input name=\"reason\" required maxlength=\"500\" placeholder=\"\(placeholder)\" aria-label=\"\(placeholder)\">"
        }
        return """
            \(postForm("/documents/\(d.id)/approve", button: t("同意", "Approve"), fields: revision, class: "approve"))\
            \(postForm("/documents/\(d.id)/return", button: t("退回", "Return"), fields: reason(t("退回理由", "reason to return")), class: "return"))\
            \(postForm("/documents/\(d.id)/reject", button: t("驳回", "Reject"), fields: reason(t("驳回理由", "reason to reject")), class: "reject"))
            """
    }

    /// Previous and next page links, keeping `query`.
    func pager(_ path: String, _ query: [(String, String)], page number: Int, hasNext: Bool) -> HTML {
        func link(_ n: Int, _ label: String) -> HTML {
            let items = (query + [("page", String(n))]).map {
                "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }
            return "<a href=\"\(path)?\(items.joined(separator: "&"))\">\(label)</a>"
        }
        guard number > 1 || hasNext else { return .empty }
        return """
            <p class="pager">\(HTML.when(number > 1, link(number - 1, t("‹ 上一页", "‹ Previous"))))\
            <span class="muted">\(t("第 \(number) 页", "page \(number)"))</span>\(HTML.when(hasNext, link(number + 1, t("下一页 ›", "Next ›"))))</p>
            """
    }
}
