/// What one call to `LineEditor.readInput` produced.
public enum LineInput: Sendable, Equatable {
    /// A typed line: a message, or a command when it starts with `/`.
    case text(String)
    /// A `"""` block or a pasted block (may contain newlines): always a message, never a command,
    /// so pasting `/clear` and some text sends both to the model.
    case message(String)
    /// Ctrl-C was pressed; the line was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of standard input.
    case endOfFile
}

/// Why a `LineEditor` could not start, or could not keep its history.
public enum LineEditorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libedit refused to initialise on this terminal.
    case terminalSetupFailed(String)
    /// The history file or its directory could not be created, read or written.
    case historyFile(path: String, reason: String)

    /// One line a person can act on.
    public var description: String {
        switch self {
        case .terminalSetupFailed(let reason):
            return "could not set up line editing on this terminal: \(reason); try TERM=xterm-256color"
        case .historyFile(let path, let reason):
            return "history file \(path): \(reason); check its permissions or set another path"
        }
    }
}
