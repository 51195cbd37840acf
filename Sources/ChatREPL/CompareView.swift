import ChatEngine
import Foundation
import TachikomaCore
import TerminalText

/// What `/compare` shows while several models answer at once: their answers side by side in
/// columns (the last lines of each, redrawn in place, then the whole of them once all have ended),
/// or, on a terminal too narrow for columns, a live line of progress and each answer whole as it
/// ends. Each answer ends with its time to first token, tokens and tokens/s.
///
/// Fed by one task (the one merging the models' events), so it keeps plain state.
struct CompareView {
    /// One model's answer as it arrives.
    struct Answer {
        var name: String
        var text = ""
        var deltas = 0
        var started: ContinuousClock.Instant
        var firstToken: ContinuousClock.Instant?
        var ended: ContinuousClock.Instant?
        var response: CompletionResponse?
        var failure: String?
        var interrupted = false

        var isOver: Bool { ended != nil }

        /// `0.42 s to first token · 120 tokens · 35.2 tokens/s`, or how it stopped.
        var statistics: String {
            let tokens = response?.usage.completionTokens ?? deltas
            var rate = response?.usage.completionRate
            if rate == nil, let firstToken, let ended, seconds(ended - firstToken) > 0 {
                rate = Double(tokens) / seconds(ended - firstToken)
            }
            var parts: [String] = []
            if let firstToken { parts.append(String(format: "%.2f s to first token", seconds(firstToken - started))) }
            // Tokens and speed as `history` and `diff` write them.
            parts.append(TranscriptText.counts(tokens: tokens, tokensPerSecond: rate))
            if interrupted { parts.append("stopped") }
            if let failure { parts.append("failed: " + failure) }
            return parts.joined(separator: " · ")
        }

        private func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    /// The lines of each column kept on screen while the answers stream.
    static let liveLines = 8

    private(set) var answers: [Answer]
    private let output: any TextOutput
    private let style: TerminalStyle
    /// Lines of the live area now on screen (columns), to be redrawn from their top.
    private var drawnLines = 0
    /// The terminal's width when the live area was drawn: after a resize the terminal has reflowed
    /// it, so it is left as it is and drawn anew below.
    private var drawnAtWidth: Int?
    /// The answers already shown whole, one after the other.
    private var shownWhole: Set<Int> = []
    private let clock = ContinuousClock()

    init(names: [String], output: any TextOutput, style: TerminalStyle) {
        let now = ContinuousClock.now
        answers = names.map { Answer(name: $0, started: now) }
        self.output = output
        self.style = style
    }

    /// The width of each column on the terminal as it is now; nil: one after the other. Read at
    /// every draw, so a resize is followed.
    private var columnWidth: Int? {
        output.acceptsEscapeCodes ? ColumnLayout.columnWidth(count: answers.count, terminalWidth: output.columns()) : nil
    }

    /// Takes answer `index`'s next event.
    mutating func apply(_ event: TurnEvent, to index: Int) {
        let now = clock.now
        switch event {
        case .text(let delta):
            answers[index].text += delta
            answers[index].deltas += 1
            if answers[index].firstToken == nil { answers[index].firstToken = now }
        case .thinking:
            if answers[index].firstToken == nil { answers[index].firstToken = now }
        case .answerEnded(let end):
            answers[index].ended = now
            switch end {
            case .complete(let response, _): answers[index].response = response
            case .interrupted: answers[index].interrupted = true
            case .failed(let error): answers[index].failure = TerminalSanitizer.clean(Screen.describe(error))
            }
            if columnWidth == nil { showWhole(index) }
        case .answerBegan, .toolCall, .toolResult, .notice:
            break
        }
        draw()
    }

    /// Draws what changed: the live columns, or the progress line. Each event is drawn, so what is on
    /// screen is never behind what arrived; only the end of each answer is wrapped, so a long one
    /// costs no more to draw than a short one.
    private mutating func draw() {
        guard let columnWidth else {
            showProgress()
            return
        }
        let columns = answers.map { answer -> [String] in
            let tail = answer.text.suffix(Self.liveLines * columnWidth * 2)
            let lines = TextColumns.wrap(TerminalSanitizer.clean(String(tail)), width: columnWidth)
            return Array(lines.suffix(Self.liveLines))
        }
        let rows = [header(width: columnWidth)] + ColumnLayout.rows(columns, width: columnWidth)
        output.write(eraseLiveArea() + rows.joined(separator: "\n") + "\n")
        drawnLines = rows.count
        drawnAtWidth = output.columns()
    }

    /// Ends the view: the live area gives way to every answer whole, side by side, with its figures.
    mutating func finish() {
        guard let columnWidth else {
            (output as? OutputGate)?.clearTransient()
            for index in answers.indices where !shownWhole.contains(index) { showWhole(index) }
            return
        }
        let texts = answers.map { TerminalSanitizer.clean($0.text) }
        var rows = [header(width: columnWidth)] + ColumnLayout.sideBySide(texts, width: columnWidth)
        rows += ColumnLayout.rows(answers.map { TextColumns.wrap($0.statistics, width: columnWidth) }, width: columnWidth)
            .map { style.dim($0) }
        output.write(eraseLiveArea() + rows.joined(separator: "\n") + "\n\n")
        drawnLines = 0
    }

    private func header(width: Int) -> String {
        let names = answers.map { TextColumns.padded(String(TerminalSanitizer.clean($0.name).prefix(width)), to: width) }
        return style.bold(names.joined(separator: ColumnLayout.separator))
    }

    /// Moves to the top of the live area and clears from there down; nothing when the terminal was
    /// resized since it was drawn (its rows are no longer where they were).
    private func eraseLiveArea() -> String {
        guard drawnLines > 0, drawnAtWidth == output.columns() else { return "" }
        return "\r\u{1B}[\(drawnLines)A\u{1B}[J"
    }

    /// One answer whole, under its model's name, with its figures.
    private mutating func showWhole(_ index: Int) {
        shownWhole.insert(index)
        let answer = answers[index]
        let width = max((output.columns() ?? 80) - 1, 20)
        let text = TextColumns.wrap(TerminalSanitizer.clean(answer.text), width: width).joined(separator: "\n")
        output.write(
            style.bold(TerminalSanitizer.clean(answer.name)) + "\n" + text + (text.isEmpty ? "" : "\n")
                + style.dim(answer.statistics) + "\n\n")
    }

    /// `⠋ llama3.1:8b 42 tokens · qwen3:4b done`, in place.
    private func showProgress() {
        guard let gate = output as? OutputGate, output.acceptsEscapeCodes else { return }
        guard answers.contains(where: { !$0.isOver }) else {
            gate.clearTransient()
            return
        }
        let parts = answers.map { answer in
            TerminalSanitizer.clean(answer.name) + " " + (answer.isOver ? "done" : "\(answer.deltas) tokens")
        }
        let line = "… " + parts.joined(separator: " · ")
        let width = max((output.columns() ?? 80) - 1, 10)
        gate.showTransient(style.dim(String(line.prefix(width))))
    }
}
