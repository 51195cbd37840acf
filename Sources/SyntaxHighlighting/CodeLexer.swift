/// Colours code one line at a time as its text streams in, by `LexicalRules`: comments, strings,
/// numbers, keywords, types and constants. Not a parser: it knows words, not grammar.
///
/// Text is appended as it arrives and coloured as far as it can be decided; a word or number still
/// being written (or an opener like `/` that may become `//`) is held until the byte after it
/// arrives or the line ends. Comments and strings are given out as they come. Block comments and
/// multi-line strings carry over to the next line.
struct CodeLexer: Sendable {
    private enum Mode: Sendable {
        case normal
        case lineComment
        case blockComment
        /// Inside the string opened by `rules.quotes[quote]`; `escaped`: the last byte was a backslash.
        case string(quote: Int, escaped: Bool)
    }

    private enum Match { case yes, no, needMore }

    private let rules: LexicalRules
    private var line: [UInt8] = []
    /// The first byte of `line` not yet given out.
    private var position = 0
    private var mode = Mode.normal

    init(rules: LexicalRules) { self.rules = rules }

    /// Adds text of the current line (no newline in it) and appends to `runs` what can be coloured now.
    mutating func append(_ text: Substring, into runs: inout [HighlightedRun]) {
        line.append(contentsOf: text.utf8)
        scan(lineEnded: false, into: &runs)
    }

    /// Ends the line: gives out what was held, and keeps only a block comment or multi-line string open.
    mutating func endLine(into runs: inout [HighlightedRun]) {
        scan(lineEnded: true, into: &runs)
        switch mode {
        case .lineComment: mode = .normal
        case .string(let quote, _) where !rules.quotes[quote].multiline: mode = .normal
        case .string(let quote, _): mode = .string(quote: quote, escaped: false)
        default: break
        }
        line.removeAll(keepingCapacity: true)
        position = 0
    }

    private mutating func scan(lineEnded: Bool, into runs: inout [HighlightedRun]) {
        let count = line.count
        while position < count {
            switch mode {
            case .lineComment:
                emit(.comment, upTo: count, into: &runs)
            case .blockComment:
                guard let close = rules.blockComment?.close else { mode = .normal; continue }
                if let end = find(close, from: position) {
                    emit(.comment, upTo: end + close.count, into: &runs)
                    mode = .normal
                } else {
                    // The last bytes may be the closer's first: held, at a character's boundary.
                    emit(.comment, upTo: lineEnded ? count : characterStart(max(position, count - close.count + 1)), into: &runs)
                    return
                }
            case .string(let index, let wasEscaped):
                let quote = rules.quotes[index]
                var escaped = wasEscaped
                var cursor = position
                var closedAt: Int?
                var waiting = false
                while cursor < count {
                    let byte = line[cursor]
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") && quote.escapes {
                        escaped = true
                    } else if byte == quote.close[0] {
                        let closing = match(quote.close, at: cursor, lineEnded: lineEnded)
                        if closing == .yes { closedAt = cursor + quote.close.count }
                        waiting = closing == .needMore
                        if closing != .no { break }
                    }
                    cursor += 1
                }
                if let closedAt {
                    emit(.string, upTo: closedAt, into: &runs)
                    mode = .normal
                } else {
                    emit(.string, upTo: cursor, into: &runs)
                    mode = .string(quote: index, escaped: escaped)
                    if waiting { return }  // a closer's first bytes: wait for the rest
                }
            case .normal:
                guard scanNormal(lineEnded: lineEnded, into: &runs) else { return }
            }
        }
    }

    /// Colours one token from `position`; false when it must wait for more text.
    private mutating func scanNormal(lineEnded: Bool, into runs: inout [HighlightedRun]) -> Bool {
        let count = line.count
        let byte = line[position]
        if byte == 0x20 || byte == 0x09 {
            var end = position
            while end < count, line[end] == 0x20 || line[end] == 0x09 { end += 1 }
            emit(.plain, upTo: end, into: &runs)
            return true
        }
        if let block = rules.blockComment {
            switch match(block.open, at: position, lineEnded: lineEnded) {
            case .yes:
                mode = .blockComment
                emit(.comment, upTo: position + block.open.count, into: &runs)
                return true
            case .needMore: return false
            case .no: break
            }
        }
        for opener in rules.lineComments {
            if opener == [UInt8(ascii: "#")], rules.hashCommentNeedsSpace, position > 0, line[position - 1] != 0x20, line[position - 1] != 0x09 {
                continue
            }
            switch match(opener, at: position, lineEnded: lineEnded) {
            case .yes:
                mode = .lineComment
                return true
            case .needMore: return false
            case .no: continue
            }
        }
        for (index, quote) in rules.quotes.enumerated() {
            switch match(quote.open, at: position, lineEnded: lineEnded) {
            case .yes:
                mode = .string(quote: index, escaped: false)
                emit(.string, upTo: position + quote.open.count, into: &runs)
                return true
            case .needMore: return false
            case .no: continue
            }
        }
        if rules.dollarVariables, byte == UInt8(ascii: "$") {
            return scanVariable(lineEnded: lineEnded, into: &runs)
        }
        if Self.isDigit(byte) {
            var end = position + 1
            while end < count, Self.isWordByte(line[end]) || line[end] == UInt8(ascii: ".") { end += 1 }
            guard end < count || lineEnded else { return false }
            emit(.number, upTo: end, into: &runs)
            return true
        }
        if isWordStart(byte) {
            var end = position + 1
            while end < count, Self.isWordByte(line[end]) || rules.wordBytes.contains(line[end]) { end += 1 }
            guard end < count || lineEnded else { return false }
            emit(classify(position..<end), upTo: end, into: &runs)
            return true
        }
        emit(.plain, upTo: position + 1, into: &runs)
        return true
    }

    private mutating func scanVariable(lineEnded: Bool, into runs: inout [HighlightedRun]) -> Bool {
        let count = line.count
        var end = position + 1
        if end < count, line[end] == UInt8(ascii: "{") {
            while end < count, line[end] != UInt8(ascii: "}") { end += 1 }
            guard end < count || lineEnded else { return false }
            emit(.variable, upTo: min(end + 1, count), into: &runs)
            return true
        }
        while end < count, Self.isWordByte(line[end]) { end += 1 }
        if end == position + 1, end < count, "?#@*!$-".utf8.contains(line[end]) { end += 1 }
        guard end < count || lineEnded else { return false }
        emit(end > position + 1 ? .variable : .plain, upTo: end, into: &runs)
        return true
    }

    private func classify(_ range: Range<Int>) -> TokenKind {
        if rules.keysBeforeColon, range.upperBound < line.count, line[range.upperBound] == UInt8(ascii: ":") { return .key }
        let word = String(decoding: line[range], as: UTF8.self)
        let key = rules.caseInsensitive ? word.lowercased() : word
        if rules.keywords.contains(key) { return .keyword }
        if rules.constants.contains(key) { return .constant }
        if rules.types.contains(key) { return .type }
        if rules.capitalizedWordsAreTypes, let first = line[range].first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") {
            return .type
        }
        return .plain
    }

    private mutating func emit(_ kind: TokenKind, upTo end: Int, into runs: inout [HighlightedRun]) {
        guard end > position else { return }
        runs.append(kind, String(decoding: line[position..<end], as: UTF8.self))
        position = end
    }

    private func match(_ pattern: [UInt8], at start: Int, lineEnded: Bool) -> Match {
        for (offset, byte) in pattern.enumerated() {
            let index = start + offset
            guard index < line.count else { return lineEnded ? .no : .needMore }
            if line[index] != byte { return .no }
        }
        return .yes
    }

    /// `index`, or the start of the character it is inside.
    private func characterStart(_ index: Int) -> Int {
        var index = index
        while index > position, index < line.count, line[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard pattern.count <= line.count else { return nil }
        var index = start
        while index + pattern.count <= line.count {
            if line[index] == pattern[0], match(pattern, at: index, lineEnded: true) == .yes { return index }
            index += 1
        }
        return nil
    }

    private func isWordStart(_ byte: UInt8) -> Bool {
        Self.isWordByte(byte) || rules.wordBytes.contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Letters, digits, `_`, and every byte of a non-ASCII character (so a word in any script stays whole).
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || isDigit(byte) || byte == 0x5F || byte >= 0x80
    }
}
