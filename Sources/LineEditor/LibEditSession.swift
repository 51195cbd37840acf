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
        /// Ctrl-G: the line as it stood, for the external editor.
        case editRequested(String)
    }

    /// Ctrl-C first moves the cursor to the end of the line (so `^C` lands after the text), then ends it.
    private enum InterruptStage {
        case none, requested, finishing
    }

    private static let interruptKey: wchar_t = 3
    /// Ctrl-^ (bound to `tk-paste`): the read hook collects a bracketed paste itself and hands it
    /// over with this key, because binding `ESC[200~` would make ESC a prefix key and break vi.
    private static let pasteKey: wchar_t = 0x1E
    /// Ctrl-G, handed to libedit again to end the read once the cursor is drawn at the line's end.
    private static let editorKey: wchar_t = 7
    /// How long to wait for the rest of `ESC[200~` after an ESC.
    private static let markerWaitMilliseconds = 100

    var completion: ((CompletionContext) -> [String])?

    let editLine: OpaquePointer
    private let history: OpaquePointer
    private(set) var promptText: UnsafeMutablePointer<CChar>?
    private(set) var visiblePrompt = ""
    let signals = PromptSignals()

    private var input = TerminalInputQueue()
    /// Whether this el_wgets call's SIGWINCH and SIGCONT handlers are the router's again (see
    /// `PromptSignals`).
    private var resizeSignalsReclaimed = false
    /// The width the current line was last drawn for.
    private var knownColumns: Int32 = 0

    private var interruptStage = InterruptStage.none
    private var lineContainsPaste = false
    private var pendingPaste: String?
    /// The line as it stood when Ctrl-G was pressed, until the read has ended (`requestEditor`).
    var editRequest: String?
    /// Text for the next read to insert whole, as a paste is but not taken as one: what came back
    /// from the editor (or the line as it stood, when nothing did).
    var restoredText: String?
    /// Text the next read starts with, as if typed (`/edit`); taken by that read.
    var prefill = ""
    private(set) var isContinuationLine = false
    /// The line and cursor of the last Tab that listed or found nothing, to tell a repeated Tab.
    var lastAmbiguousTab: [wchar_t]?
    /// False on a terminal that takes no escape codes (`TERM=dumb`): the terminal's own line
    /// editing is used then, with the prompt as plain text.
    private let acceptsEscapeCodes = TerminalCapability.acceptsEscapeCodes(descriptor: STDOUT_FILENO)

    init(configuration: LineEditorConfiguration) throws(LineEditorError) {
        _ = tk_setlocale_utf8()
        guard let editLine = tk_el_init(configuration.programName) else {
            let term = getenv("TERM").map { String(cString: $0) } ?? "unset"
            throw .terminalSetupFailed("libedit could not initialise (TERM=\(term))")
        }
        guard let history = history_winit() else {
            el_end(editLine)
            throw .terminalSetupFailed("libedit could not allocate its history")
        }
        self.editLine = editLine
        self.history = history
        tk_history_setsize(history, Int32(clamping: max(configuration.historyLimit, 1)))
        tk_history_set_unique(history, 1)
        LibEditBindings.install(on: self, history: history, mode: configuration.editMode)
        setPrompt("")
    }

    deinit {
        el_end(editLine)
        history_wend(history)
        free(promptText)
    }

    // MARK: - Reading

    /// Reads one message, honouring `"""` blocks; the terminal is restored before returning.
    func readInput(prompt: String, continuationPrompt: String) -> LineInput {
        guard acceptsEscapeCodes else { return readPlainInput(prompt: prompt, continuationPrompt: continuationPrompt) }
        var savedTerminal = termios()
        let haveTerminal = tcgetattr(STDIN_FILENO, &savedTerminal) == 0
        if haveTerminal {
            // libedit draws the prompt before it leaves canonical mode (on its first read), and a
            // Ctrl-D typed in that moment would be taken by the terminal as end-of-file and lost.
            // Leaving canonical mode first closes that window; libedit then applies its own mode.
            var noncanonical = savedTerminal
            noncanonical.c_lflag &= ~tcflag_t(ICANON | ECHO)
            tcsetattr(STDIN_FILENO, TCSADRAIN, &noncanonical)
        }
        signals.begin()
        tk_write_stdout(BracketedPasteCollector.enableSequence)
        defer {
            tk_write_stdout(BracketedPasteCollector.disableSequence)
            if haveTerminal { tcsetattr(STDIN_FILENO, TCSADRAIN, &savedTerminal) }
            signals.end()
        }

        var assembler = MultilineAssembler()
        // The lines of an open block as drawn above the current one, to clear after Ctrl-G.
        var drawnLines: [(prompt: String, text: String)] = []
        setPrompt(prompt)
        // Typed for the user: a line ends each line but the last, which stays open to edit.
        input.prepend(prefill.unicodeScalars)
        prefill = ""
        while true {
            isContinuationLine = assembler.isCollecting
            switch readEditedLine() {
            case .line(let text, let containsPaste):
                // Line breaks typed with Ctrl-J (or brought back from the editor) make one message,
                // unless it is a command, which gets its text as typed.
                let literal = containsPaste || (text.contains("\n") && !MultilineAssembler.isCommand(text))
                switch assembler.accept(text, literal: literal) {
                case .complete(let line):
                    return .text(line)
                case .message(let message):
                    return .message(message)
                case .needsMore:
                    drawnLines.append((visiblePrompt, text))
                    setPrompt(continuationPrompt)
                }
            case .editRequested(let line):
                if replaceInputInEditor(line, gathered: assembler.gatheredLines, drawnAbove: drawnLines) {
                    assembler.reset()
                    drawnLines = []
                    setPrompt(prompt)
                }
            case .interrupted:
                tk_write_stdout("^C\r\n")
                return .interrupted
            case .endOfFile:
                tk_write_stdout("\r\n")
                // Ctrl-D inside a block ends the block rather than losing it.
                switch assembler.finishAtEndOfInput() {
                case .complete(let line): return .text(line)
                case .message(let message): return .message(message)
                case .needsMore, nil: return .endOfFile
                }
            }
        }
    }

    /// On a terminal without escape codes: the terminal edits the line (canonical mode), the
    /// prompt is written as it is, and Ctrl-C still discards the line rather than ending the chat.
    private func readPlainInput(prompt: String, continuationPrompt: String) -> LineInput {
        // The terminal may be holding type-ahead (no echo, no line editing): edit as it normally does.
        var savedTerminal = termios()
        let haveTerminal = tcgetattr(STDIN_FILENO, &savedTerminal) == 0
        if haveTerminal {
            var cooked = savedTerminal
            cooked.c_lflag |= tcflag_t(ICANON | ECHO | ISIG)
            tcsetattr(STDIN_FILENO, TCSADRAIN, &cooked)
        }
        signals.begin()
        defer {
            if haveTerminal { tcsetattr(STDIN_FILENO, TCSADRAIN, &savedTerminal) }
            signals.end()
        }
        var assembler = MultilineAssembler()
        var shownPrompt = prompt
        while true {
            tk_write_stdout(shownPrompt)
            interruptStage = .none
            guard let line = readPlainLine() else {
                tk_write_stdout("\n")
                if interruptStage != .none {
                    input.discard()
                    return .interrupted
                }
                switch assembler.finishAtEndOfInput() {
                case .complete(let line): return .text(line)
                case .message(let message): return .message(message)
                case .needsMore, nil: return .endOfFile
                }
            }
            switch assembler.accept(line) {
            case .complete(let line): return .text(line)
            case .message(let message): return .message(message)
            case .needsMore: shownPrompt = continuationPrompt
            }
        }
    }

    /// The next line the terminal hands over, without its line break; nil on Ctrl-C or at the end of
    /// input with nothing typed.
    private func readPlainLine() -> String? {
        while true {
            if let line = input.takeLine() { return line }
            let unread = input.unreadCount
            guard ensureBuffered(unread + 1, waitingMilliseconds: -1) else {
                guard interruptStage == .none, unread > 0 else { return nil }
                return input.takeRest()
            }
        }
    }

    func addToHistory(_ entry: String) {
        let wide = WideText.characters(entry)
        _ = wide.withUnsafeBufferPointer { tk_history_enter(history, $0.baseAddress) }
    }

    func clearScreen() {
        guard acceptsEscapeCodes else { return }
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
        pendingPaste = nil
        lastAmbiguousTab = nil
        var count: Int32 = 0
        resizeSignalsReclaimed = false
        // The window may have changed size while the chat was not reading (an answer printing).
        el_resize(editLine)
        knownColumns = tk_terminal_columns()
        let result = el_wgets(editLine, &count)
        if let line = editRequest {
            editRequest = nil
            return .editRequested(line)
        }
        if interruptStage != .none {
            // The terminal drops typed-ahead input on Ctrl-C; so do we.
            input.discard()
            return .interrupted
        }
        guard let result, count > 0 else { return .endOfFile }
        var scalars = WideText.scalars(UnsafeBufferPointer(start: result, count: Int(count)))
        if scalars.last == "\n" { scalars.removeLast() }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return .line(String(text), containsPaste: lineContainsPaste)
    }

    /// libedit's read-a-character hook: 1 with a character, 0 at end of input.
    func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        if interruptStage != .none {
            character.pointee = Self.interruptKey
            return 1
        }
        if editRequest != nil {
            character.pointee = Self.editorKey
            return 1
        }
        if restoredText != nil {
            character.pointee = Self.pasteKey
            return 1
        }
        // el_wgets has installed libedit's signal handlers by now: take the resize ones back.
        if !resizeSignalsReclaimed {
            signals.reclaimResizeSignals()
            resizeSignalsReclaimed = true
        }
        // A resize must be drawn before libedit acts on the next key, which it would draw for the
        // old width. SIGWINCH reaches some other thread at its own pace, maybe after keys typed
        // just after the resize are read, so the width is also asked for directly, once a key.
        if acceptsEscapeCodes, signals.take(SIGWINCH) || tk_terminal_columns() != knownColumns { redrawAfterResize() }
        if !input.hasDecoded {
            guard ensureBuffered(1, waitingMilliseconds: -1) else { return noMoreCharacters(character) }
            if input.byte(at: 0) == 0x1B, consumePasteStart() {
                guard let text = collectPaste() else { return noMoreCharacters(character) }
                pendingPaste = text
                character.pointee = Self.pasteKey
                return 1
            }
        }
        guard let scalar = nextScalar() else { return noMoreCharacters(character) }
        character.pointee = wchar_t(bitPattern: scalar.value)
        return 1
    }

    private func noMoreCharacters(_ character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        if interruptStage == .requested {
            character.pointee = Self.interruptKey
            return 1
        }
        character.pointee = 0
        return 0
    }

    private func nextScalar() -> Unicode.Scalar? {
        while !input.hasDecoded {
            guard ensureBuffered(1, waitingMilliseconds: -1) else { return nil }
            input.decodeNextByte()
        }
        return input.takeDecoded()
    }

    /// Consumes `ESC[200~` when it starts at the read position, waiting briefly for its tail.
    private func consumePasteStart() -> Bool {
        let marker = BracketedPasteCollector.startMarker
        for index in marker.indices {
            guard ensureBuffered(index + 1, waitingMilliseconds: Self.markerWaitMilliseconds),
                input.byte(at: index) == marker[index]
            else { return false }
        }
        input.skip(marker.count)
        return true
    }

    /// Reads up to `ESC[201~`; `nil` when Ctrl-C was pressed meanwhile.
    private func collectPaste() -> String? {
        var collector = BracketedPasteCollector()
        while !collector.isComplete, ensureBuffered(1, waitingMilliseconds: -1) {
            while input.unreadCount > 0, !collector.isComplete {
                collector.append(input.takeByte())
            }
        }
        return interruptStage == .none ? collector.text : nil
    }

    /// Makes `count` unread bytes available. `false` at end of input, on Ctrl-C (setting
    /// `interruptStage`), or when `waitingMilliseconds` (if not negative) passes.
    private func ensureBuffered(_ count: Int, waitingMilliseconds: Int) -> Bool {
        while input.unreadCount < count {
            if signals.take(SIGINT) {
                interruptStage = .requested
                return false
            }
            if signals.take(SIGWINCH), acceptsEscapeCodes {
                redrawAfterResize()
            }
            if signals.take(SIGCONT), acceptsEscapeCodes {
                // Back from Ctrl-Z: the shell has used the terminal meanwhile.
                tk_el_restore_raw_mode(editLine)
                tk_write_stdout(BracketedPasteCollector.enableSequence)
                el_resize(editLine)
                tk_el_refresh(editLine)
            }
            if input.reachedEnd { return false }
            switch input.fill(from: STDIN_FILENO, signalDescriptor: signals.descriptor, waitingMilliseconds: waitingMilliseconds) {
            case .more, .ended: continue
            case .timedOut: return false
            }
        }
        return true
    }

    /// A resized terminal reflows the rows the prompt and a long line were drawn on, and libedit,
    /// told only the new size, would draw again from wherever the cursor now is, leaving the old
    /// rows above it. So go back to where the prompt now starts (the rows above the cursor at the
    /// new width, as the terminal reflowed them), clear to the end of the screen, and draw afresh.
    private func redrawAfterResize() {
        knownColumns = tk_terminal_columns()
        let (line, cursor) = currentLine()
        let layout = TerminalLayout.rows(
            prompt: visiblePrompt, text: line, cursor: cursor, width: Int(tk_terminal_columns()),
            characterWidth: { Int(tk_wcwidth(wchar_t(bitPattern: $0.value))) })
        tk_write_stdout("\r" + (layout.cursorRow > 0 ? "\u{1B}[\(layout.cursorRow)A" : "") + "\u{1B}[J")
        el_resize(editLine)
        tk_el_refresh(editLine)
    }

    // MARK: - Bound commands

    func interrupt() -> UInt8 {
        if interruptStage == .finishing { return UInt8(CC_EOF) }
        interruptStage = .finishing
        _ = el_cursor(editLine, Int32.max / 2)
        return UInt8(CC_CURSOR)
    }

    func insertPaste() -> UInt8 {
        if let restored = restoredText {
            restoredText = nil
            return UInt8(insert(restored.replacingNUL()) ? CC_REFRESH : CC_ERROR)
        }
        guard let paste = pendingPaste?.replacingNUL(), !paste.isEmpty else { return UInt8(CC_NORM) }
        pendingPaste = nil
        lineContainsPaste = lineContainsPaste || paste.contains("\n")
        let inserted = insert(paste)
        return UInt8(inserted ? CC_REFRESH : CC_ERROR)
    }
}
