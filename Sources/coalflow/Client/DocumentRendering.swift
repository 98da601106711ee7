import CoalflowCore
import Foundation

/// Human output for documents: aligned tables in the user's language.
struct DocumentRendering {
    let language: Language

    func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    func yuan(_ fen: Int64) -> String { Fen(fen).yuan }

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
                d.id, d.type.label.text(language), d.status.label.text(language), d.originUnit, d.street,
                d.currentUnit.map { unit in d.step.map { "\(unit) (\($0)/\(d.stepCount ?? 0))" } ?? unit } ?? "-",
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
        out.append(t("制单单位：", "origin: ") + d.originUnit + t("    街道：", "    street: ") + d.street)
        if let unit = d.currentUnit {
            out.append(
                t("待办：", "waiting for: ") + "\(unit)"
                    + (d.step.map { t("（第 \($0)/\(d.stepCount ?? 0) 步）", " (step \($0) of \(d.stepCount ?? 0))") } ?? "")
                    + (d.waitingSince.map { t("，自 ", ", since ") + $0 } ?? "") + (d.overdue ? t("，已超期", ", overdue") : ""))
        }
        if let from = d.noticeFrom, let to = d.noticeTo { out.append(t("公示期：", "notice period: ") + "\(from) – \(to)") }
        out.append(
            t("合计：", "totals: ")
                + t(
                    "\(d.totals.households) 户，洁净煤 \(d.totals.coalTons) 吨，炉具 \(d.totals.stoves) 台，补贴 \(yuan(d.totals.subsidyFen)) 元",
                    "\(d.totals.households) households, \(d.totals.coalTons) t coal, \(d.totals.stoves) stoves, subsidy \(yuan(d.totals.subsidyFen)) yuan"
                ))
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
                out.append("  \(check.passed ? "✓" : "✗") \(check.blocking ? "★ " : "")\(check.name): \(check.message)")
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
                            $0.at.replacingOccurrences(of: "T", with: " "), $0.action, $0.unit, $0.login,
                            "\($0.fromStatus) → \($0.toStatus)", $0.comment ?? "",
                        ]
                    }
                ).render())
        }
        return out.joined(separator: "\n")
    }
}
