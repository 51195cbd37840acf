import TachikomaCore
import TerminalText

/// Where the chat and its commands write: a line, a warning, a complaint, a dimmed note, or one of
/// our messages broken between words at the terminal's width, in the chat's colours.
///
/// Every write goes through the chat's output gate, which Ctrl-C shuts while work is interrupted.
struct Screen: Sendable {
    /// The gate every write goes through.
    let output: OutputGate
    private let colored: @Sendable () -> Bool

    /// - Parameter colored: whether the chat draws in colour now (`/set color` changes it).
    init(output: OutputGate, colored: @escaping @Sendable () -> Bool) {
        self.output = output
        self.colored = colored
    }

    var style: TerminalStyle { TerminalStyle(enabled: colored()) }

    /// The terminal's width; nil when the output is not a terminal.
    func columns() -> Int? { output.columns() }

    /// Whether the output is a terminal that takes escape codes (a progress bar, a spinner).
    var acceptsEscapeCodes: Bool { output.acceptsEscapeCodes }

    /// Writes `text` as it is.
    func write(_ text: String) {
        output.write(text)
    }

    /// Writes one line (or several), each broken between words at the terminal's width so no word
    /// is cut at the edge. A line already styled by us keeps its breaks: escape codes would be
    /// counted as columns.
    func say(_ line: String) {
        let width = line.contains("\u{1B}") ? nil : output.columns()
        output.write(HelpText.wrapLines(line, width: width) + "\n")
    }

    /// Writes a line explaining what went wrong; it may quote the server, so it is sanitized.
    func complain(_ line: String) {
        sayMessage(TerminalSanitizer.clean(line), label: "error: ", styled: style.error("error: "))
    }

    /// Writes a warning; it may quote the server, so it is sanitized.
    func warn(_ line: String) {
        sayMessage(TerminalSanitizer.clean(line), label: "warning: ", styled: style.warning("warning: "))
    }

    /// Writes a dimmed note, broken between words at the terminal's width.
    func sayNote(_ text: String) {
        let style = self.style
        let lines = output.columns().map { HelpText.wrap(text, width: $0, hangingIndent: 0) } ?? [text]
        say(lines.map { style.dim($0) }.joined(separator: "\n"))
    }

    /// Writes one of our messages broken between words at the terminal's width, so no word is cut
    /// at the edge; `label` starts it, drawn as `styled`.
    func sayMessage(_ text: String, label: String = "", styled: String = "") {
        guard let width = output.columns() else {
            say(styled + text)
            return
        }
        var lines = (label + text).split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            HelpText.wrap(String(line), width: width, hangingIndent: 0)
        }
        if !label.isEmpty, let first = lines.first, first.hasPrefix(label.trimmingWhitespace()) {
            lines[0] = styled + first.dropFirst(min(label.count, first.count))
        }
        say(lines.joined(separator: "\n"))
    }

    /// One line for any error: the backend's own description where it has one.
    static func describe(_ error: any Error) -> String {
        if let error = error as? BackendError { return error.description }
        return String(describing: error)
    }

    /// `1 tool`, `3 tools`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
