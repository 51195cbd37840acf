import TerminalText

/// A model of a terminal for the renderer's output: printable characters (with the terminal's own
/// wrap at the last column), newline, carriage return, cursor up (`ESC[nA`) and back (`ESC[nD`),
/// erase to the end of the line (`ESC[K`) and of the screen (`ESC[J`); colours are ignored. It
/// records any other escape sequence or control character, which the renderer must never write.
struct TerminalScreen {
    let width: Int
    var rows: [[Character]] = [[]]
    var row = 0
    var column = 0
    /// Sequences and controls the model does not know.
    var unexpected: [String] = []
    /// Every `ESC[…A` seen (a redraw).
    var cursorUps = 0

    init(width: Int) { self.width = width }

    mutating func play(_ output: String) {
        var characters = Substring(output)
        while let character = characters.first {
            characters = characters.dropFirst()
            switch character {
            case "\u{1B}":
                guard characters.first == "[" else {
                    unexpected.append("ESC " + String(characters.prefix(3)))
                    continue
                }
                characters = characters.dropFirst()
                let parameters = characters.prefix { $0.isNumber || $0 == ";" }
                characters = characters.dropFirst(parameters.count)
                guard let final = characters.first else {
                    unexpected.append("unfinished CSI")
                    continue
                }
                characters = characters.dropFirst()
                let count = Int(String(parameters)) ?? 1
                switch final {
                case "m": break
                case "A":
                    cursorUps += 1
                    row = max(0, row - count)
                case "D": column = max(0, min(column, width - 1) - count)
                case "K": rows[row] = Array(rows[row].prefix(min(column, width - 1)))
                case "J":
                    rows[row] = Array(rows[row].prefix(column))
                    rows.removeSubrange((row + 1)...)
                default: unexpected.append("CSI \(parameters)\(final)")
                }
            case "\n":
                row += 1
                column = 0
                if row == rows.count { rows.append([]) }
            case "\r":
                column = 0
            case "\t":
                // To the next tab stop, never past the last column.
                let stop = min((column / 8 + 1) * 8, width - 1)
                while column < stop { put(" ") }
            default:
                if character.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                    unexpected.append("control \(character.unicodeScalars.map { String($0.value, radix: 16) })")
                    continue
                }
                put(character)
            }
        }
    }

    private mutating func put(_ character: Character) {
        let cells = max(1, DisplayWidth.of(character))
        if column + cells > width {
            row += 1
            column = 0
            if row == rows.count { rows.append([]) }
        }
        var line = rows[row]
        while line.count < column + cells { line.append(Character(" ")) }
        line[column] = character
        // A wide character's second cell.
        if cells == 2 { line[column + 1] = "\u{0}" }
        rows[row] = line
        column += cells
    }

    /// The rows as text, trailing spaces dropped.
    var lines: [String] {
        rows.map { String($0.filter { $0 != "\u{0}" }).replacingTrailingSpaces() }
    }
}

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
