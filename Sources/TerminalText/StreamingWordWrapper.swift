/// Wraps streamed text at a width without breaking words, showing every character as soon as it
/// arrives.
///
/// Feed it each delta and write what it returns at once. Nothing is held back: when a word being
/// written reaches the edge, the part already on screen is erased (cursor back, clear to the end of
/// the line) and the word goes on at the start of the next line, as `ollama run` does. A word wider
/// than a whole line is broken at the width; ideographs and kana break anywhere, having no spaces.
///
/// The terminal's last column is never written: once it is filled, terminals disagree on where the
/// cursor is (tmux counts one further right than xterm), and moving a word back would erase the
/// wrong cells. `ollama run` keeps off the edge for the same reason.
public struct StreamingWordWrapper: Sendable {
    /// Columns used per line: one less than the terminal's; nil passes text through unchanged.
    public private(set) var width: Int?
    /// The cells used on the current line by what has been returned so far.
    public private(set) var column = 0
    /// How many times a line has been broken so far, for a caller that needs to know how many rows
    /// a line it wrote takes (the Markdown renderer's redraw of its open line).
    public private(set) var wrapCount = 0

    /// The word being written on the current line, so it can be moved if it reaches the edge.
    private var word = ""
    private var wordWidth = 0
    /// The current line began by wrapping, so whitespace at its start is dropped.
    private var lineBeganByWrap = false
    /// Spaces written at the start of each row the current line wraps to, so a list item's text
    /// lines up under itself; ignored when half the width or more. `startLine` sets it back to 0.
    public var hangingIndent = 0

    private var indentAfterWrap: Int {
        guard let width, hangingIndent > 0, hangingIndent < width / 2 else { return 0 }
        return hangingIndent
    }

    /// - Parameter width: the terminal's width in columns; nil or less than 3 turns wrapping off.
    public init(width: Int?, column: Int = 0) {
        self.width = Self.usableWidth(width)
        self.column = column
    }

    /// Follows a resized terminal: text from now on wraps at the new width. What is on screen
    /// stays as the terminal reflowed it.
    public mutating func resize(to terminalWidth: Int?) {
        width = Self.usableWidth(terminalWidth)
    }

    private static func usableWidth(_ terminalWidth: Int?) -> Int? {
        terminalWidth.flatMap { $0 >= 3 ? $0 - 1 : nil }
    }

    /// Takes the next delta and returns the text to write now.
    public mutating func feed(_ text: String) -> String {
        guard let width else {
            trackColumn(text)
            return text
        }
        var out = ""
        for character in text {
            // Matched on the ASCII value, not by comparing Characters (a string comparison each);
            // "\r\n" has the ASCII value of "\n".
            switch character.asciiValue {
            case 0x0A:
                out.append("\n")
                startLine()
            case 0x20, 0x09:
                endWord()
                if lineBeganByWrap && column == indentAfterWrap { continue }
                let next = character.asciiValue == 0x09 ? (column / 8 + 1) * 8 : column + 1
                if next > width {
                    wrap(into: &out)
                    continue
                }
                out.append(character)
                column = next
            default:
                place(character, into: &out, width: width)
            }
        }
        return out
    }

    /// Nothing is ever held back, so there is nothing to flush; kept so callers end a stream
    /// explicitly.
    public mutating func flush() -> String { "" }

    /// Tells the wrapper that the cursor is at the start of a line (after a newline it wrote, or
    /// someone else did).
    public mutating func startLine() {
        endWord()
        column = 0
        lineBeganByWrap = false
        hangingIndent = 0
    }

    private mutating func place(_ character: Character, into out: inout String, width: Int) {
        let characterWidth = DisplayWidth.of(character)
        let isWide = DisplayWidth.isWide(character)
        if column + characterWidth > width {
            let wordStart = column - wordWidth
            let indent = indentAfterWrap
            if !isWide, wordWidth > 0, wordStart > indent, indent + wordWidth + characterWidth <= width {
                // Move the word written so far to the next line: back over it, clear to the end.
                out.append("\u{1B}[\(wordWidth)D\u{1B}[K\n")
                out.append(String(repeating: " ", count: indent))
                out.append(word)
                wrapCount += 1
                column = indent + wordWidth
                lineBeganByWrap = true
            } else {
                wrap(into: &out)
            }
        }
        out.append(character)
        column += characterWidth
        if isWide {
            endWord()
        } else {
            word.append(character)
            wordWidth += characterWidth
        }
    }

    private mutating func wrap(into out: inout String) {
        out.append("\n")
        wrapCount += 1
        endWord()
        column = indentAfterWrap
        if column > 0 { out.append(String(repeating: " ", count: column)) }
        lineBeganByWrap = true
    }

    private mutating func endWord() {
        word = ""
        wordWidth = 0
    }

    private mutating func trackColumn(_ text: String) {
        if let lastNewline = text.lastIndex(where: { $0 == "\n" || $0 == "\r\n" }) {
            column = DisplayWidth.of(text[text.index(after: lastNewline)...])
        } else {
            column += DisplayWidth.of(text)
        }
    }
}
