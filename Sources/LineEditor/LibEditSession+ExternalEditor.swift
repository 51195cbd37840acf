import CLibEdit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LibEditSession {
    /// Ctrl-J: a line break in the input.
    func insertLineBreak() -> UInt8 {
        UInt8(insert("\n") ? CC_REFRESH : CC_ERROR)
    }

    /// Ctrl-G: keeps the line for the editor and ends the read in two steps, as Ctrl-C does: the
    /// cursor is drawn at the end of the line first, so what follows starts below it.
    func requestEditor() -> UInt8 {
        if editRequest != nil { return UInt8(CC_EOF) }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: currentLine().line)
        editRequest = String(text)
        _ = el_cursor(editLine, Int32.max / 2)
        return UInt8(CC_CURSOR)
    }

    /// Opens the whole input (an open block's `gathered` lines and `line`, the cursor at its end) in
    /// the editor, and sets what the next read starts with: the saved text, else `line` again.
    /// Returns true when the saved text replaced the input, block and all (then drawn no more);
    /// false when the input stays as it was (nothing saved, or one line said why).
    func replaceInputInEditor(_ line: String, gathered: [String], drawnAbove: [(prompt: String, text: String)]) -> Bool {
        switch editInExternalEditor((gathered + [line]).joined(separator: "\n")) {
        case .edited(let text):
            eraseDrawnInput(line, above: drawnAbove)
            restoredText = text
            return true
        case .empty:
            eraseDrawnInput(line, above: [])
            restoredText = line
            return false
        case .failed(let message):
            tk_write_stdout("\r\n" + Self.messageLines(message, width: Int(tk_terminal_columns())))
            restoredText = line
            return false
        }
    }

    /// Hands the terminal to the editor Ctrl-G opens and takes it back: called between reads,
    /// when libedit has left its raw mode. The editor gets the terminal in the ordinary (cooked)
    /// mode with bracketed paste off; afterwards the terminal is as it was, and a Ctrl-C or a
    /// resize the editor had is not taken for ours.
    private func editInExternalEditor(_ text: String) -> ExternalEditor.Outcome {
        tk_write_stdout(BracketedPasteCollector.disableSequence)
        var saved = termios()
        let haveTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if haveTerminal {
            var cooked = saved
            cooked.c_lflag |= tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
            cooked.c_iflag |= tcflag_t(ICRNL)
            cooked.c_oflag |= tcflag_t(OPOST | ONLCR)
            tcsetattr(STDIN_FILENO, TCSADRAIN, &cooked)
        }
        var environment: [String: String] = [:]
        for name in ExternalEditor.variables {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        let outcome: ExternalEditor.Outcome
        switch ExternalEditor.chosen(from: environment) {
        case .success(let editor): outcome = editor.edit(text)
        case .failure(let failure): outcome = .failed(failure.message)
        }
        if haveTerminal { tcsetattr(STDIN_FILENO, TCSADRAIN, &saved) }
        tk_write_stdout(BracketedPasteCollector.enableSequence)
        _ = signals.take(SIGINT)
        return outcome
    }

    /// Clears what the current read drew (the prompt and `line`, the cursor at its end) and the
    /// lines of an open block drawn above it, so the input can be drawn again in their place.
    private func eraseDrawnInput(_ line: String, above: [(prompt: String, text: String)]) {
        let width = Int(tk_terminal_columns())
        func rows(_ prompt: String, _ text: String) -> Int {
            let scalars = Array(text.unicodeScalars)
            return TerminalLayout.rows(
                prompt: prompt, text: scalars, cursor: scalars.count, width: width,
                characterWidth: { Int(tk_wcwidth(wchar_t(bitPattern: $0.value))) }
            ).cursorRow
        }
        var up = rows(visiblePrompt, line)
        for drawn in above { up += rows(drawn.prompt, drawn.text) + 1 }
        tk_write_stdout("\r" + (up > 0 ? "\u{1B}[\(up)A" : "") + "\u{1B}[J")
    }

    /// A message of ours (which may quote an environment variable) as terminal lines: control
    /// characters shown as `?`, broken between words at `width` columns, each line ended by `\r\n`.
    static func messageLines(_ text: String, width: Int) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar
        }))
        var lines: [String] = []
        var line = ""
        for word in clean.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > max(width, 20) {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.map { $0 + "\r\n" }.joined()
    }
}
