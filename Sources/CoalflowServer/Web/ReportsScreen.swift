import CoalflowCore
import Hummingbird

extension WebPage {
    /// `/reports`: the monthly dispatch (月调度) and the year-end assessment (年考核) as workbooks.
    func reportsScreen(years: [Int]) -> Response {
        let latest = years.first ?? 2021
        let yearOptions = years.map { y -> HTML in "<option value=\"\(y)\">\(y)</option>" }
        return render(
            t("报表", "Reports"), section: .reports,
            body: """
                <h1>\(t("报表", "Reports"))</h1>
                <section><h2>\(t("月调度", "Monthly dispatch"))</h2>
                <p class="muted">\(t("各街道进度、待办与超期、企业配送、成员单位工作和摸底覆盖，一月一份。", "Progress per street, what waits and is overdue, deliveries per company, member units' work and coverage, one month each."))</p>
                <form class="filters" method="get" action="/reports/monthly.xlsx">
                <label>\(t("月份", "Month"))<input name="month" type="month" required value="\(latest)-11"></label>
                <button type="submit" class="primary">\(t("下载 XLSX", "Download XLSX"))</button></form></section>
                <section><h2>\(t("年度考核", "Year-end assessment"))</h2>
                <p class="muted">\(t("年终考核所需各表，一个工作簿；农户明细仅供可查看农户的单位。", "Every sheet of the year-end assessment in one workbook; household detail only for units that may see households."))</p>
                <form class="filters" method="get" action="/reports/year-end.xlsx">
                <label>\(t("年度", "Year"))<select name="year">\(yearOptions)</select></label>
                <button type="submit" class="primary">\(t("下载 XLSX", "Download XLSX"))</button></form></section>
                """)
    }
}
