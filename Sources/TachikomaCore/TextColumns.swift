/// Measuring and wrapping plain text in terminal cells, for layouts in columns (`tachikoma diff`).
///
/// The one place terminal widths are decided, for the chat's wrapping too: two cells for East Asian wide
/// characters and emoji, none for combining marks, zero-width joiners and controls, one for the
/// rest. The text must already be clean (no escape sequences): a layout sanitizes before measuring.
public enum TextColumns {
    /// The cells `character` takes. Inlined for the chat's renderer, which measures every
    /// character of an answer: most are ASCII and need no Unicode property lookup.
    @inlinable
    public static func width(of character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7F ? 1 : 0 }
        return nonASCIIWidth(of: character)
    }

    @usableFromInline
    static func nonASCIIWidth(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
        if isWide(first) { return 2 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: return 1
        }
    }

    /// The cells `text` takes on one line.
    public static func width(of text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    /// `text` padded with spaces to `cells` (text already wider is left as it is).
    public static func padded(_ text: String, to cells: Int) -> String {
        let missing = cells - width(of: text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    /// `text` broken into lines of at most `width` cells: at spaces where it can, inside a word only
    /// when the word alone is wider than a line (it then starts on a line of its own). Line breaks in the text are kept, a paragraph's
    /// leading indentation too (code keeps its shape), tabs become spaces to the next multiple of 4,
    /// and spaces at the end of a line are dropped. Every line fits, even a lone wide character in a
    /// width of 1 (it is dropped: it cannot be shown).
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 1)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += wrapParagraph(expandingTabs(paragraph), width: width)
        }
        return lines
    }

    private static func expandingTabs(_ text: Substring) -> String {
        guard text.contains("\t") else { return String(text) }
        var out = ""
        var column = 0
        for character in text {
            if character == "\t" {
                let spaces = 4 - column % 4
                out += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                out.append(character)
                column += width(of: character)
            }
        }
        return out
    }

    private static func wrapParagraph(_ paragraph: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        // Runs of spaces and runs of anything else, in order.
        var runs: [(text: Substring, isSpace: Bool)] = []
        var index = paragraph.startIndex
        while index < paragraph.endIndex {
            let isSpace = paragraph[index] == " "
            let end = paragraph[index...].firstIndex { ($0 == " ") != isSpace } ?? paragraph.endIndex
            runs.append((paragraph[index..<end], isSpace))
            index = end
        }
        func endLine() {
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
            line = ""
            lineWidth = 0
        }
        for (offset, run) in runs.enumerated() {
            let runWidth = self.width(of: run.text)
            if run.isSpace {
                // Spaces that begin the paragraph are indentation; spaces at a wrap are dropped.
                if offset == 0 || lineWidth + runWidth <= width {
                    line += String(repeating: " ", count: min(runWidth, width - lineWidth))
                    lineWidth = min(lineWidth + runWidth, width)
                } else if !line.isEmpty {
                    endLine()
                }
                continue
            }
            if lineWidth + runWidth > width, line.contains(where: { $0 != " " }) {
                endLine()
            }
            for character in run.text {
                let cells = self.width(of: character)
                if lineWidth + cells > width {
                    if lineWidth > 0 { endLine() }
                    if cells > width { continue }
                }
                line.append(character)
                lineWidth += cells
            }
        }
        endLine()
        return lines
    }

    /// Characters after which a line may break with no space: ideographs, kana, hangul, fullwidth forms.
    public static func isWide(_ character: Character) -> Bool {
        guard let first = character.unicodeScalars.first else { return false }
        return isWide(first)
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F,  // Hangul Jamo initials
            0x2E80...0x303E,  // CJK radicals, symbols and punctuation
            0x3041...0x33FF,  // kana, bopomofo, CJK compatibility
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xA000...0xA4CF,  // Yi
            0xAC00...0xD7A3,  // Hangul syllables
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFE30...0xFE4F,  // CJK compatibility forms
            0xFF00...0xFF60,  // fullwidth forms
            0xFFE0...0xFFE6,
            0x1F300...0x1F64F,  // pictographs and emoticons
            0x1F900...0x1F9FF,
            0x20000...0x3FFFD:  // CJK extensions B and beyond
            return true
        default:
            return false
        }
    }
}
