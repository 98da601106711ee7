import CoalflowCore

/// A text table whose columns stay aligned with Chinese text: a CJK character takes two columns.
struct Table {
    let header: [String]
    let rows: [[String]]

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { TextLayout.columns($0[column]) }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - TextLayout.columns(cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
