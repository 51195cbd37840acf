import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A line editor for the chat prompt: emacs or vi keys, persistent history, Tab completion,
/// `"""` blocks and bracketed paste on a terminal; plain line reading otherwise.
public final class LineEditor {
    /// Whether standard input and output are both terminals; when not, input is read as plain
    /// lines with no prompt and no history is written.
    public let isInteractive: Bool

    /// Candidates for `CompletionContext.word` when Tab is pressed.
    public var completion: ((CompletionContext) -> [String])? {
        didSet { session?.completion = completion }
    }

    /// The last problem reading or writing the history file; editing goes on without it.
    public private(set) var historyError: LineEditorError? {
        didSet { historyErrorIsReported = false }
    }
    private var historyErrorIsReported = false

    private let configuration: LineEditorConfiguration
    private var session: LibEditSession?
    private var plainReader: PlainLineReader?
    private var historyStore: HistoryStore?
    /// The terminal's settings while type-ahead is held.
    private var heldTerminal: termios?

    /// Sets up the terminal when there is one and loads history from `historyFile`.
    /// Throws only when libedit cannot start on the terminal; history problems are reported
    /// through `historyError` instead.
    public init(configuration: LineEditorConfiguration) throws(LineEditorError) {
        self.configuration = configuration
        isInteractive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        guard isInteractive else {
            plainReader = PlainLineReader.reading()
            return
        }
        let session = try LibEditSession(configuration: configuration)
        self.session = session
        if let path = configuration.historyFile {
            var store = HistoryStore(path: path, limit: configuration.historyLimit)
            do {
                for entry in try store.load() { session.addToHistory(entry) }
                historyStore = store
            } catch {
                // Writing to a file that cannot be read (a directory, a link) would fail on every line.
                historyError = error
            }
        }
    }

    /// The history problem not yet handed over, once: the caller warns about it a single time, and
    /// the file is no longer written (history stays in memory for the session).
    public func takeUnreportedHistoryError() -> LineEditorError? {
        guard let historyError, !historyErrorIsReported else { return nil }
        historyErrorIsReported = true
        return historyError
    }

    /// Starts the next `readInput` with `text` on the line, ready to change, as if typed; several
    /// lines go in as a `"""` block whose last line stays open. Only in a terminal that edits.
    public func prefillNextInput(_ text: String) {
        guard let session else { return }
        session.prefill = text.contains("\n") ? "\"\"\"\n" + text : text
    }

    /// Reads one message: a line, a `"""` … `"""` block (later lines shown with
    /// `continuationPrompt`), or a line holding a bracketed paste.
    public func readInput(prompt: String, continuationPrompt: String = "... ") -> LineInput {
        if let session {
            return session.readInput(prompt: prompt, continuationPrompt: continuationPrompt)
        }
        return plainReader?.readInput() ?? .endOfFile
    }

    /// Reads the answer to a question answered by one key (`[y/N]`, `[y]es [n]o [a]lways`), without
    /// Enter: `.text` of the key typed (empty for Enter), `.interrupted` for Ctrl-C, `.endOfFile` for
    /// Ctrl-D. Keys typed before the question was shown are dropped, so type-ahead never answers it.
    /// A key is echoed and ends the line. Not in a terminal: one line is read, as piped answers come.
    public func readAnswerKey(prompt: String) -> LineInput {
        guard session != nil else { return plainReader?.readInput() ?? .endOfFile }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return readInput(prompt: prompt) }
        var raw = saved
        // Ctrl-C and Ctrl-D arrive as keys here, so the question can answer them itself.
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        tcflush(STDIN_FILENO, TCIFLUSH)
        tk_write_stdout(prompt)
        var reader = KeyReader(descriptor: STDIN_FILENO)
        let answer = reader.nextKey()
        // The key ends the line; after Ctrl-C (shown as the terminal shows it) or Ctrl-D the caller
        // ends it, as after a read line.
        switch answer {
        case .text(let key): tk_write_stdout(key + "\n")
        case .interrupted: tk_write_stdout("^C")
        default: break
        }
        return answer
    }

    /// Adds an entry to history and appends it to the history file at once. Does nothing when
    /// not interactive, or for an empty entry or a repeat of the previous one.
    public func addToHistory(_ entry: String) {
        guard let session, !entry.allSatisfy(\.isWhitespace) else { return }
        session.addToHistory(entry)
        do {
            try historyStore?.append(entry)
        } catch {
            historyError = error
            historyStore = nil
        }
    }

    /// While the program is busy between prompts: keys typed stay in the terminal's queue, not
    /// echoed and with no line editing by the terminal (so a Ctrl-D is a key, not end-of-file), and
    /// the next `readInput` takes them as if typed at the prompt. Ctrl-C still raises SIGINT.
    public func holdTypeAhead() {
        guard session != nil, heldTerminal == nil else { return }
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
        heldTerminal = settings
        var quiet = settings
        quiet.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
    }

    /// Puts the terminal back as it was before `holdTypeAhead`; typed keys stay queued.
    public func releaseTypeAhead() {
        guard var settings = heldTerminal else { return }
        heldTerminal = nil
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }

    /// Clears the terminal and puts the cursor at the top left.
    public func clearScreen() {
        session?.clearScreen()
    }
}
