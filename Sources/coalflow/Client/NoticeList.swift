import CoalflowCore

/// The public notice list (公示清册) of a registration form: what the village board shows. ID numbers
/// are always masked and phones left out, whoever prints it.
enum NoticeList {
    static func html(_ d: DocumentView) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let rows = (d.lines ?? []).map { l in
            "<tr><td>\(l.lineNo)</td><td>\(esc(l.name))</td><td>\(esc(l.address))</td><td>\(esc(Masking.idNumber(l.idNumber)))</td>"
                + "<td class=n>\(l.coalTons)</td><td class=n>\(l.stoves)</td><td class=n>\(Fen(l.subsidyFen).yuan)</td></tr>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>散煤清洁化治理补贴公示 \(esc(d.id))</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #333;padding:4px 8px}
            .n{text-align:right}@media print{body{margin:1cm}}</style></head><body>
            <h1>\(d.year) 年度散煤清洁化治理洁净型煤及炉具补贴公示</h1>
            <p>单位：\(esc(d.originUnit))（\(esc(d.street))）　登记表 \(esc(d.id))　公示期：\(d.noticeFrom ?? "—") 至 \(d.noticeTo ?? "—")</p>
            <table><thead><tr><th>序号</th><th>户主姓名</th><th>住址</th><th>身份证号</th><th>洁净煤(吨)</th><th>炉具(台)</th><th>补贴(元)</th></tr></thead>
            <tbody>
            \(rows)
            </tbody>
            <tfoot><tr><th colspan=4>合计 \(d.totals.households) 户</th><th class=n>\(d.totals.coalTons)</th><th class=n>\(d.totals.stoves)</th><th class=n>\(Fen(d.totals.subsidyFen).yuan)</th></tr></tfoot>
            </table>
            <p>公示期内如有异议，请向村（社区）或街道反映。</p>
            </body></html>
            """
    }

    static func csv(_ d: DocumentView) -> String {
        var lines = ["序号,户主姓名,住址,身份证号,洁净煤(吨),炉具(台),补贴(元)"]
        for l in d.lines ?? [] {
            lines.append(
                [
                    String(l.lineNo), l.name, l.address, Masking.idNumber(l.idNumber), l.coalTons, String(l.stoves),
                    Fen(l.subsidyFen).yuan,
                ]
                .map(CSV.field).joined(separator: ","))
        }
        lines.append(
            ["合计", "\(d.totals.households) 户", "", "", d.totals.coalTons, String(d.totals.stoves), Fen(d.totals.subsidyFen).yuan]
                .map(CSV.field).joined(separator: ","))
        return "\u{FEFF}" + lines.joined(separator: "\r\n")
    }
}
