/// What a Markdown line is, decided from its first characters: the renderer holds a line's start
/// back until this says what it is, then writes its prefix (a bullet, a bar) and streams the rest.
///
/// Offsets are in UTF-8 bytes from the line's start. Only the block kinds the renderer draws are
/// told apart; anything else is prose.
enum MarkdownLineStart: Equatable, Sendable {
    /// More of the line is needed to tell.
    case needMore
    /// Nothing but spaces.
    case blank
    /// Text from `content` on, after `indent` spaces kept as written.
    case prose(content: Int)
    /// `#`…`######` and a space: the text starts at `content`.
    case heading(level: Int, content: Int)
    /// `-`, `*` or `+` and a space, after `indent` spaces.
    case bullet(indent: Int, content: Int)
    /// `12.` or `12)` and a space, after `indent` spaces; `marker` is the number and its mark.
    case ordered(indent: Int, marker: Range<Int>, content: Int)
    /// `>` (or several); the text starts at `content`.
    case quote(depth: Int, content: Int)
    /// ```` ``` ```` or `~~~` (three or more): the whole line is held, as its info string names the language.
    case fence(mark: UInt8, length: Int, indent: Int)
    /// `---`, `***`, `___` (three or more, spaces allowed between).
    case rule
    /// Starts with `|`: may be a table's row; held whole.
    case tableRow

    static func decide(_ line: [UInt8], final: Bool) -> MarkdownLineStart {
        var indent = 0
        while indent < line.count, line[indent] == 0x20 { indent += 1 }
        guard indent < line.count else { return final ? .blank : .needMore }
        // Four spaces make indented code in CommonMark; shown as prose with its spaces, unwrapped by marks.
        if indent >= 4 { return .prose(content: 0) }
        let first = line[indent]
        switch first {
        case UInt8(ascii: "`"), UInt8(ascii: "~"):
            var end = indent
            while end < line.count, line[end] == first { end += 1 }
            let length = end - indent
            if length >= 3 {
                // A backtick fence's info string has no backtick.
                if first == UInt8(ascii: "`"), line[end...].contains(UInt8(ascii: "`")) { return .prose(content: 0) }
                return .fence(mark: first, length: length, indent: indent)
            }
            return end == line.count && !final ? .needMore : .prose(content: 0)
        case UInt8(ascii: "#"):
            var end = indent
            while end < line.count, line[end] == first { end += 1 }
            let level = end - indent
            if end == line.count { return final ? (level <= 6 ? .heading(level: level, content: end) : .prose(content: 0)) : .needMore }
            if level <= 6, line[end] == 0x20 || line[end] == 0x09 { return .heading(level: level, content: end + 1) }
            return .prose(content: 0)
        case UInt8(ascii: ">"):
            var depth = 0
            var end = indent
            while end < line.count, line[end] == UInt8(ascii: ">") {
                depth += 1
                end += 1
                if end < line.count, line[end] == 0x20 { end += 1 }
            }
            // "> " may yet be followed by another ">".
            if end == line.count && !final { return .needMore }
            return .quote(depth: depth, content: end)
        case UInt8(ascii: "|"):
            return .tableRow
        case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "+"):
            return listOrRule(line, indent: indent, mark: first, final: final)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            var end = indent
            while end < line.count, end - indent < 9, line[end] >= 0x30, line[end] <= 0x39 { end += 1 }
            guard end < line.count else { return final ? .prose(content: 0) : .needMore }
            guard line[end] == UInt8(ascii: ".") || line[end] == UInt8(ascii: ")") else { return .prose(content: 0) }
            guard end + 1 < line.count else { return final ? .prose(content: 0) : .needMore }
            return line[end + 1] == 0x20 ? .ordered(indent: indent, marker: indent..<end + 1, content: end + 2) : .prose(content: 0)
        default:
            return .prose(content: 0)
        }
    }

    private static func listOrRule(_ line: [UInt8], indent: Int, mark: UInt8, final: Bool) -> MarkdownLineStart {
        let next = indent + 1
        // "- - -" is a rule and "- item" a bullet: told apart once anything but marks and spaces comes.
        if mark != UInt8(ascii: "+"), line[indent...].allSatisfy({ $0 == mark || $0 == 0x20 || $0 == 0x09 }) {
            if !final { return .needMore }
            if line.filter({ $0 == mark }).count >= 3 { return .rule }
        }
        guard mark != UInt8(ascii: "_") else { return .prose(content: 0) }
        if next < line.count, line[next] == 0x20 || line[next] == 0x09 { return .bullet(indent: indent, content: next + 1) }
        if next == line.count { return final ? .bullet(indent: indent, content: next) : .needMore }
        return .prose(content: 0)
    }

    /// Whether a line inside a fence opened by `mark` × `length` closes it; nil while it could still.
    static func closesFence(_ line: [UInt8], mark: UInt8, length: Int, final: Bool) -> Bool? {
        var index = 0
        while index < line.count, index < 3, line[index] == 0x20 { index += 1 }
        var marks = 0
        while index < line.count, line[index] == mark {
            marks += 1
            index += 1
        }
        let rest = line[index...]
        if rest.contains(where: { $0 != 0x20 && $0 != 0x09 }) { return false }
        if marks == 0 { return rest.isEmpty && !final ? nil : false }
        return final ? marks >= length : nil
    }

    /// Whether a line is a table's delimiter row (`|---|:--:|`); nil while it could still be one.
    static func isTableDelimiter(_ line: [UInt8], final: Bool) -> Bool? {
        let allowed: Set<UInt8> = [UInt8(ascii: "|"), UInt8(ascii: "-"), UInt8(ascii: ":"), 0x20, 0x09]
        guard line.allSatisfy({ allowed.contains($0) }) else { return false }
        guard final else { return nil }
        return line.contains(UInt8(ascii: "-")) && line.contains(UInt8(ascii: "|"))
    }
}
