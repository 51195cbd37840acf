import CLibEdit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The commands libedit runs for the keys that edit the line (bound in `LibEditBindings`).
extension LibEditSession {
    /// The session a libedit callback is for.
    static func session(_ editLine: OpaquePointer?) -> LibEditSession? {
        guard let editLine, let data = tk_el_client_data(editLine) else { return nil }
        return Unmanaged<LibEditSession>.fromOpaque(data).takeUnretainedValue()
    }

    // MARK: - Tab

    /// Completes the word before the cursor, or lists the candidates below the input.
    func complete() -> UInt8 {
        // Inside a block, or with nothing to complete, Tab is just a tab.
        guard let completion, !isContinuationLine else {
            return UInt8(insert("\t") ? CC_REFRESH : CC_ERROR)
        }
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
            _ = insert(replacement)
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

    // MARK: - Moves and deletes by character
    // libedit's own step by code point; these step by `Character` (grapheme cluster), so the cursor
    // never lands inside `e` + U+0301 or a ZWJ emoji sequence.

    /// Moves over one whole character (grapheme cluster), never into the middle of one.
    func moveOneCharacter(forward: Bool) -> UInt8 {
        let (line, cursor) = currentLine()
        let target = forward
            ? GraphemeBoundaries.next(in: line, from: cursor) : GraphemeBoundaries.previous(in: line, from: cursor)
        guard let target else { return UInt8(CC_ERROR) }
        _ = el_cursor(editLine, Int32(target - cursor))
        return UInt8(CC_CURSOR)
    }

    /// Deletes one whole character (grapheme cluster) before or under the cursor.
    func deleteOneCharacter(forward: Bool) -> UInt8 {
        let (line, cursor) = currentLine()
        if forward {
            guard let end = GraphemeBoundaries.next(in: line, from: cursor) else { return UInt8(CC_ERROR) }
            // libedit deletes before the cursor: step over the character, then delete it.
            _ = el_cursor(editLine, Int32(end - cursor))
            el_deletestr(editLine, Int32(end - cursor))
        } else {
            guard let start = GraphemeBoundaries.previous(in: line, from: cursor) else { return UInt8(CC_ERROR) }
            el_deletestr(editLine, Int32(cursor - start))
        }
        return UInt8(CC_REFRESH)
    }

    func deleteOrEndOfInput() -> UInt8 {
        let (line, _) = currentLine()
        guard line.isEmpty else { return deleteOneCharacter(forward: true) }
        return UInt8(CC_EOF)
    }

    // MARK: - Reading and changing the line libedit holds, for the commands above

    func insert(_ text: String) -> Bool {
        let wide = WideText.characters(text)
        return wide.withUnsafeBufferPointer { el_winsertstr(editLine, $0.baseAddress) } == 0
    }

    func currentLine() -> (line: [Unicode.Scalar], cursor: Int) {
        guard let info = el_wline(editLine), let start = info.pointee.buffer,
            let end = info.pointee.lastchar, let cursorPointer = info.pointee.cursor
        else { return ([], 0) }
        let count = end - start
        let cursor = cursorPointer - start
        let line = WideText.scalars(UnsafeBufferPointer(start: start, count: max(count, 0)))
        return (line, min(max(cursor, 0), line.count))
    }
}
