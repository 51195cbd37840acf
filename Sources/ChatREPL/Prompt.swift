import ChatEngine
import TerminalText

/// The prompt as a command uses it: a question read there (Pull it? Send it anyway?), or text put
/// on the line for the person to change (`/edit`).
///
/// Used by the chat's task, or by the command it runs while it awaits it: one at a time, so it
/// touches the input without a lock.
struct Prompt: @unchecked Sendable {
    private let reader: InputReader
    private let input: any ChatInput
    private let interrupter: TurnInterrupter

    init(reader: InputReader, input: any ChatInput, interrupter: TurnInterrupter) {
        self.reader = reader
        self.input = input
        self.interrupter = interrupter
    }

    /// Whether a person is typing (a terminal), as opposed to piped input.
    var isInteractive: Bool { input.isInteractive }

    /// Reads one answer at `prompt`. A termination signal that ends the read is recorded, so the
    /// chat leaves once the command has unwound.
    func read(_ prompt: String, continuationPrompt: String = "") async -> InputReader.Result {
        let result = await reader.read(prompt: prompt, continuationPrompt: continuationPrompt)
        if case .terminated(let signalNumber) = result { interrupter.recordTermination(signalNumber) }
        return result
    }

    /// Asks `question`, answered by one key without Enter (`.text` of the key, empty for Enter). The
    /// question is broken between words at `width` (the terminal's columns), so a long path in it
    /// does not break mid-word at the edge.
    func askKey(_ question: String, width: Int?) async -> InputReader.Result {
        let result = await reader.readKey(prompt: HelpText.wrapLines(question, width: width))
        if case .terminated(let signalNumber) = result { interrupter.recordTermination(signalNumber) }
        return result
    }

    /// Starts the next read with `text` on the line, ready to change.
    func prefill(_ text: String) {
        input.prefillNextInput(text)
    }
}

/// The input history (the up-arrow): entered lines go in unless `/set nohistory` is on; a problem
/// with the history file is reported once, as a warning, never on every line.
struct InputHistory: @unchecked Sendable {
    private let input: any ChatInput
    private let session: ChatSession
    private let screen: Screen

    init(input: any ChatInput, session: ChatSession, screen: Screen) {
        self.input = input
        self.session = session
        self.screen = screen
    }

    /// Puts an entered line into the history, unless `/set nohistory` is on.
    func record(_ line: String) {
        if session.settings.recordsHistory { input.addToHistory(line) }
        reportProblem()
    }

    func reportProblem() {
        if let problem = input.takeHistoryWarning() { screen.warn(problem) }
    }
}
