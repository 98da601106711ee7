import CoalflowCore
import CoalflowStore
import Hummingbird

extension WebPage {
    /// `/documents`: what the user may see, newest first, filtered by type, status, street and year.
    func documentsScreen(
        _ rows: [DocumentView], filter: DocumentQueries.Filter, streets: [(code: String, name: String)], page number: Int
    )
        -> Response
    {
        func options(_ all: String, _ choices: [(String, String)], selected: String?) -> HTML {
            let items = choices.map { value, label -> HTML in
                "<option value=\"\(value)\"\(HTML.when(value == selected, " selected"))>\(label)</option>"
            }
            return "<option value=\"\">\(all)</option>\(items)"
        }
        let form: HTML = """
            <form class="filters" method="get" action="/documents">
            <label>\(t("类型", "Type"))<select name="type">\(options(t("全部", "all"), DocumentType.allCases.map { ($0.rawValue, t($0.label)) }, selected: filter.type?.rawValue))</select></label>
            <label>\(t("状态", "Status"))<select name="status">\(options(t("全部", "all"), DocumentStatus.allCases.map { ($0.rawValue, t($0.label)) }, selected: filter.status?.rawValue))</select></label>
            <label>\(t("街道", "Street"))<select name="street">\(options(t("全部", "all"), streets.map { ($0.code, $0.name) }, selected: filter.street))</select></label>
            <label>\(t("年度", "Year"))<input name="year" type="number" min="2000" max="2100" value="\(filter.year.map(String.init) ?? "")"></label>
            <button type="submit">\(t("筛选", "Filter"))</button></form>
            """
        let shown = rows.prefix(Self.pageSize)
        let table: HTML =
            shown.isEmpty
            ? "<p class=\"muted\">\(t("没有符合条件的单据。", "No documents match."))</p>"
            : """
            <table id="documents"><thead><tr><th>\(t("单据", "Document"))</th><th>\(t("类型", "Type"))</th><th>\(t("状态", "Status"))</th>\
            <th>\(t("制单单位", "From"))</th><th>\(t("街道", "Street"))</th><th>\(t("待办单位", "Waiting for"))</th>\
            <th class="num">\(t("户", "Households"))</th><th class="num">\(t("洁净煤(吨)", "Coal t"))</th><th class="num">\(t("补贴(元)", "Subsidy ¥"))</th>\
            <th>\(t("年度", "Year"))</th></tr></thead><tbody>\(shown.map { d -> HTML in
                """
                <tr class="\(d.overdue ? "late" : "")"><td><a href="/documents/\(d.id)">\(d.id)</a></td><td>\(t(d.type.label))</td><td>\(t(d.status.label))</td>\
                <td>\(d.originUnitName ?? d.originUnit)</td><td>\(d.streetName ?? d.street)</td><td>\(waitingFor(d))</td><td class="num">\(d.totals.households)</td>\
                <td class="num">\(d.totals.coalTons)</td><td class="num">\(Fen(d.totals.subsidyFen).yuan)</td><td>\(d.year)</td></tr>
                """
            })</tbody></table>
            """
        let query = [
            ("type", filter.type?.rawValue), ("status", filter.status?.rawValue), ("street", filter.street),
            ("year", filter.year.map(String.init)),
        ].compactMap { name, value in value.map { (name, $0) } }
        return render(
            t("单据", "Documents"), section: .documents,
            body: """
                <h1>\(t("单据", "Documents"))</h1>\(form)\(table)\(pager("/documents", query, page: number, hasNext: rows.count > Self.pageSize))
                """)
    }

    /// The unit a document waits at, with its step: `财源街道 (1/3)`.
    func waitingFor(_ d: DocumentView) -> HTML {
        guard let unit = d.currentUnit else { return "-" }
        return "\(d.currentUnitName ?? unit)\(d.step.map { " (\($0)/\(d.stepCount ?? 0))" } ?? "")"
    }
}
