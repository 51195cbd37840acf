import CLibEdit

/// libedit's own moves and deletes step by code point; these step by `Character` (grapheme
/// cluster), so the cursor never lands inside `e` + U+0301 or a ZWJ emoji sequence.
extension LibEditSession {
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
}
