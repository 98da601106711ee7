import CoalflowCore

/// Progress per street against its coal target as an SVG bar chart drawn on the server: registered,
/// delivered and filed tons as shares of the target, and the pro-rata schedule as a dashed line. No
/// script, prints as it shows.
struct ProgressChart {
    struct Bar {
        var name: String
        /// Shares of the target in tenths of a percent: registered, delivered, filed.
        var permille: [Int]
    }

    let bars: [Bar]
    /// The schedule, in tenths of a percent of the program year.
    let schedulePermille: Int
    let language: Language

    static let kinds = ["registered", "delivered", "filed"]

    /// The streets of `rows` that have a coal target (the district total left out).
    init(_ rows: [ProgressRow], schedulePermille: Int, language: Language) {
        bars = rows.compactMap { row in
            guard row.street != "total", let text = row.targetCoalTons, let target = try? Tons(parsing: text),
                target.thousandths > 0
            else { return nil }
            let shares = [row.registeredCoalTons, row.deliveredCoalTons, row.filedCoalTons].map { text -> Int in
                let part = (try? Tons(parsing: text))?.thousandths ?? 0
                return Int((part * 1000 + target.thousandths / 2) / target.thousandths)
            }
            return Bar(name: row.streetName, permille: shares)
        }
        self.schedulePermille = schedulePermille
        self.language = language
    }

    var svg: HTML {
        guard !bars.isEmpty else { return .empty }
        let (left, width, barHeight, gap, top) = (120, 600, 14, 18, 24)
        let rowHeight = barHeight * 3 + gap
        // The scale reaches at least 100 %, in steps of 25 %.
        let maximum = max(1000, ((bars.flatMap(\.permille).max() ?? 0) + 249) / 250 * 250)
        func x(_ permille: Int) -> Int { left + permille * width / maximum }
        let height = top + bars.count * rowHeight + 8
        let ticks = stride(from: 0, through: maximum, by: 250).map { tick -> HTML in
            """
            <line class="grid" x1="\(x(tick))" y1="\(top - 4)" x2="\(x(tick))" y2="\(height - 8)"/>\
            <text x="\(x(tick))" y="14" text-anchor="middle">\(tick / 10)%</text>
            """
        }
        let rows = bars.enumerated().map { index, bar -> HTML in
            let y = top + index * rowHeight
            let rects = bar.permille.enumerated().map { kind, permille -> HTML in
                let by = y + kind * barHeight
                return """
                    <rect class="\(Self.kinds[kind])" x="\(left)" y="\(by)" width="\(max(0, x(permille) - left))" height="\(barHeight - 2)"/>\
                    <text x="\(x(permille) + 4)" y="\(by + barHeight - 3)">\(Self.percent(permille))</text>
                    """
            }
            return """
                <text x="\(left - 8)" y="\(y + barHeight * 2)" text-anchor="end">\(bar.name)</text>\(rects)
                """
        }
        let title = language == .zh ? "各街道洁净煤进度（占目标）与时序进度" : "Clean coal per street (share of target) against the schedule"
        return """
            <svg class="chart" viewBox="0 0 \(left + width + 60) \(height)" role="img" aria-label="\(title)" xmlns="http://www.w3.org/2000/svg">\
            <title>\(title)</title>\(ticks)\(rows)\
            <line class="axis" x1="\(left)" y1="\(top - 4)" x2="\(left)" y2="\(height - 8)"/>\
            <line class="schedule" x1="\(x(schedulePermille))" y1="\(top - 8)" x2="\(x(schedulePermille))" y2="\(height - 4)"/>\
            </svg>
            """
    }

    /// `455` as `45.5%`.
    static func percent(_ permille: Int) -> String { "\(permille / 10).\(permille % 10)%" }
}
