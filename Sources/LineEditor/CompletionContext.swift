/// The line as it stands when Tab is pressed, handed to `LineEditor.completion`.
public struct CompletionContext: Sendable, Equatable {
    /// The whole line.
    public var line: String
    /// How many characters (grapheme clusters) of `line` lie before the cursor.
    public var cursor: Int
    /// The text before the cursor.
    public var textBeforeCursor: String
    /// The word being completed: the text before the cursor after its last space or tab.
    /// Candidates returned by the callback replace this word.
    public var word: String

    /// A context for `line` with the cursor after `cursor` characters (`nil`: at the end).
    public init(line: String, cursor: Int? = nil) {
        let count = line.count
        let position = min(max(cursor ?? count, 0), count)
        let split = line.index(line.startIndex, offsetBy: position)
        let before = String(line[..<split])
        self.line = line
        self.cursor = position
        self.textBeforeCursor = before
        if let lastSpace = before.lastIndex(where: { $0 == " " || $0 == "\t" }) {
            self.word = String(before[before.index(after: lastSpace)...])
        } else {
            self.word = before
        }
    }
}
