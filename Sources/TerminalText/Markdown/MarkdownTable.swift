import Foundation
/// A Markdown table held until its last row, then laid out with its columns aligned; a table wider
/// than the terminal is written as the model wrote it.
struct MarkdownTable: Sendable {
    enum Alignment: Sendable { case left, center, right }

    /// The rows as written: the header, the delimiter row, then the body.
    private(set) var lines: [String]

    init(header: String, delimiter: String) {
        lines = [header, delimiter]
    }

    mutating func add(_ row: String) {
        lines.append(row)
    }

    /// The rows below the delimiter row.
    var bodyRowCount: Int { lines.count - 2 }

    /// The table as it is to be shown, every row ended by a newline. `cell` renders a cell's text
    /// (its inline styles) and gives its width in columns.
    func render(width: Int?, cell: (Substring) -> (text: String, width: Int)) -> String {
        let alignments = Self.cells(lines[1]).map(Self.alignment)
        let rows = ([lines[0]] + lines.dropFirst(2)).map { Self.cells($0).map(cell) }
        let columnCount = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 1, count: columnCount)
        for row in rows {
            for (column, rendered) in row.enumerated() { widths[column] = max(widths[column], rendered.width) }
        }
        let total = widths.reduce(0, +) + 3 * max(0, columnCount - 1)
        if let width, total > width {
            return lines.joined(separator: "\n") + "\n"
        }
        let separator = MarkdownPalette.dim + " │ " + MarkdownPalette.reset
        var text = ""
        for (index, row) in rows.enumerated() {
            var shown: [String] = []
            for column in 0..<columnCount {
                let rendered = column < row.count ? row[column] : (text: "", width: 0)
                let alignment = column < alignments.count ? alignments[column] : .left
                let body = index == 0 ? MarkdownPalette.bold + rendered.text + MarkdownPalette.reset : rendered.text
                let isLast = column == columnCount - 1
                shown.append(Self.pad(body, width: rendered.width, to: widths[column], alignment, trailing: !isLast))
            }
            text += shown.joined(separator: separator) + "\n"
            if index == 0 {
                let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─")
                text += MarkdownPalette.dim + rule + MarkdownPalette.reset + "\n"
            }
        }
        return text
    }

    private static func pad(_ text: String, width: Int, to target: Int, _ alignment: Alignment, trailing: Bool) -> String {
        let space = max(0, target - width)
        switch alignment {
        case .left: return text + (trailing ? String(repeating: " ", count: space) : "")
        case .right: return String(repeating: " ", count: space) + text
        case .center:
            let before = space / 2
            return String(repeating: " ", count: before) + text + (trailing ? String(repeating: " ", count: space - before) : "")
        }
    }

    private static func alignment(_ cell: Substring) -> Alignment {
        let trimmed = cell.trimmingCharacters(in: .whitespaces)
        switch (trimmed.hasPrefix(":"), trimmed.hasSuffix(":")) {
        case (true, true): return .center
        case (false, true): return .right
        default: return .left
        }
    }

    /// A row's cells: split at `|` outside code spans and not escaped, without the outer pipes,
    /// each trimmed.
    static func cells(_ row: String) -> [Substring] {
        var body = Substring(row).trimmingCharacters(in: .whitespaces)[...]
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|"), !body.hasSuffix("\\|") { body = body.dropLast() }
        var cells: [Substring] = []
        var start = body.startIndex
        var index = start
        var inCode = false
        var escaped = false
        while index != body.endIndex {
            let character = body[index]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "`" {
                inCode.toggle()
            } else if character == "|", !inCode {
                cells.append(body[start..<index])
                start = body.index(after: index)
            }
            index = body.index(after: index)
        }
        cells.append(body[start...])
        return cells.map { $0.trimmingCharacters(in: .whitespaces)[...] }
    }
}
