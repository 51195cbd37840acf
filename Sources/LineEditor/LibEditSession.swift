import CLibEdit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one type that talks to libedit and the terminal; everything C stays in here.
///
/// libedit reads characters through `readCharacter`, so this type owns the input bytes: it
/// decodes UTF-8 itself, notices Ctrl-C and window-size changes between reads, and can read a
/// bracketed paste straight from the same buffer.
final class LibEditSession {
    /// One submitted edit buffer.
    enum EditedLine: Equatable {
        case line(String, containsPaste: Bool)
        case interrupted
        case endOfFile
    }

    /// Ctrl-C first moves the cursor to the end of the line (so `^C` lands after the text), then ends it.
    private enum InterruptStage {
        case none, requested, finishing
    }

    private static let interruptKey: wchar_t = 3

    var completion: ((CompletionContext) -> [String])?

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var promptText: UnsafeMutablePointer<CChar>?
    private var visiblePrompt = ""
    private var signals = tk_signal_state()

    private var inputBuffer: [UInt8] = []
    private var inputOffset = 0
    private var readChunk = [UInt8](repeating: 0, count: 4096)
    private var decoder = UTF8ScalarAssembler()
    private var decodedScalars: [Unicode.Scalar] = []
    private var reachedEndOfInput = false

    private var interruptStage = InterruptStage.none
    private var lineContainsPaste = false
    private var lastAmbiguousTab: [wchar_t]?

    init(configuration: LineEditorConfiguration) throws(LineEditorError) {
        _ = tk_setlocale_utf8()
        guard let editLine = tk_el_init(configuration.programName) else {
            throw .terminalSetupFailed("libedit could not initialise (TERM=\(Self.environment("TERM") ?? "unset"))")
        }
        guard let history = history_winit() else {
            el_end(editLine)
            throw .terminalSetupFailed("libedit could not allocate its history")
        }
        self.editLine = editLine
        self.history = history
        tk_history_setsize(history, Int32(clamping: max(configuration.historyLimit, 1)))
        tk_history_set_unique(history, 1)
        configure(mode: configuration.editMode)
        setPrompt("")
    }

    deinit {
        el_end(editLine)
        history_wend(history)
        free(promptText)
    }

    private func configure(mode: EditMode) {
        tk_el_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
        // The editor must be chosen before binding: choosing it rebuilds the key maps.
        tk_el_set_editor(editLine, mode.rawValue)
        tk_el_set_signal_handling(editLine, 1)
        tk_el_set_history(editLine, history)
        tk_el_set_prompt(editLine, { editLine in
            LibEditSession.session(editLine)?.promptText
        }, CChar(TerminalLayout.invisibleMarker.value))
        tk_el_set_read_char(editLine, { editLine, character in
            guard let session = LibEditSession.session(editLine), let character else { return -1 }
            return session.readCharacter(into: character)
        })
        tk_el_add_fn(editLine, "tk-complete", "Complete the word before the cursor", { editLine, _ in
            LibEditSession.session(editLine)?.complete() ?? UInt8(CC_ERROR)
        })
        tk_el_add_fn(editLine, "tk-paste", "Insert a bracketed paste", { editLine, _ in
            LibEditSession.session(editLine)?.insertPaste() ?? UInt8(CC_ERROR)
        })
        tk_el_add_fn(editLine, "tk-interrupt", "Discard the line (Ctrl-C)", { editLine, _ in
            LibEditSession.session(editLine)?.interrupt() ?? UInt8(CC_EOF)
        })

        let pasteStart = "\u{1B}[200~"
        for alternate: Int32 in [0, 1] {
            tk_el_bind(editLine, "^C", "tk-interrupt", alternate)
            tk_el_bind(editLine, pasteStart, "tk-paste", alternate)
            tk_el_bind(editLine, "^L", "ed-clear-screen", alternate)
        }
        tk_el_bind(editLine, "^I", "tk-complete", 0)
        tk_el_bind(editLine, "^R", "em-inc-search-prev", 0)
        if mode == .emacs {
            // readline's meanings, which libedit's emacs map lacks or binds differently.
            tk_el_bind(editLine, "^W", "ed-delete-prev-word", 0)
            tk_el_bind(editLine, "^U", "vi-kill-line-prev", 0)
        }
        let keys: [(String, String)] = [
            ("\u{1B}[3~", "ed-delete-next-char"),
            ("\u{1B}[H", "ed-move-to-beg"), ("\u{1B}OH", "ed-move-to-beg"), ("\u{1B}[1~", "ed-move-to-beg"),
            ("\u{1B}[F", "ed-move-to-end"), ("\u{1B}OF", "ed-move-to-end"), ("\u{1B}[4~", "ed-move-to-end"),
            ("\u{1B}[1;5D", "ed-prev-word"), ("\u{1B}[1;5C", "em-next-word"),
            ("\u{1B}[1;3D", "ed-prev-word"), ("\u{1B}[1;3C", "em-next-word"),
        ]
        for (sequence, command) in keys {
            tk_el_bind(editLine, sequence, command, 0)
        }
        // The user's ~/.editrc (or $EDITRC) has the last word.
        el_source(editLine, nil)
    }

    private static func session(_ editLine: OpaquePointer?) -> LibEditSession? {
        guard let editLine, let data = tk_el_client_data(editLine) else { return nil }
        return Unmanaged<LibEditSession>.fromOpaque(data).takeUnretainedValue()
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    // MARK: - Reading

    /// Reads one message, honouring `"""` blocks; the terminal is restored before returning.
    func readInput(prompt: String, continuationPrompt: String) -> LineInput {
        var savedTerminal = termios()
        let haveTerminal = tcgetattr(STDIN_FILENO, &savedTerminal) == 0
        tk_signals_begin(&signals)
        tk_write_stdout(BracketedPasteCollector.enableSequence)
        defer {
            tk_write_stdout(BracketedPasteCollector.disableSequence)
            if haveTerminal { tcsetattr(STDIN_FILENO, TCSADRAIN, &savedTerminal) }
            tk_signals_end(&signals)
        }

        var assembler = MultilineAssembler()
        setPrompt(prompt)
        while true {
            switch readEditedLine() {
            case .line(let text, let containsPaste):
                switch assembler.accept(text, literal: containsPaste) {
                case .complete(let message):
                    return .text(message)
                case .needsMore:
                    setPrompt(continuationPrompt)
                }
            case .interrupted:
                tk_write_stdout("^C\r\n")
                return .interrupted
            case .endOfFile:
                tk_write_stdout("\r\n")
                // Ctrl-D inside a block ends the block rather than losing it.
                if let partial = assembler.finishAtEndOfInput() { return .text(partial) }
                return .endOfFile
            }
        }
    }

    func addToHistory(_ entry: String) {
        let wide = Self.wideString(entry)
        _ = wide.withUnsafeBufferPointer { tk_history_enter(history, $0.baseAddress) }
    }

    func clearScreen() {
        tk_write_stdout("\u{1B}[H\u{1B}[2J")
    }

    private func setPrompt(_ prompt: String) {
        let marked = TerminalLayout.markingEscapes(in: prompt)
        visiblePrompt = marked
        free(promptText)
        promptText = strdup(marked)
    }

    private func readEditedLine() -> EditedLine {
        interruptStage = .none
        lineContainsPaste = false
        lastAmbiguousTab = nil
        var count: Int32 = 0
        let result = el_wgets(editLine, &count)
        if interruptStage != .none {
            // The terminal drops typed-ahead input on Ctrl-C; so do we.
            inputBuffer.removeAll()
            inputOffset = 0
            decodedScalars.removeAll()
            return .interrupted
        }
        guard let result, count > 0 else { return .endOfFile }
        var scalars = Self.scalars(UnsafeBufferPointer(start: result, count: Int(count)))
        if scalars.last == "\n" { scalars.removeLast() }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return .line(String(text), containsPaste: lineContainsPaste)
    }

    /// libedit's read-a-character hook: 1 with a character, 0 at end of input.
    private func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        if interruptStage != .none {
            character.pointee = Self.interruptKey
            return 1
        }
        guard let scalar = nextScalar() else {
            if interruptStage == .requested {
                character.pointee = Self.interruptKey
                return 1
            }
            character.pointee = 0
            return 0
        }
        character.pointee = wchar_t(bitPattern: scalar.value)
        return 1
    }

    private func nextScalar() -> Unicode.Scalar? {
        while decodedScalars.isEmpty {
            guard let byte = nextByte() else { return nil }
            decodedScalars = decoder.push(byte)
        }
        return decodedScalars.removeFirst()
    }

    /// The next input byte; `nil` at end of input or when Ctrl-C was pressed (`interruptStage`).
    private func nextByte() -> UInt8? {
        while true {
            if tk_take_interrupt() != 0 {
                interruptStage = .requested
                return nil
            }
            if tk_take_resize() != 0 {
                el_resize(editLine)
            }
            if inputOffset < inputBuffer.count {
                inputOffset += 1
                return inputBuffer[inputOffset - 1]
            }
            if reachedEndOfInput { return nil }
            switch tk_wait_for_input(STDIN_FILENO, &signals) {
            case 1:
                let count = readChunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count > 0 {
                    inputBuffer = Array(readChunk[..<count])
                    inputOffset = 0
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    reachedEndOfInput = true
                }
            case 0:
                continue
            default:
                reachedEndOfInput = true
            }
        }
    }

    // MARK: - Bound commands

    private func interrupt() -> UInt8 {
        if interruptStage == .finishing { return UInt8(CC_EOF) }
        interruptStage = .finishing
        _ = el_cursor(editLine, Int32.max / 2)
        return UInt8(CC_CURSOR)
    }

    private func insertPaste() -> UInt8 {
        var collector = BracketedPasteCollector()
        // Scalars already decoded belong to the paste.
        for scalar in decodedScalars {
            for byte in String(scalar).utf8 { collector.append(byte) }
        }
        decodedScalars.removeAll()
        while !collector.isComplete, let byte = nextByte() {
            collector.append(byte)
        }
        if interruptStage != .none { return UInt8(CC_NORM) }
        let text = collector.text.replacingNUL()
        guard !text.isEmpty else { return UInt8(CC_NORM) }
        lineContainsPaste = lineContainsPaste || text.contains("\n")
        let wide = Self.wideString(text)
        let inserted = wide.withUnsafeBufferPointer { el_winsertstr(editLine, $0.baseAddress) }
        return UInt8(inserted == 0 ? CC_REFRESH : CC_ERROR)
    }

    private func complete() -> UInt8 {
        guard let completion else { return UInt8(CC_ERROR) }
        let (line, cursor) = currentLine()
        var lineText = String.UnicodeScalarView()
        lineText.append(contentsOf: line)
        var beforeText = String.UnicodeScalarView()
        beforeText.append(contentsOf: line[..<cursor])
        let context = CompletionContext(line: String(lineText), cursor: String(beforeText).count)
        let signature = line.map { wchar_t(bitPattern: $0.value) } + [wchar_t(cursor)]
        let isRepeated = signature == lastAmbiguousTab
        let action = CompletionPlanner.plan(
            word: context.word, candidates: completion(context), isRepeatedTab: isRepeated)
        switch action {
        case .none:
            lastAmbiguousTab = signature
            return UInt8(CC_ERROR)
        case .replaceWord(let replacement):
            el_deletestr(editLine, Int32(context.word.unicodeScalars.count))
            let wide = Self.wideString(replacement)
            _ = wide.withUnsafeBufferPointer { el_winsertstr(editLine, $0.baseAddress) }
            let (newLine, newCursor) = currentLine()
            // Ending in a space means the word is finished; otherwise the next Tab may list.
            lastAmbiguousTab = replacement.hasSuffix(" ")
                ? nil : newLine.map { wchar_t(bitPattern: $0.value) } + [wchar_t(newCursor)]
            return UInt8(CC_REFRESH)
        case .list(let candidates):
            lastAmbiguousTab = signature
            showCandidates(candidates, line: line, cursor: cursor)
            return UInt8(CC_REDISPLAY)
        }
    }

    /// Prints the candidates below the input. libedit then redraws the prompt and line; before
    /// redrawing it clears the rows it believes the input occupies, counted from the row it
    /// believes the cursor is on, so blank rows are added for it to clear.
    private func showCandidates(_ candidates: [String], line: [Unicode.Scalar], cursor: Int) {
        let width = Int(tk_terminal_columns())
        let layout = TerminalLayout.rows(
            prompt: visiblePrompt, text: line, cursor: cursor, width: width,
            characterWidth: { Int(tk_wcwidth(wchar_t(bitPattern: $0.value))) })
        let rows = CompletionPlanner.columns(candidates, width: width) { candidate in
            candidate.unicodeScalars.reduce(0) { $0 + max(Int(tk_wcwidth(wchar_t(bitPattern: $1.value))), 0) }
        }
        var output = String(repeating: "\r\n", count: layout.lastRow - layout.cursorRow + 1)
        output += rows.joined(separator: "\r\n") + "\r\n"
        output += String(repeating: "\r\n", count: layout.cursorRow)
        tk_write_stdout(output)
    }

    private func currentLine() -> (line: [Unicode.Scalar], cursor: Int) {
        guard let info = el_wline(editLine) else { return ([], 0) }
        let start = info.pointee.buffer!
        let count = info.pointee.lastchar! - start
        let cursor = info.pointee.cursor! - start
        let line = Self.scalars(UnsafeBufferPointer(start: start, count: max(count, 0)))
        return (line, min(max(cursor, 0), line.count))
    }

    // MARK: - Wide strings

    private static func wideString(_ text: String) -> [wchar_t] {
        text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
    }

    private static func scalars(_ buffer: UnsafeBufferPointer<wchar_t>) -> [Unicode.Scalar] {
        buffer.map { Unicode.Scalar(UInt32(bitPattern: $0)) ?? "\u{FFFD}" }
    }
}

private extension String {
    /// A NUL would end the C string libedit receives.
    func replacingNUL() -> String {
        guard unicodeScalars.contains("\0") else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "\0" }))
    }
}
