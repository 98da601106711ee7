import CoalflowCore
import Foundation

/// Human output for documents: aligned tables in the user's language.
struct DocumentRendering {
    let language: Language

    func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    func yuan(_ fen: Int64) -> String { Fen(fen).yuan }

    func unit(_ code: String, _ name: String?) -> String { language.unit(code, named: name) }

    /// One row per document, for list, queue and track.
    func table(_ documents: [DocumentView]) -> String {
        guard !documents.isEmpty else { return t("（无）", "(none)") }
        let header = [
            t("单据", "id"), t("类型", "type"), t("状态", "status"), t("制单单位", "origin"), t("街道", "street"),
            t("待办单位", "waiting for"), t("户", "hh"), t("洁净煤(吨)", "coal t"), t("炉具", "stoves"),
            t("补贴(元)", "subsidy"), t("等待自", "since"), t("超期", "overdue"), t("催办", "urges"),
        ]
        let rows = documents.map { d in
            [
                d.id, d.type.label.text(language), d.status.label.text(language), unit(d.originUnit, d.originUnitName),
                unit(d.street, d.streetName),
                d.currentUnit.map { code in
                    let name = unit(code, d.currentUnitName)
                    return d.step.map { "\(name) (\($0)/\(d.stepCount ?? 0))" } ?? name
                } ?? "-",
                String(d.totals.households), d.totals.coalTons, String(d.totals.stoves), yuan(d.totals.subsidyFen),
                d.waitingSince.map { String($0.prefix(16)).replacingOccurrences(of: "T", with: " ") } ?? "-",
                d.overdue ? t("是", "yes") : "", d.urges > 0 ? String(d.urges) : "",
            ]
        }
        return Table(header: header, rows: rows).render()
    }

    /// Everything about one document: header, households, checks and history.
    func detail(_ d: DocumentView) -> String {
        var out: [String] = []
        out.append(
            "\(d.id)  \(d.type.label.text(language))  \(d.year)\(d.month.map { " \($0)" } ?? "")  \(d.status.label.text(language))"
        )
        out.append(
            t("制单单位：", "origin: ") + unit(d.originUnit, d.originUnitName) + t("    街道：", "    street: ")
                + unit(d.street, d.streetName))
        if let code = d.currentUnit {
            out.append(
                t("待办：", "waiting for: ") + unit(code, d.currentUnitName)
                    + (d.step.map { t("（第 \($0)/\(d.stepCount ?? 0) 步）", " (step \($0) of \(d.stepCount ?? 0))") } ?? "")
                    + (d.waitingSince.map { t("，自 ", ", since ") + $0 } ?? "") + (d.overdue ? t("，已超期", ", overdue") : ""))
        }
        if d.type == .case { out.append(contentsOf: caseFacts(d)) }
        if let from = d.noticeFrom, let to = d.noticeTo { out.append(t("公示期：", "notice period: ") + "\(from) – \(to)") }
        if d.type != .case {  // a case carries no quantities
            out.append(
                t("合计：", "totals: ")
                    + t(
                        "\(d.totals.households) 户，洁净煤 \(d.totals.coalTons) 吨，炉具 \(d.totals.stoves) 台，补贴 \(yuan(d.totals.subsidyFen)) 元",
                        "\(d.totals.households) households, \(d.totals.coalTons) t coal, \(d.totals.stoves) stoves, subsidy \(yuan(d.totals.subsidyFen)) yuan"
                    ))
        }
        if let lines = d.lines, !lines.isEmpty {
            out.append("")
            let header = [
                "#", t("户主姓名", "head"), t("住址", "address"), t("身份证号", "ID number"), t("联系电话", "phone"),
                t("洁净煤(吨)", "coal t"), t("炉具(台)", "stoves"), t("补贴(元)", "subsidy"),
            ]
            out.append(
                Table(
                    header: header,
                    rows: lines.map {
                        [
                            String($0.lineNo), $0.name, $0.address, $0.idNumber, $0.phone, $0.coalTons, String($0.stoves),
                            yuan($0.subsidyFen),
                        ]
                    }
                ).render())
        }
        if let checks = d.checks, !checks.isEmpty {
            out.append("")
            out.append(t("检查（★ 未通过则不能同意，只能退回或驳回）：", "checks (★ blocks approval while it fails: return or reject instead):"))
            for check in checks {
                out.append(
                    "  \(check.passed ? "✓" : "✗") \(check.blocking ? "★ " : "")\(check.label.text(language))"
                        + t("：", ": ") + check.text.text(language))
            }
        }
        if let history = d.history, !history.isEmpty {
            out.append("")
            out.append(t("审批记录：", "history:"))
            out.append(
                Table(
                    header: [
                        t("时间", "at"), t("动作", "action"), t("单位", "unit"), t("登录名", "login"), t("状态", "status"),
                        t("意见", "comment"),
                    ],
                    rows: history.map {
                        [
                            $0.at.replacingOccurrences(of: "T", with: " "), $0.actionLabel(in: d.type).text(language),
                            unit($0.unit, $0.unitName),
                            $0.login, "\($0.fromStatusLabel.text(language)) → \($0.toStatusLabel.text(language))",
                            $0.comment ?? "",
                        ]
                    }
                ).render())
        }
        return out.joined(separator: "\n")
    }

    /// A case's own facts: where it came from and lies, who handles it by when, and what they reported.
    func caseFacts(_ d: DocumentView) -> [String] {
        var out: [String] = []
        var facts: [String] = []
        if let source = d.source {
            facts.append(t("来源：", "source: ") + (CaseSource(rawValue: source)?.label.text(language) ?? source))
        }
        if let village = d.village { facts.append(t("村：", "village: ") + unit(village, d.villageName)) }
        if let company = d.company { facts.append(t("企业：", "company: ") + unit(company, d.companyName)) }
        if let assigned = d.assignedUnit { facts.append(t("承办单位：", "assigned to: ") + unit(assigned, d.assignedUnitName)) }
        if let due = d.due { facts.append(t("期限：", "due: ") + due) }
        if !facts.isEmpty { out.append(facts.joined(separator: "    ")) }
        if let problem = d.problem { out.append(t("问题：", "problem: ") + problem) }
        if let outcome = d.outcome {
            out.append(
                t("处置：", "outcome: ") + (CaseOutcome(rawValue: outcome)?.label.text(language) ?? outcome)
                    + (d.result.map { t("，", ", ") + $0 } ?? ""))
        }
        return out
    }
}

extension Language {
    /// A unit as people read it: its name in Chinese output (the names are Chinese), its code in English.
    func unit(_ code: String, named name: String?) -> String {
        self == .zh ? (name ?? code) : code
    }
}
