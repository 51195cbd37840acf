/// Inline Markdown within a prose line, as it streams: emphasis, code spans, links and escapes.
/// Markers are held only until the byte after them says what they are; an opener is styled at once
/// and, if it closes nowhere, the line is redrawn with it as text (`endInline`).
extension MarkdownRenderer {
    /// Takes more of a prose line's text. Text between markers is written in one piece.
    mutating func feedInline(_ text: Substring) {
        let utf8 = text.utf8
        var plainStart = utf8.startIndex
        var index = plainStart
        while index != utf8.endIndex {
            let byte = utf8[index]
            let quiet = inline.run == nil && !inline.escapePending && inline.link == nil
            if quiet && !Self.isSpecial(byte, inCode: inline.codeTicks > 0) {
                index = utf8.index(after: index)
                continue
            }
            writePlain(text, from: plainStart, to: index)
            let next = utf8.index(after: index)
            if take(byte) {
                inline.offset += 1
                inline.previous = byte
                plainStart = next
            } else {
                // Not a marker: it starts the next piece of text.
                plainStart = index
            }
            index = next
        }
        writePlain(text, from: plainStart, to: utf8.endIndex)
    }

    private mutating func writePlain(_ text: Substring, from start: String.Index, to end: String.Index) {
        guard start != end else { return }
        writeVisible(text[start..<end])
        inline.offset += text.utf8.distance(from: start, to: end)
        inline.previous = text.utf8[text.utf8.index(before: end)]
    }

    private static func isSpecial(_ byte: UInt8, inCode: Bool) -> Bool {
        if inCode { return byte == UInt8(ascii: "`") }
        switch byte {
        case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "\\"): return true
        default: return false
        }
    }

    /// One byte that is a marker, or comes while something is pending; false when it is text.
    private mutating func take(_ byte: UInt8) -> Bool {
        if inline.link != nil { return takeInLink(byte) }
        if let run = inline.run {
            if byte == run.mark {
                inline.run?.count += 1
                return true
            }
            resolveRun(next: byte)
        }
        if inline.escapePending {
            inline.escapePending = false
            if Self.isPunctuation(byte) {
                writeVisible(Substring(String(Character(Unicode.Scalar(byte)))))
                return true
            }
            writeVisible("\\")
        }
        let inCode = inline.codeTicks > 0
        switch byte {
        case UInt8(ascii: "`"):
            inline.run = InlineState.MarkerRun(mark: byte, count: 1, offset: inline.offset, before: inline.previous)
        case UInt8(ascii: "*") where !inCode, UInt8(ascii: "_") where !inCode:
            inline.run = InlineState.MarkerRun(mark: byte, count: 1, offset: inline.offset, before: inline.previous)
        case UInt8(ascii: "\\") where !inCode:
            inline.escapePending = true
        case UInt8(ascii: "[") where !inCode:
            inline.link = InlineState.LinkCapture()
        default:
            return false
        }
        return true
    }

    private mutating func takeInLink(_ byte: UInt8) -> Bool {
        guard var link = inline.link else { return false }
        if var url = link.url {
            if byte == UInt8(ascii: ")") {
                inline.link = nil
                writeLink(text: link.text, url: url)
                return true
            }
            if byte == 0x20 || byte == 0x09 || url.count > 2000 {
                failLink()
                return take(byte)
            }
            url.append(byte)
            link.url = url
        } else if link.closedText {
            guard byte == UInt8(ascii: "(") else {
                failLink()
                return take(byte)
            }
            link.url = []
        } else if byte == UInt8(ascii: "]") {
            link.closedText = true
        } else if byte == UInt8(ascii: "[") || link.text.count > 500 {
            failLink()
            return take(byte)
        } else {
            link.text.append(byte)
        }
        inline.link = link
        return true
    }

    /// A `[` that did not become a link: what was read is written as it came.
    private mutating func failLink() {
        guard let link = inline.link else { return }
        inline.link = nil
        var bytes: [UInt8] = [UInt8(ascii: "[")] + link.text
        if link.closedText { bytes.append(UInt8(ascii: "]")) }
        if let url = link.url { bytes += [UInt8(ascii: "(")] + url }
        writeVisible(Substring(String(decoding: bytes, as: UTF8.self)))
    }

    private mutating func writeLink(text: [UInt8], url: [UInt8]) {
        let shownText = String(decoding: text, as: UTF8.self)
        let shownURL = String(decoding: url, as: UTF8.self)
        if !shownText.isEmpty {
            out += MarkdownPalette.linkText
            writeVisible(Substring(shownText))
            restyle()
        }
        if shownURL != shownText && !shownURL.isEmpty {
            if !shownText.isEmpty { writeVisible(" ") }
            out += MarkdownPalette.dim
            writeVisible(Substring("(" + shownURL + ")"))
            restyle()
        }
    }

    /// Decides what a run of `*`, `_` or backticks is, now that the byte after it is known.
    private mutating func resolveRun(next: UInt8) {
        guard let run = inline.run else { return }
        inline.run = nil
        let marks = String(repeating: Character(Unicode.Scalar(run.mark)), count: run.count)
        if run.mark == UInt8(ascii: "`") {
            if inline.codeTicks > 0 {
                if run.count == inline.codeTicks {
                    inline.codeTicks = 0
                    restyle()
                } else {
                    writeVisible(Substring(marks))
                }
            } else if inline.literal.contains(run.offset) {
                writeVisible(Substring(marks))
            } else {
                inline.codeTicks = run.count
                inline.codeOffset = run.offset
                restyle()
            }
            return
        }
        let before = run.before
        let leftFlanking = !Self.isSpace(next) && (!Self.isPunctuation(next) || Self.isSpace(before) || Self.isPunctuation(before))
        let rightFlanking = !Self.isSpace(before) && (!Self.isPunctuation(before) || Self.isSpace(next) || Self.isPunctuation(next))
        var canOpen = leftFlanking
        var canClose = rightFlanking
        if run.mark == UInt8(ascii: "_") {
            canOpen = leftFlanking && (!rightFlanking || Self.isPunctuation(before))
            canClose = rightFlanking && (!leftFlanking || Self.isPunctuation(next))
        }
        if canClose, let open = inline.emphasis.lastIndex(where: { $0.mark == run.mark && $0.count == run.count }) {
            inline.emphasis.remove(at: open)
            restyle()
        } else if canOpen, run.count <= 3, !inline.literal.contains(run.offset) {
            inline.emphasis.append(InlineState.Emphasis(mark: run.mark, count: run.count, offset: run.offset))
            restyle()
        } else {
            writeVisible(Substring(marks))
        }
    }

    /// Writes the styles now in force, over the line's own.
    private mutating func restyle() {
        var style = MarkdownPalette.reset + lineStyle
        if inline.emphasis.contains(where: { $0.count >= 2 }) { style += MarkdownPalette.bold }
        if inline.emphasis.contains(where: { $0.count != 2 }) { style += MarkdownPalette.italic }
        if inline.codeTicks > 0 { style += MarkdownPalette.inlineCode }
        out += style
        inline.styled = true
    }

    /// Ends the prose line: resolves what is pending; an opener that closed nowhere has the line
    /// redrawn with it as text, when `mayRedraw` and the line is all on screen.
    mutating func endInline(mayRedraw: Bool) {
        if inline.run != nil { resolveRun(next: 0x20) }
        if inline.escapePending {
            inline.escapePending = false
            writeVisible("\\")
        }
        if inline.link != nil { failLink() }
        var unmatched = Set(inline.emphasis.map(\.offset))
        if inline.codeTicks > 0 { unmatched.insert(inline.codeOffset) }
        if inline.styled || !lineStyle.isEmpty { out += MarkdownPalette.reset }
        guard !unmatched.isEmpty, mayRedraw, canRedraw else { return }
        let rows = wrapper.wrapCount - wrapsAtLineStart + 1
        out += "\r" + (rows > 1 ? "\u{1B}[\(rows - 1)A" : "") + "\u{1B}[J"
        wrapper.startLine()
        wrapsAtLineStart = wrapper.wrapCount
        inline = InlineState(literal: unmatched.union(inline.literal))
        writePrefix()
        if inlineStart < line.count { feedInline(Substring(String(decoding: line[inlineStart...], as: UTF8.self))) }
        endInline(mayRedraw: false)
    }

    /// The open line can be redrawn: wrapped by us at a width that has not changed since it began,
    /// and not taller than the terminal, so none of it has scrolled away.
    private var canRedraw: Bool {
        guard let width = wrapper.width, width == widthAtLineStart, let rows = terminalRows() else { return false }
        return wrapper.wrapCount - wrapsAtLineStart + 1 < rows
    }

    private mutating func writeVisible(_ text: Substring) {
        out += wrapper.feed(String(text))
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }

    private static func isPunctuation(_ byte: UInt8) -> Bool {
        (byte >= 0x21 && byte <= 0x2F) || (byte >= 0x3A && byte <= 0x40) || (byte >= 0x5B && byte <= 0x60) || (byte >= 0x7B && byte <= 0x7E)
    }

    /// A table cell's text rendered whole (no wrapping, no redraw) and its width in columns.
    static func renderInline(_ text: Substring) -> (text: String, width: Int) {
        var literal: Set<Int> = []
        for _ in 0..<2 {
            var scratch = MarkdownRenderer(columns: nil)
            scratch.inline = InlineState(literal: literal)
            scratch.feedInline(text)
            if scratch.inline.run != nil { scratch.resolveRun(next: 0x20) }
            let unmatched = Set(scratch.inline.emphasis.map(\.offset)).union(scratch.inline.codeTicks > 0 ? [scratch.inline.codeOffset] : [])
            if unmatched.isEmpty || !literal.isEmpty {
                scratch.endInline(mayRedraw: false)
                return (scratch.out, scratch.wrapper.column)
            }
            literal = unmatched
        }
        return (String(text), DisplayWidth.of(text))
    }
}
