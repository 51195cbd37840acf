/// Shows one answer as it streams: thinking dimmed and set apart, then the answer, word-wrapped.
///
/// Every call writes at most once, so each received event reaches the screen in one write. The model's
/// text is sanitized before our own styling and wrapping are added, so only ours reaches the terminal;
/// thinking and answer each have their own sanitizer, as each is its own stream.
struct ResponseRenderer {
    private enum Phase { case idle, thinking, answering }

    private let output: any ChatOutput
    private let style: TerminalStyle
    private var wrapper: StreamingWordWrapper
    private var thinkingSanitizer = TerminalSanitizer()
    private var contentSanitizer = TerminalSanitizer()
    private var phase = Phase.idle
    private(set) var wroteAnything = false

    /// Reads the terminal's width again for every delta, so a window resized mid-answer wraps
    /// at its new width.
    private let followsTerminalWidth: Bool

    /// - Parameters:
    ///   - width: wrap at this many columns; nil for no wrapping.
    ///   - followsTerminalWidth: ignore `width` and wrap at `output.columns()`, read afresh for
    ///     every delta.
    init(output: any ChatOutput, style: TerminalStyle, width: Int?, followsTerminalWidth: Bool = false) {
        self.output = output
        self.style = style
        self.followsTerminalWidth = followsTerminalWidth
        self.wrapper = StreamingWordWrapper(width: followsTerminalWidth ? output.columns() : width)
    }

    mutating func thinking(_ delta: String) {
        let delta = thinkingSanitizer.feed(delta)
        guard !delta.isEmpty else { return }
        if followsTerminalWidth { wrapper.resize(to: output.columns()) }
        var text = ""
        if phase != .thinking {
            if phase == .answering { text += lineBreak() + "\n" }
            text += style.dim("Thinking...") + "\n"
            wrapper.startLine()
            phase = .thinking
        }
        let shown = wrapper.feed(delta)
        if !shown.isEmpty { text += style.dimOn + shown + style.reset }
        emit(text)
    }

    mutating func content(_ delta: String) {
        let delta = contentSanitizer.feed(delta)
        guard !delta.isEmpty else { return }
        if followsTerminalWidth { wrapper.resize(to: output.columns()) }
        var text = ""
        if phase == .thinking { text += closeThinking() + "\n" }
        phase = .answering
        text += wrapper.feed(delta)
        emit(text)
    }

    /// Ends the answer: writes the held-back word, closes a thinking block and leaves the cursor at
    /// the start of a fresh line.
    mutating func finish() {
        endSanitizing()
        let text = phase == .thinking ? closeThinking() : wrapper.flush() + lineBreak()
        phase = .idle
        emit(text)
    }

    /// Ends a cut-short answer: what was held back stays unwritten, styling is reset, and the cursor
    /// goes to the start of a fresh line.
    mutating func abandon() {
        endSanitizing()
        let text = style.reset + lineBreak()
        phase = .idle
        emit(text)
    }

    /// A `\r` the stream ended on, or a sequence it never ended, is dropped.
    private mutating func endSanitizing() {
        thinkingSanitizer.finish()
        contentSanitizer.finish()
    }

    private mutating func closeThinking() -> String {
        let held = wrapper.flush()
        let text = (held.isEmpty ? "" : style.dimOn + held + style.reset) + lineBreak() + style.dim("...done thinking.") + "\n"
        wrapper.startLine()
        return text
    }

    /// A newline when the cursor is not at the start of a line.
    private mutating func lineBreak() -> String {
        guard wrapper.column != 0 else { return "" }
        wrapper.startLine()
        return "\n"
    }

    private mutating func emit(_ text: String) {
        guard !text.isEmpty else { return }
        output.write(text)
        wroteAnything = true
    }
}
