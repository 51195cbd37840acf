/// Colours a fenced code block's lines as they stream in, for the language its fence names.
///
/// Feed it the text of the current line as it arrives (never a newline) and call `endLine` where the
/// line ends; the runs it gives back, joined, are exactly the text fed, in order.
public struct CodeHighlighter: Sendable {
    // One of the two is set; kept as optionals so they are changed in place, not copied.
    private var code: CodeLexer?
    private var markup: MarkupLexer?

    public init(language: CodeLanguage) {
        if language == .html { markup = MarkupLexer() } else { code = CodeLexer(rules: .of(language)) }
    }

    /// Adds text of the current line; returns the runs that can be coloured now.
    public mutating func append(_ text: Substring) -> [HighlightedRun] {
        var runs: [HighlightedRun] = []
        code?.append(text, into: &runs)
        markup?.append(text, into: &runs)
        return runs
    }

    /// Ends the current line; returns the runs held until now.
    public mutating func endLine() -> [HighlightedRun] {
        var runs: [HighlightedRun] = []
        code?.endLine(into: &runs)
        markup?.endLine(into: &runs)
        return runs
    }
}
