import TerminalText
import ChatREPL

/// Unbuffered writes to stdout or stderr, the same writer the chat uses.
typealias Console = StandardOutput

extension CommandFailure {
    /// A write to stdout failed: quietly 141 when the reader left, else one line and 1.
    static func output(_ failure: OutputFailure) -> CommandFailure {
        CommandFailure(message: failure.message ?? "", exitCode: failure.exitCode)
    }
}
