/// Pure helpers about what the terminal shows: hidden escapes in prompts and screen rows.
enum TerminalLayout {
    /// The character libedit is told brackets invisible prompt text.
    static let invisibleMarker: Unicode.Scalar = "\u{1}"

    /// Brackets ANSI escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ESC \`) with
    /// `invisibleMarker` so libedit does not count them as columns. A prompt that already uses
    /// the marker is returned unchanged.
    static func markingEscapes(in prompt: String) -> String {
        let scalars = Array(prompt.unicodeScalars)
        guard scalars.contains("\u{1B}"), !scalars.contains(invisibleMarker) else { return prompt }
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "\u{1B}", index + 1 < scalars.count else {
                result.append(scalar)
                index += 1
                continue
            }
            let end = escapeEnd(scalars, from: index)
            result.append(invisibleMarker)
            result.append(contentsOf: scalars[index..<end])
            result.append(invisibleMarker)
            index = end
        }
        return String(result)
    }

    /// The prompt as it appears: marked-invisible spans removed.
    static func visiblePart(of prompt: String) -> String {
        var visible = String.UnicodeScalarView()
        var hidden = false
        for scalar in prompt.unicodeScalars {
            if scalar == invisibleMarker {
                hidden.toggle()
            } else if !hidden {
                visible.append(scalar)
            }
        }
        return String(visible)
    }

    /// The screen rows (from 0) holding the cursor and the end of `prompt` + `text` on a terminal
    /// `width` columns wide, wrapping the way libedit does: a character that does not fit moves
    /// to the next row, a newline starts one, tabs stop every 8 columns, controls show as `^X`.
    static func rows(
        prompt: String, text: [Unicode.Scalar], cursor: Int, width: Int,
        characterWidth: (Unicode.Scalar) -> Int
    ) -> (cursorRow: Int, lastRow: Int) {
        let width = max(width, 1)
        var row = 0
        var column = 0
        func place(_ scalar: Unicode.Scalar) {
            if scalar == "\n" {
                row += 1
                column = 0
                return
            }
            let cells: Int
            if scalar == "\t" {
                cells = 8 - column % 8
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                cells = 2
            } else {
                cells = max(characterWidth(scalar), 0)
            }
            if column + cells > width {
                row += 1
                column = 0
            }
            column += cells
            if column >= width {
                row += 1
                column = 0
            }
        }
        for scalar in visiblePart(of: prompt).unicodeScalars { place(scalar) }
        var cursorRow = row
        for (offset, scalar) in text.enumerated() {
            if offset == cursor { cursorRow = row }
            place(scalar)
        }
        if cursor >= text.count { cursorRow = row }
        return (cursorRow, row)
    }

    private static func escapeEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start + 1
        switch scalars[index] {
        case "[":
            index += 1
            while index < scalars.count {
                let value = scalars[index].value
                index += 1
                if (0x40...0x7E).contains(value) { break }
            }
            return index
        case "]":
            index += 1
            while index < scalars.count {
                if scalars[index] == "\u{7}" { return index + 1 }
                if scalars[index] == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "\\" {
                    return index + 2
                }
                index += 1
            }
            return index
        default:
            return min(index + 1, scalars.count)
        }
    }
}
