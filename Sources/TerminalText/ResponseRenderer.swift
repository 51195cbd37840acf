/// Shows one answer as it streams, for the chat and for `tachikoma run` alike: thinking dimmed and set
/// apart, then the answer, word-wrapped (and, where `markdown`, rendered by `MarkdownRenderer`), and
/// the lines the tool loop adds.
///
/// Every call writes at most once per output, so each received event reaches the screen in one write.
/// The model's text is sanitized (where `sanitizes` says) before our own styling and wrapping are
/// added, so only ours reaches the terminal; thinking and answer each have their own sanitizer, as each
/// is its own stream.
public struct ResponseRenderer {
    /// Where thinking goes.
    public enum ThinkingPlacement: Sendable {
        /// In the answer's output between "Thinking..." and "...done thinking.", as `ollama run`
        /// shows it in its chat.
        case framed
        /// On an output of its own (`run`: standard error), dimmed, ended by a blank line.
        case aside(any TextOutput)
    }

    /// How one output is treated.
    public struct Treatment: Sendable {
        /// Escape sequences and control characters of the model's text removed.
        public var sanitizes: Bool
        /// Broken between words at the output's width, read again for every delta so a window
        /// resized mid-answer wraps at its new width.
        public var wraps: Bool
        /// Rendered as Markdown (after sanitizing), wrapped at the width when `wraps`. Only for an
        /// output that takes escape codes: the rendering is in colour.
        public var markdown: Bool

        public init(sanitizes: Bool, wraps: Bool, markdown: Bool = false) {
            self.sanitizes = sanitizes
            self.wraps = wraps
            self.markdown = markdown
        }
    }

    private enum Phase { case idle, thinking, answering }

    private let output: any TextOutput
    private let thinkingOutput: (any TextOutput)?
    private let style: TerminalStyle
    private let answer: Treatment
    private let aside: Treatment
    private var wrapper: StreamingWordWrapper
    private var markdown: MarkdownRenderer?
    private var thinkingWrapper: StreamingWordWrapper
    private var thinkingSanitizer = TerminalSanitizer()
    private var contentSanitizer = TerminalSanitizer()
    private var phase = Phase.idle
    /// The answer's output is not at the start of a line: `finish` ends it.
    private var lineOpen = false
    public private(set) var wroteAnything = false

    /// - Parameters:
    ///   - output: the answer's output (and, `framed`, the thinking's).
    ///   - style: colours for our own marks (none when colour is off).
    ///   - answer: how the answer's output is treated.
    ///   - thinking: where thinking goes, and (`aside`) how its output is treated.
    public init(
        output: any TextOutput, style: TerminalStyle, answer: Treatment, thinking: ThinkingPlacement = .framed,
        aside: Treatment? = nil
    ) {
        self.output = output
        self.style = style
        self.answer = answer
        switch thinking {
        case .framed: thinkingOutput = nil
        case .aside(let other): thinkingOutput = other
        }
        self.aside = aside ?? answer
        wrapper = StreamingWordWrapper(width: answer.wraps ? output.columns() : nil)
        thinkingWrapper = StreamingWordWrapper(width: (aside ?? answer).wraps ? thinkingOutput?.columns() : nil)
        if answer.markdown {
            markdown = MarkdownRenderer(columns: answer.wraps ? output.columns() : nil, rows: { [output] in output.rows() })
        }
    }

    /// The chat's renderer: everything on one output, always sanitized, wrapped when `wraps`.
    public static func chat(output: any TextOutput, style: TerminalStyle, wraps: Bool, markdown: Bool = false) -> ResponseRenderer {
        ResponseRenderer(output: output, style: style, answer: Treatment(sanitizes: true, wraps: wraps, markdown: markdown))
    }

    /// How many fenced code blocks the answer has begun so far (with Markdown on), as numbered on screen.
    public var codeBlockCount: Int { markdown?.codeBlockCount ?? 0 }

    public mutating func thinking(_ delta: String) {
        let sanitizes = thinkingOutput == nil ? answer.sanitizes : aside.sanitizes
        let delta = sanitizes ? thinkingSanitizer.feed(delta) : delta
        guard !delta.isEmpty else { return }
        if let thinkingOutput {
            if aside.wraps { thinkingWrapper.resize(to: thinkingOutput.columns()) }
            let starting = phase != .thinking
            phase = .thinking
            emit((starting ? style.dimOn : "") + thinkingWrapper.feed(delta), to: thinkingOutput)
            return
        }
        if answer.wraps { wrapper.resize(to: output.columns()) }
        var text = ""
        if phase != .thinking {
            if phase == .answering {
                endMarkdown()
                text += lineBreak() + "\n"
            }
            text += style.dim("Thinking...") + "\n"
            wrapper.startLine()
            phase = .thinking
        }
        let shown = wrapper.feed(delta)
        if !shown.isEmpty { text += style.dimOn + shown + style.reset }
        emitAnswer(text, endsOpen: !shown.isEmpty && !shown.hasSuffix("\n"))
    }

    public mutating func content(_ delta: String) {
        let delta = answer.sanitizes ? contentSanitizer.feed(delta) : delta
        guard !delta.isEmpty else { return }
        if answer.wraps { wrapper.resize(to: output.columns()) }
        var text = ""
        if phase == .thinking {
            if thinkingOutput == nil { text += closeThinking() + "\n" } else { closeAside(blankLine: true) }
        }
        phase = .answering
        if markdown != nil {
            text += markdown!.feed(delta, columns: answer.wraps ? output.columns() : nil)
        } else {
            // Unwrapped text goes out as it came: no measuring on the fast path of a pipe or a file.
            text += answer.wraps ? wrapper.feed(delta) : delta
        }
        emitAnswer(text, endsOpen: !text.hasSuffix("\n"))
    }

    /// A line of our own about the turn (a tool call, its result, a warning), after whatever the
    /// answer printed: dimmed where `dim`, on the thinking's output when it has its own.
    public mutating func note(_ line: String, dim: Bool = true) {
        endLines()
        emit((dim ? style.dim(line) : line) + "\n", to: thinkingOutput ?? output)
    }

    /// Ends the answer: writes the held-back word, closes a thinking block and leaves the cursor at
    /// the start of a fresh line.
    public mutating func finish() {
        endSanitizing()
        endLines()
    }

    /// Closes thinking and ends the answer's line, so what follows starts a line of its own.
    private mutating func endLines() {
        if thinkingOutput != nil, phase == .thinking { closeAside(blankLine: false) }
        endMarkdown()
        let text = thinkingOutput == nil && phase == .thinking ? closeThinking() : wrapper.flush() + lineBreak()
        emitAnswer(text, endsOpen: false)
        phase = .idle
    }

    /// Ends a cut-short answer: what was held back stays unwritten, styling is reset, and the cursor
    /// goes to the start of a fresh line.
    public mutating func abandon() {
        endSanitizing()
        endMarkdown()
        if let thinkingOutput {
            if phase == .thinking { emit(style.reset + "\n", to: thinkingOutput) }
            emitAnswer(lineBreak(), endsOpen: false)
        } else {
            emitAnswer(style.reset + lineBreak(), endsOpen: false)
        }
        phase = .idle
    }

    /// Writes what the Markdown renderer holds (the last line, a table not yet shown), so what follows
    /// starts on a line of its own, in a fresh block.
    private mutating func endMarkdown() {
        guard markdown != nil else { return }
        let held = markdown!.finish()
        if !held.isEmpty { emitAnswer(held, endsOpen: !held.hasSuffix("\n")) }
    }

    /// A `\r` the stream ended on, or a sequence it never ended, is dropped.
    private mutating func endSanitizing() {
        thinkingSanitizer.finish()
        contentSanitizer.finish()
    }

    private mutating func closeThinking() -> String {
        let held = wrapper.flush()
        let text = (held.isEmpty ? "" : style.dimOn + held + style.reset) + lineBreak() + style.dim("...done thinking.") + "\n"
        lineOpen = false
        wrapper.startLine()
        return text
    }

    /// Ends thinking on its own output: styling reset, a line ended, and a blank line before the
    /// answer that follows.
    private mutating func closeAside(blankLine: Bool) {
        guard let thinkingOutput else { return }
        thinkingWrapper.startLine()
        emit(style.reset + "\n" + (blankLine ? "\n" : ""), to: thinkingOutput)
    }

    /// A newline when the answer's cursor is not at the start of a line.
    private mutating func lineBreak() -> String {
        guard lineOpen else { return "" }
        lineOpen = false
        wrapper.startLine()
        return "\n"
    }

    /// Writes to the answer's output; `endsOpen`: the cursor is left inside a line.
    private mutating func emitAnswer(_ text: String, endsOpen: Bool) {
        guard !text.isEmpty else { return }
        lineOpen = endsOpen
        emit(text, to: output)
    }

    private mutating func emit(_ text: String, to target: any TextOutput) {
        guard !text.isEmpty else { return }
        target.write(text)
        wroteAnything = true
    }
}
