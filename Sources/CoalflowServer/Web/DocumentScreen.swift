import CoalflowCore
import CoalflowStore
import Hummingbird

extension WebPage {
    /// `/documents/{id}`: header, households (masked as the API masks them for this user), checks, the
    /// route with the step it waits at, and the whole history; the reviewer's actions when it waits here.
    func documentScreen(_ d: DocumentView, route: [DocumentRouteStep]) -> Response {
        let facts: [(String, String)?] = [
            (t("类型", "Type"), t(d.type.label)), (t("状态", "Status"), t(d.status.label)),
            (t("年度", "Year"), String(d.year) + (d.month.map { " · \($0)" } ?? "")),
            (t("制单单位", "From"), d.originUnitName ?? d.originUnit),
            (t("街道", "Street"), d.streetName ?? d.street),
            totals(d).map { (t("合计", "Totals"), $0) },
            d.noticeFrom.flatMap { from in d.noticeTo.map { (t("公示期", "Notice period"), "\(from) – \($0)") } },
            d.waitingSince.map {
                (t("等待自", "Waiting since"), WebPage.minute($0) + (d.overdue ? t("（已超期）", " (overdue)") : ""))
            },
            d.problem.map { (t("问题", "Problem"), $0) }, d.due.map { (t("办结期限", "Due"), $0) },
            d.result.map { (t("处置结果", "Result"), $0) },
        ]
        let header: HTML =
            "<dl class=\"header\">\(facts.compactMap { $0 }.map { k, v -> HTML in "<dt>\(k)</dt><dd>\(v)</dd>" })</dl>"
        let actions: HTML = HTML.when(mayReview(d), "<p>\(reviewForms(d))</p>")
        return render(
            d.id, section: .documents,
            body: """
                <h1>\(d.id) · \(t(d.type.label))</h1>\(actions)<section id="summary">\(header)</section>
                \(linesSection(d))\(checksSection(d))\(routeSection(d, route))\(historySection(d))
                """)
    }

    /// What a form adds up to; a survey counts its homes, a case has no totals.
    func totals(_ d: DocumentView) -> String? {
        switch d.type {
        case .case: nil
        case .survey: t("\(d.totals.households) 户", "\(d.totals.households) homes")
        case .registration, .summary:
            t(
                "\(d.totals.households) 户，洁净煤 \(d.totals.coalTons) 吨，炉具 \(d.totals.stoves) 台，补贴 \(Fen(d.totals.subsidyFen).yuan) 元",
                "\(d.totals.households) households, \(d.totals.coalTons) t coal, \(d.totals.stoves) stoves, subsidy ¥\(Fen(d.totals.subsidyFen).yuan)"
            )
        }
    }

    func linesSection(_ d: DocumentView) -> HTML {
        if let homes = d.homes {
            return """
                <section id="lines"><h2>\(t("摸底台账（\(homes.count)）", "Surveyed homes (\(homes.count))"))</h2><table><thead><tr><th>#</th>\
                <th>\(t("户主姓名", "Head"))</th><th>\(t("住址", "Address"))</th><th>\(t("身份证号", "ID number"))</th>\
                <th>\(t("取暖方式", "Heating"))</th></tr></thead><tbody>\(homes.map { h -> HTML in
                    "<tr><td>\(h.lineNo)</td><td>\(h.name)</td><td>\(h.address)</td><td>\(h.idNumber)</td><td>\(t(h.heating.label))</td></tr>"
                })</tbody></table></section>
                """
        }
        guard let lines = d.lines else { return .empty }
        return """
            <section id="lines"><h2>\(t("农户明细（\(lines.count)）", "Households (\(lines.count))"))</h2>\(HTML.when(lines.isEmpty, "<p class=\"muted\">\(t("无", "none"))</p>"))\
            \(HTML.when(!lines.isEmpty, """
            <table><thead><tr><th>#</th><th>\(t("户主姓名", "Head"))</th><th>\(t("住址", "Address"))</th><th>\(t("身份证号", "ID number"))</th>\
            <th>\(t("联系电话", "Phone"))</th><th class="num">\(t("洁净煤(吨)", "Coal t"))</th><th class="num">\(t("炉具(台)", "Stoves"))</th>\
            <th class="num">\(t("补贴(元)", "Subsidy ¥"))</th></tr></thead><tbody>\(lines.map { l -> HTML in
                """
                <tr><td>\(l.lineNo)</td><td>\(l.name)</td><td>\(l.address)</td><td>\(l.idNumber)</td><td>\(l.phone)</td>\
                <td class="num">\(l.coalTons)</td><td class="num">\(l.stoves)</td><td class="num">\(Fen(l.subsidyFen).yuan)</td></tr>
                """
            })</tbody></table>
            """))</section>
            """
    }

    func checksSection(_ d: DocumentView) -> HTML {
        guard let checks = d.checks, !checks.isEmpty else { return .empty }
        return """
            <section id="checks"><h2>\(t("检查", "Checks"))</h2><p class="muted">\(t("★ 未通过则不能同意，只能退回或驳回", "★ blocks approval while it fails: return or reject instead"))</p>
            <table><tbody>\(checks.map { c -> HTML in
                """
                <tr><td class="\(c.passed ? "pass" : "fail")">\(c.passed ? t("✓ 通过", "✓ pass") : t("✗ 未通过", "✗ fail"))</td>\
                <td>\(HTML.when(c.blocking, "★ "))\(t(c.label))</td><td>\(t(c.text))</td></tr>
                """
            })</tbody></table></section>
            """
    }

    func routeSection(_ d: DocumentView, _ route: [DocumentRouteStep]) -> HTML {
        guard !route.isEmpty else {
            return
                "<section id=\"route\"><h2>\(t("审批流程", "Route"))</h2><p class=\"muted\">\(t("尚未提交", "not submitted yet"))</p></section>"
        }
        let items = route.map { stop -> HTML in
            let state =
                d.status == .filed || (d.step.map { stop.position < $0 } ?? false)
                ? "done"
                : (d.status == .inReview && d.step == stop.position) ? "current" : ""
            return """
                <li class="\(state)"\(HTML.when(state == "current", " aria-current=\"step\""))>\(stop.position). \(stop.unitName)\
                 <span class="muted">\(t("\(stop.timeLimitDays) 天", "\(stop.timeLimitDays) d"))</span></li>
                """
        }
        return "<section id=\"route\"><h2>\(t("审批流程", "Route"))</h2><ol class=\"route\">\(items)</ol></section>"
    }

    func historySection(_ d: DocumentView) -> HTML {
        let history = d.history ?? []
        return """
            <section id="history"><h2>\(t("审批记录", "History"))</h2><table><thead><tr><th>\(t("时间", "At"))</th><th>\(t("动作", "Action"))</th>\
            <th>\(t("单位", "Unit"))</th><th>\(t("登录名", "Login"))</th><th>\(t("状态", "Status"))</th><th>\(t("意见", "Comment"))</th></tr></thead>
            <tbody>\(history.map { h -> HTML in
                """
                <tr><td>\(WebPage.minute(h.at))</td><td>\(t(h.actionLabel(in: d.type)))</td><td>\(h.unitName ?? h.unit)</td><td>\(h.login)</td>\
                <td>\(t(h.fromStatusLabel)) → \(t(h.toStatusLabel))</td><td>\(h.comment ?? "")</td></tr>
                """
            })</tbody></table></section>
            """
    }
}
