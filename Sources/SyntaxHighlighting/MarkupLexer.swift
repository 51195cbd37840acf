/// Colours HTML and XML one line at a time as it streams in: element names, attribute names, quoted
/// values, entities and comments. Tags and comments may go on over several lines.
///
/// Like `CodeLexer`, a name still being written is held until the byte after it arrives or the
/// line ends; text, values and comments are given out as they come.
struct MarkupLexer: Sendable {
    private enum Mode: Sendable {
        case text
        case comment
        /// Inside `<…>`; `named`: the element's name has been given out.
        case tag(named: Bool)
        /// Inside an attribute's value quoted by `quote`.
        case value(quote: UInt8)
    }

    private var line: [UInt8] = []
    private var position = 0
    private var mode = Mode.text

    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)

    /// Adds text of the current line (no newline in it) and appends to `runs` what can be coloured now.
    mutating func append(_ text: Substring, into runs: inout [HighlightedRun]) {
        line.append(contentsOf: text.utf8)
        scan(lineEnded: false, into: &runs)
    }

    /// Ends the line: gives out what was held; a tag, value or comment goes on to the next line.
    mutating func endLine(into runs: inout [HighlightedRun]) {
        scan(lineEnded: true, into: &runs)
        line.removeAll(keepingCapacity: true)
        position = 0
    }

    private mutating func scan(lineEnded: Bool, into runs: inout [HighlightedRun]) {
        while position < line.count {
            let progressed: Bool
            switch mode {
            case .text: progressed = scanText(lineEnded: lineEnded, into: &runs)
            case .comment: progressed = scanComment(lineEnded: lineEnded, into: &runs)
            case .tag(let named): progressed = scanTag(named: named, lineEnded: lineEnded, into: &runs)
            case .value(let quote):
                var end = position
                while end < line.count, line[end] != quote { end += 1 }
                if end < line.count {
                    emit(.string, upTo: end + 1, into: &runs)
                    mode = .tag(named: true)
                } else {
                    emit(.string, upTo: end, into: &runs)
                }
                progressed = true
            }
            if !progressed { return }
        }
    }

    private mutating func scanText(lineEnded: Bool, into runs: inout [HighlightedRun]) -> Bool {
        let byte = line[position]
        if byte == UInt8(ascii: "<") {
            let available = line.count - position
            if available < Self.commentOpen.count, !lineEnded,
                Array(line[position...]) == Array(Self.commentOpen.prefix(available))
            {
                return false
            }
            if available >= Self.commentOpen.count, Array(line[position..<position + 4]) == Self.commentOpen {
                mode = .comment
                emit(.comment, upTo: position + 4, into: &runs)
                return true
            }
            var end = position + 1
            if end < line.count, line[end] == UInt8(ascii: "/") || line[end] == UInt8(ascii: "!") || line[end] == UInt8(ascii: "?") { end += 1 }
            emit(.plain, upTo: end, into: &runs)
            mode = .tag(named: false)
            return true
        }
        if byte == UInt8(ascii: "&") {
            var end = position + 1
            while end < line.count, Self.isNameByte(line[end]) || line[end] == UInt8(ascii: "#") { end += 1 }
            if end == line.count, !lineEnded { return false }
            let isEntity = end < line.count && line[end] == UInt8(ascii: ";") && end > position + 1
            emit(isEntity ? .constant : .plain, upTo: isEntity ? end + 1 : position + 1, into: &runs)
            return true
        }
        var end = position
        while end < line.count, line[end] != UInt8(ascii: "<"), line[end] != UInt8(ascii: "&") { end += 1 }
        emit(.plain, upTo: end, into: &runs)
        return true
    }

    private mutating func scanComment(lineEnded: Bool, into runs: inout [HighlightedRun]) -> Bool {
        var index = position
        while index + Self.commentClose.count <= line.count {
            if Array(line[index..<index + 3]) == Self.commentClose {
                emit(.comment, upTo: index + 3, into: &runs)
                mode = .text
                return true
            }
            index += 1
        }
        var end = lineEnded ? line.count : max(position, line.count - 2)
        while end > position, end < line.count, line[end] & 0xC0 == 0x80 { end -= 1 }
        emit(.comment, upTo: end, into: &runs)
        return false
    }

    private mutating func scanTag(named: Bool, lineEnded: Bool, into runs: inout [HighlightedRun]) -> Bool {
        let byte = line[position]
        switch byte {
        case UInt8(ascii: ">"):
            emit(.plain, upTo: position + 1, into: &runs)
            mode = .text
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            emit(.string, upTo: position + 1, into: &runs)
            mode = .value(quote: byte)
        case _ where Self.isNameByte(byte):
            var end = position + 1
            while end < line.count, Self.isNameByte(line[end]) { end += 1 }
            if end == line.count, !lineEnded { return false }
            emit(named ? .attribute : .key, upTo: end, into: &runs)
            mode = .tag(named: true)
        default:
            emit(.plain, upTo: position + 1, into: &runs)
        }
        return true
    }

    private mutating func emit(_ kind: TokenKind, upTo end: Int, into runs: inout [HighlightedRun]) {
        guard end > position else { return }
        runs.append(kind, String(decoding: line[position..<end], as: UTF8.self))
        position = end
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") || byte >= 0x80
    }
}
