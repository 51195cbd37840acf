/// Wraps streamed text at a width without breaking words, holding back only the word still arriving.
///
/// Feed it each delta as it comes and write what it returns at once. A word is written when the
/// whitespace after it arrives, on the current line if it fits, else on the next; a word wider than
/// the whole line is broken at the width. Ideographs and kana break anywhere, as they have no spaces.
public struct StreamingWordWrapper: Sendable {
    /// Columns per line; nil or less than 2 passes text through unchanged.
    public let width: Int?
    /// The column the cursor is at after what has been returned so far.
    public private(set) var column = 0

    private var word = ""
    private var wordWidth = 0
    /// Whitespace between the last written word and `word`: written only once the next word is placed.
    private var pendingSpaces = ""
    /// The current line began by wrapping, so whitespace at its start is dropped.
    private var lineBeganByWrap = false

    public init(width: Int?, column: Int = 0) {
        self.width = width.flatMap { $0 >= 2 ? $0 : nil }
        self.column = column
    }

    /// Takes the next delta and returns the text to write now.
    public mutating func feed(_ text: String) -> String {
        guard let width else {
            trackColumn(text)
            return text
        }
        var out = ""
        for character in text {
            switch character {
            case "\n", "\r\n":
                placeWord(into: &out, width: width)
                pendingSpaces = ""
                out.append("\n")
                column = 0
                lineBeganByWrap = false
            case " ", "\t":
                placeWord(into: &out, width: width)
                pendingSpaces.append(character)
            default:
                if DisplayWidth.isWide(character) {
                    placeWord(into: &out, width: width)
                    word = String(character)
                    wordWidth = DisplayWidth.of(character)
                    placeWord(into: &out, width: width)
                } else {
                    word.append(character)
                    wordWidth += DisplayWidth.of(character)
                    if wordWidth > width { breakLongWord(into: &out, width: width) }
                }
            }
        }
        return out
    }

    /// Returns the word held back; call at the end of the stream. Trailing whitespace is dropped.
    public mutating func flush() -> String {
        guard let width else { return "" }
        var out = ""
        placeWord(into: &out, width: width)
        pendingSpaces = ""
        return out
    }

    /// Tells the wrapper that someone else moved the cursor to the start of a line.
    public mutating func startLine() {
        word = ""
        wordWidth = 0
        pendingSpaces = ""
        column = 0
        lineBeganByWrap = false
    }

    private mutating func placeWord(into out: inout String, width: Int) {
        guard !word.isEmpty else { return }
        if column == 0 && lineBeganByWrap { pendingSpaces = "" }
        var spacesEnd = Self.advance(column, over: pendingSpaces)
        if column > 0 && spacesEnd + wordWidth > width {
            out.append("\n")
            column = 0
            lineBeganByWrap = true
            pendingSpaces = ""
            spacesEnd = 0
        }
        out.append(pendingSpaces)
        out.append(word)
        column = spacesEnd + wordWidth
        pendingSpaces = ""
        word = ""
        wordWidth = 0
    }

    /// The word is wider than a line: start a fresh line and write as much as fits; keep the rest.
    private mutating func breakLongWord(into out: inout String, width: Int) {
        if column > 0 {
            out.append("\n")
            column = 0
            lineBeganByWrap = true
        }
        pendingSpaces = ""
        var head = ""
        var headWidth = 0
        var rest = Substring(word)
        while let next = rest.first {
            let nextWidth = DisplayWidth.of(next)
            if headWidth + nextWidth > width { break }
            head.append(next)
            headWidth += nextWidth
            rest = rest.dropFirst()
        }
        out.append(head)
        column = headWidth
        word = String(rest)
        wordWidth = DisplayWidth.of(rest)
    }

    private mutating func trackColumn(_ text: String) {
        if let lastNewline = text.lastIndex(where: { $0 == "\n" || $0 == "\r\n" }) {
            column = DisplayWidth.of(text[text.index(after: lastNewline)...])
        } else {
            column += DisplayWidth.of(text)
        }
    }

    private static func advance(_ column: Int, over spaces: String) -> Int {
        var column = column
        for space in spaces {
            column = space == "\t" ? (column / 8 + 1) * 8 : column + 1
        }
        return column
    }
}
