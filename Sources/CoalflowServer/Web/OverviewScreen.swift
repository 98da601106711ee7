import CoalflowCore
import CoalflowStore
import Hummingbird

extension WebPage {
    /// `/`: for the office and the bureaus the district, street by street; for a street its own figures;
    /// for a village or company its own documents. Then what waits where, and the latest actions.
    func overviewScreen(_ overview: Overview?) -> Response {
        guard let overview, let user else {
            return render(
                t("概览", "Overview"), section: .overview,
                body: "<h1>\(t("概览", "Overview"))</h1><p>\(t("尚未设置年度。", "No program year is set up yet."))</p>")
        }
        let total =
            overview.progress.first { $0.street == "total" } ?? (overview.progress.count == 1 ? overview.progress.first : nil)
        let mine = overview.waiting.first { $0.unit == user.unit }
        let overdue = overview.waiting.reduce(0) { $0 + $1.overdue }
        var figures: [HTML] = [
            figure(t("待本单位办理", "Waiting for my unit"), String(mine?.count ?? 0), link: "/queue", late: (mine?.overdue ?? 0) > 0),
            figure(t("超期待办", "Overdue"), String(overdue), late: overdue > 0),
            figure(t("超期问题线索", "Cases overdue"), String(overview.overdueCases), late: overview.overdueCases > 0),
        ]
        if let total {
            figures.append(figure(t("配送完成率", "Delivered of target"), total.completionCoalPct.map { $0 + "%" } ?? "-"))
            figures.append(figure(t("摸底覆盖率", "Survey coverage"), total.coveragePct.map { $0 + "%" } ?? "-"))
        }
        for status in DocumentStatus.allCases where (overview.byStatus[status] ?? 0) > 0 && overview.progress.isEmpty {
            figures.append(
                figure(
                    t(status.label), String(overview.byStatus[status] ?? 0),
                    link: "/documents?status=\(status.rawValue)&year=\(overview.year)"))
        }
        let progress: HTML = HTML.when(
            !overview.progress.isEmpty,
            """
            <section id="progress-section"><h2>\(t("进度", "Progress"))</h2>
            \(ProgressChart(overview.progress, schedulePermille: overview.schedulePermille, language: language).svg)
            <p class="legend"><span class="registered">\(t("已登记", "registered"))</span><span class="delivered">\(t("已配送", "delivered"))</span>\
            <span class="filed">\(t("已备案", "filed"))</span><span class="schedule">\(t("时序进度", "schedule"))</span></p>
            \(progressTable(overview))</section>
            """)
        return render(
            t("概览", "Overview"), section: .overview,
            body: """
                <h1>\(overview.unitName)</h1>
                <p class="muted">\(t("\(overview.year) 年度（\(overview.startsOn) 至 \(overview.endsOn)），时序进度 ", "Program year \(overview.year) (\(overview.startsOn) to \(overview.endsOn)), schedule "))\(ProgressChart.percent(overview.schedulePermille))</p>
                <div class="figures">\(figures)</div>
                \(progress)
                <section><h2>\(t("各单位待办", "What waits where"))</h2>\(waitingTable(overview.waiting))</section>
                <section><h2>\(t("最新动态", "Latest actions"))</h2>\(latestList(overview.latest))</section>
                """)
    }

    func figure(_ label: String, _ value: String, link: String? = nil, late: Bool = false) -> HTML {
        let shown: HTML = link.map { "<a href=\"\($0)\">\(value)</a>" } ?? "\(value)"
        return "<div class=\"figure\(late ? " late" : "")\"><b>\(shown)</b>\(label)</div>"
    }

    /// Per street: targets, registered, delivered and filed tons, completion, the schedule's share of the
    /// target by today, stoves and coverage; lagging marked.
    func progressTable(_ overview: Overview) -> HTML {
        let rows = overview.progress.map { row -> HTML in
            let target = row.targetCoalTons.flatMap { try? Tons(parsing: $0) }
            let due = target.map { Tons(thousandths: $0.thousandths * Int64(overview.schedulePermille) / 1000) }
            let delivered = (try? Tons(parsing: row.deliveredCoalTons)) ?? .zero
            let lagging = due.map { delivered < $0 } ?? false
            let state: HTML =
                target == nil
                ? "<span class=\"muted\">\(t("无目标", "no target"))</span>"
                : lagging
                    ? "<span class=\"mark-late\">\(t("滞后", "behind"))</span>"
                    : "<span class=\"pass\">\(t("正常", "on track"))</span>"
            return """
                <tr\(HTML.when(row.street == "total", " class=\"total\""))><td>\(row.streetName)</td><td class="num">\(row.targetCoalTons ?? "-")</td>\
                <td class="num">\(row.registeredCoalTons)</td><td class="num">\(row.deliveredCoalTons)</td><td class="num">\(row.filedCoalTons)</td>\
                <td class="num">\(row.completionCoalPct.map { $0 + "%" } ?? "-")</td><td class="num">\(due?.description ?? "-")</td>\
                <td class="num">\(row.deliveredStoves) / \(row.targetStoves.map(String.init) ?? "-")</td>\
                <td class="num">\(row.coveragePct.map { $0 + "%" } ?? "-")</td><td>\(state)</td></tr>
                """
        }
        return """
            <table id="progress"><thead><tr><th>\(t("街道", "Street"))</th><th class="num">\(t("目标(吨)", "Target t"))</th>\
            <th class="num">\(t("已登记(吨)", "Registered t"))</th><th class="num">\(t("已配送(吨)", "Delivered t"))</th>\
            <th class="num">\(t("已备案(吨)", "Filed t"))</th><th class="num">\(t("完成率", "Done"))</th>\
            <th class="num">\(t("时序应完成(吨)", "Due by now t"))</th><th class="num">\(t("炉具 配送/目标", "Stoves done/target"))</th>\
            <th class="num">\(t("摸底覆盖率", "Coverage"))</th><th>\(t("状态", "State"))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    /// Documents in review by the unit they wait at: red when any is past its time limit, yellow when
    /// any is within a day of it.
    func waitingTable(_ waiting: [Overview.Waiting]) -> HTML {
        guard !waiting.isEmpty else { return "<p class=\"muted\" id=\"waiting\">\(t("没有待办的单据。", "Nothing waits."))</p>" }
        let rows = waiting.map { w -> HTML in
            let mark = w.overdue > 0 ? "late" : w.dueSoon > 0 ? "soon" : ""
            return """
                <tr class="\(mark)"><td>\(w.unitName)</td><td class="num">\(w.count)</td><td class="num">\(duration(hours: w.longestHours))</td>\
                <td class="num\(HTML.when(w.overdue > 0, " mark-late"))">\(w.overdue)</td>\
                <td class="num\(HTML.when(w.dueSoon > 0, " mark-soon"))">\(w.dueSoon)</td></tr>
                """
        }
        return """
            <table id="waiting"><thead><tr><th>\(t("待办单位", "Unit"))</th><th class="num">\(t("件数", "Documents"))</th>\
            <th class="num">\(t("最长等待", "Longest wait"))</th><th class="num">\(t("已超期", "Overdue"))</th>\
            <th class="num">\(t("一天内到期", "Due within a day"))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    func latestList(_ latest: [Overview.Action]) -> HTML {
        guard !latest.isEmpty else { return "<p class=\"muted\" id=\"latest\">\(t("暂无动态。", "Nothing yet."))</p>" }
        let items = latest.map { a -> HTML in
            """
            <li><span class="muted">\(WebPage.minute(a.at))</span> \(a.unitName)（\(a.login)）\(t(EventAction(rawValue: a.action)?.label ?? Message(zh: a.action, en: a.action)))\
             <a href="/documents/\(a.document)">\(a.document)</a> \(t(a.type.label))\(t("：", ": "))\(t(HistoryEntry.statusLabel(a.fromStatus))) → \(t(HistoryEntry.statusLabel(a.toStatus)))</li>
            """
        }
        return "<ul class=\"latest\" id=\"latest\">\(items)</ul>"
    }
}
