/// What one read at the prompt produced.
public enum ChatInputEvent: Sendable, Hashable {
    /// A line the user typed: a message, or a slash command.
    case text(String)
    /// A `"""` block or a paste: always a message, never a command.
    case message(String)
    /// Ctrl-C at the prompt.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfFile
}

/// What the user's completion request looks like to the REPL.
public struct ChatCompletionContext: Sendable, Hashable {
    /// The whole line being edited.
    public var line: String
    /// The text left of the cursor.
    public var textBeforeCursor: String
    /// The word under completion (the end of `textBeforeCursor` after the last space).
    public var word: String

    public init(line: String, textBeforeCursor: String, word: String) {
        self.line = line
        self.textBeforeCursor = textBeforeCursor
        self.word = word
    }
}

/// Where the REPL reads the user's input: the line editor in a terminal, a script in tests.
///
/// The REPL calls `nextInput` from a thread of its own and touches nothing else of the input while
/// a read is outstanding, except the completion handler, which the input calls on that same thread.
public protocol ChatInput: AnyObject {
    /// Whether a person is typing (a terminal), as opposed to piped input.
    var isInteractive: Bool { get }
    /// Blocks until the user has entered something.
    func nextInput(prompt: String, continuationPrompt: String) -> ChatInputEvent
    /// Remembers an entered line for the up-arrow.
    func addToHistory(_ line: String)
    /// Installs the candidates for Tab; each candidate replaces `word`.
    func setCompletionHandler(_ handler: @escaping @Sendable (ChatCompletionContext) -> [String])
    /// A problem keeping the history file, in one line, handed over once (nil when none is new).
    func takeHistoryWarning() -> String?
    /// Clears the screen (for Ctrl-L-like commands).
    func clearScreen()
    /// Puts the terminal back the way it was found; called once before `run()` returns.
    func restoreTerminal()
    /// While the chat is busy (an answer printing, a command waiting on the server), keeps keys
    /// typed unechoed for the next prompt, Ctrl-D included, instead of letting the terminal echo
    /// them into the answer or take them as end-of-file.
    func holdTypeAhead()
    /// Ends `holdTypeAhead`.
    func releaseTypeAhead()
    /// Starts the next read with `text` on the line, ready to change (`/edit`); an input that
    /// cannot edit ignores it.
    func prefillNextInput(_ text: String)
    /// Reads the answer to a question of one key, without Enter (`.text` of the key, empty for
    /// Enter); keys typed before the question was shown are not its answer. An input that reads
    /// lines takes a line.
    func readKey(prompt: String) -> ChatInputEvent
}

extension ChatInput {
    public func readKey(prompt: String) -> ChatInputEvent {
        nextInput(prompt: prompt, continuationPrompt: "")
    }
}

extension ChatInput {
    public func takeHistoryWarning() -> String? { nil }
    public func clearScreen() {}
    public func restoreTerminal() {}
    public func holdTypeAhead() {}
    public func releaseTypeAhead() {}
    public func prefillNextInput(_ text: String) {}
}
