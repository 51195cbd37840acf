/// Enough of an xterm to show what a person would see: it follows the cursor movements, erasures
/// and insertions libedit draws with, wraps at the width, and on a resize reflows rows that were
/// wrapped (not ended by a newline) as tmux and most terminals do.
///
/// The screen keeps every row it has drawn (no scrolling off the top), which the tests' short
/// sessions never miss.
struct TerminalScreen {
    private struct Row {
        /// One entry per column; nil is blank, "" is the second half of a wide character.
        var cells: [String?]
        /// The row was filled and the text went on into the next one.
        var wrapped = false
    }

    private(set) var width: Int
    private var rows = [Row(cells: [])]
    private var row = 0
    private var column = 0
    /// The last column was written: the next character goes on the next row (xterm's "xenl").
    private var pendingWrap = false
    private var insertMode = false

    init(columns: Int) {
        width = max(columns, 1)
    }

    /// The rows as text, blanks at their ends trimmed, empty rows at the end dropped.
    var lines: [String] {
        var result = rows.map { row in
            var text = row.cells.map { $0 ?? " " }.joined()
            while text.last == " " { text.removeLast() }
            return text
        }
        while result.last == "" { result.removeLast() }
        return result
    }

    /// Where the cursor is: row (from the first row ever drawn) and column.
    var cursor: (row: Int, column: Int) { (row, column) }

    mutating func feed(_ text: String) {
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\u{1B}": escape(&scalars)
            case "\r":
                column = 0
                pendingWrap = false
            case "\n": lineFeed()
            case "\u{8}":
                if pendingWrap { pendingWrap = false } else { column = max(column - 1, 0) }
            case "\t": column = min((column / 8 + 1) * 8, width - 1)
            case "\u{7}": break
            default:
                if scalar.value >= 0x20 { put(scalar) }
            }
        }
    }

    /// The terminal is now `columns` wide: every run of wrapped rows is joined and wrapped again.
    mutating func resize(columns: Int) {
        let newWidth = max(columns, 1)
        var newRows: [Row] = []
        var newCursor = (row: 0, column: 0)
        var index = 0
        while index < rows.count {
            var cells: [String?] = []
            var cursorOffset: Int?
            while true {
                let current = rows[index]
                if index == row { cursorOffset = cells.count + column }
                if current.wrapped {
                    cells += current.cells + Array(repeating: nil, count: max(width - current.cells.count, 0))
                } else {
                    cells += current.cells
                }
                index += 1
                if !current.wrapped || index == rows.count { break }
            }
            while let last = cells.last, last == nil { cells.removeLast() }
            let first = newRows.count
            var start = 0
            repeat {
                let end = min(start + newWidth, cells.count)
                newRows.append(Row(cells: Array(cells[start..<end]), wrapped: end < cells.count))
                start = end
            } while start < cells.count
            if let cursorOffset {
                let cursorRow = first + cursorOffset / newWidth
                while newRows.count <= cursorRow {
                    newRows[newRows.count - 1].wrapped = true
                    newRows.append(Row(cells: []))
                }
                newCursor = (cursorRow, cursorOffset % newWidth)
            }
        }
        width = newWidth
        rows = newRows.isEmpty ? [Row(cells: [])] : newRows
        (row, column) = newCursor
        pendingWrap = false
    }

    // MARK: - Drawing

    private mutating func lineFeed() {
        row += 1
        pendingWrap = false
        while rows.count <= row { rows.append(Row(cells: [])) }
    }

    private mutating func put(_ scalar: Unicode.Scalar) {
        let cells = Self.cellWidth(scalar)
        if cells == 0 {
            // A combining mark joins the character before it.
            let target = pendingWrap ? column : column - 1
            if target >= 0, target < rows[row].cells.count, let base = rows[row].cells[target] {
                rows[row].cells[target] = base + String(scalar)
            }
            return
        }
        if pendingWrap || column + cells > width {
            rows[row].wrapped = true
            lineFeed()
            column = 0
        }
        ensureCells(upTo: column + cells)
        if insertMode {
            rows[row].cells.insert(contentsOf: Array(repeating: nil, count: cells), at: column)
            rows[row].cells = Array(rows[row].cells.prefix(width))
        }
        rows[row].cells[column] = String(scalar)
        if cells == 2 { rows[row].cells[column + 1] = "" }
        column += cells
        if column >= width {
            column = width - 1
            pendingWrap = true
        }
    }

    private mutating func ensureCells(upTo count: Int) {
        if rows[row].cells.count < count {
            rows[row].cells += Array(repeating: nil, count: count - rows[row].cells.count)
        }
    }

    private mutating func escape(_ scalars: inout ArraySlice<Unicode.Scalar>) {
        guard let kind = scalars.popFirst() else { return }
        switch kind {
        case "[":
            var parameters = ""
            var final: Unicode.Scalar = "m"
            while let next = scalars.popFirst() {
                if (0x40...0x7E).contains(next.value) {
                    final = next
                    break
                }
                parameters.unicodeScalars.append(next)
            }
            control(final, parameters)
        case "]":
            while let next = scalars.popFirst(), next != "\u{7}" {
                if next == "\u{1B}" {
                    _ = scalars.popFirst()
                    break
                }
            }
        case "(", ")":
            _ = scalars.popFirst()
        default:
            break
        }
    }

    private mutating func control(_ final: Unicode.Scalar, _ parameters: String) {
        let isPrivate = parameters.hasPrefix("?")
        let numbers = parameters.drop { $0 == "?" }.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let count = max(numbers.first.flatMap { $0 } ?? 1, 1)
        let mode = numbers.first.flatMap { $0 } ?? 0
        if final != "m" { pendingWrap = false }
        switch final {
        case "A": row = max(row - count, 0)
        case "B":
            row += count
            while rows.count <= row { rows.append(Row(cells: [])) }
        case "C": column = min(column + count, width - 1)
        case "D": column = max(column - count, 0)
        case "G": column = min(count - 1, width - 1)
        case "K":
            switch mode {
            case 0: rows[row].cells = Array(rows[row].cells.prefix(column))
            case 1:
                ensureCells(upTo: column + 1)
                for index in 0...column { rows[row].cells[index] = nil }
            default: rows[row].cells = []
            }
        case "J":
            if mode == 0 {
                rows[row].cells = Array(rows[row].cells.prefix(column))
                rows[row].wrapped = false
                for index in (row + 1)..<max(rows.count, row + 1) { rows[index] = Row(cells: []) }
            } else if mode == 2 || mode == 3 {
                rows = rows.map { _ in Row(cells: []) }
            }
        case "P":
            if column < rows[row].cells.count {
                rows[row].cells.removeSubrange(column..<min(column + count, rows[row].cells.count))
            }
        case "@":
            if column < rows[row].cells.count {
                rows[row].cells.insert(contentsOf: Array(repeating: nil, count: count), at: column)
                rows[row].cells = Array(rows[row].cells.prefix(width))
            }
        case "h", "l":
            if !isPrivate, mode == 4 { insertMode = final == "h" }
        default:
            break
        }
    }

    /// Columns a code point takes, roughly as wcwidth says: 0 for combining marks and joiners, 2 for
    /// East Asian wide characters and emoji.
    private static func cellWidth(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let value = scalar.value
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }
}
