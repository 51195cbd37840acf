import Foundation
import SyntaxHighlighting

/// Renders Markdown for a terminal as it streams, one block-level line at a time: headings, emphasis
/// and inline code with their markers removed, bullets, numbers, quote bars, links as text and URL,
/// rules, fenced code coloured by language, and tables aligned once they are complete.
///
/// Append-only: a line that has ended is never redrawn or moved. Only the line being written may be
/// redrawn, once, when it ends with an emphasis or code marker that closed nowhere (written as text
/// then), and only while all of it is still on screen. Words are written as they arrive; what is held
/// back is a line's start until its kind is known, a run of markers until the character after it,
/// a link until its URL ends, a fence's or table's lines until they end, and a table until its last row.
///
/// Code lines are written exactly as the model wrote them (less the fence's indentation), never
/// wrapped or padded. Prose is wrapped between words by `StreamingWordWrapper`. The text fed must
/// already be sanitized: the only escape sequences written are the renderer's own (`MarkdownPalette`),
/// the wrapper's, and the redraw's (`CR`, cursor up, erase below).
public struct MarkdownRenderer: Sendable {
    enum LineKind: Sendable {
        case undecided
        case prose
        case code
        /// Kept whole until it ends: a fence, a table's row, a rule, a blank line.
        case held
    }

    enum Block: Sendable {
        case flow
        /// Inside a fenced code block.
        case fence(mark: UInt8, length: Int, indent: Int, highlighter: CodeHighlighter?)
        /// A `|` line waiting for the next to say whether it heads a table.
        case tableHeader(String)
        case table(MarkdownTable)
    }

    /// What is written before a prose line's text.
    enum LinePrefix: Sendable {
        case none
        case bullet(indent: Int)
        case ordered(indent: Int, marker: String)
        case quote(depth: Int)
    }

    var wrapper: StreamingWordWrapper
    /// What the current call writes.
    var out = ""
    /// The current line as received, in UTF-8.
    var line: [UInt8] = []
    var lineKind = LineKind.undecided
    var block = Block.flow
    var inline = InlineState()
    /// Where the current prose line's text starts in `line`, after its marks.
    var inlineStart = 0
    var prefix = LinePrefix.none
    /// The current line's own style (a heading's), under its inline styles.
    var lineStyle = ""
    /// The wrapper's `wrapCount` and width when the current line began, to know the rows it takes.
    var wrapsAtLineStart = 0
    var widthAtLineStart: Int?
    /// Reads the terminal's height, only when a redraw is considered (rarely: not a system call
    /// per token); nil when unknown, which rules the redraw out.
    let terminalRows: @Sendable () -> Int?
    /// The colour a code line's text is being written in; nil for none.
    var codeColour: String?
    /// The fenced blocks begun so far, numbered for `/copy code N`.
    public private(set) var codeBlockCount = 0

    /// - Parameters:
    ///   - columns: the terminal's width; nil leaves prose unwrapped.
    ///   - rows: reads the terminal's height; nil when unknown.
    public init(columns: Int?, rows: @escaping @Sendable () -> Int? = { nil }) {
        wrapper = StreamingWordWrapper(width: columns)
        terminalRows = rows
        widthAtLineStart = wrapper.width
    }

    /// Takes the next piece of the answer; returns what to write now.
    public mutating func feed(_ text: String, columns: Int?) -> String {
        wrapper.resize(to: columns)
        out = ""
        var start = text.startIndex
        let utf8 = text.utf8
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == 0x0A {
                append(text[start..<index])
                endLine()
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        append(text[start...])
        return out
    }

    /// Ends the answer: writes what was held (the last line, an unfinished table) and leaves the
    /// cursor at the start of a line if anything was written since the last newline.
    public mutating func finish() -> String {
        out = ""
        if !line.isEmpty || lineKind != .undecided { endLine() }
        switch block {
        case .tableHeader(let header):
            block = .flow
            writeWholeProseLine(Array(header.utf8))
        case .table(let table):
            block = .flow
            writeTable(table)
        case .flow, .fence:
            block = .flow
        }
        return out
    }

    // MARK: - Lines

    private mutating func append(_ text: Substring) {
        guard !text.isEmpty else { return }
        line.append(contentsOf: text.utf8)
        switch lineKind {
        case .prose: feedInline(text)
        case .code: feedCode(text)
        case .held: break
        case .undecided: decide(final: false)
        }
    }

    private mutating func endLine() {
        if lineKind == .undecided { decide(final: true) }
        switch lineKind {
        case .prose:
            endInline(mayRedraw: true)
            out += "\n"
        case .code:
            if case .fence(let mark, let length, let indent, var highlighter?) = block {
                block = .fence(mark: mark, length: length, indent: indent, highlighter: nil)
                writeCode(highlighter.endLine())
                block = .fence(mark: mark, length: length, indent: indent, highlighter: highlighter)
            }
            if codeColour != nil {
                out += MarkdownPalette.reset
                codeColour = nil
            }
            out += "\n"
        case .held:
            endHeldLine()
        case .undecided:
            out += "\n"
        }
        wrapper.startLine()
        line.removeAll(keepingCapacity: true)
        lineKind = .undecided
    }

    /// Decides what the current line is, in the block it is in; `final`: the line has ended.
    private mutating func decide(final: Bool) {
        switch block {
        case .fence(let mark, let length, let indent, _):
            switch MarkdownLineStart.closesFence(line, mark: mark, length: length, final: final) {
            case nil: return
            case true?: lineKind = .held
            case false?:
                lineKind = .code
                var skip = 0
                while skip < indent, skip < line.count, line[skip] == 0x20 { skip += 1 }
                feedCode(Substring(String(decoding: line[skip...], as: UTF8.self)))
            }
        case .tableHeader(let header):
            switch MarkdownLineStart.isTableDelimiter(line, final: final) {
            case nil: return
            case true?: lineKind = .held
            case false?:
                block = .flow
                writeWholeProseLine(Array(header.utf8))
                decideInFlow(final: final)
            }
        case .table(let table):
            guard let first = line.first(where: { $0 != 0x20 }) else {
                if final { fallthroughToFlow(ending: table, final: final) }
                return
            }
            if first == UInt8(ascii: "|") { lineKind = .held } else { fallthroughToFlow(ending: table, final: final) }
        case .flow:
            decideInFlow(final: final)
        }
    }

    private mutating func fallthroughToFlow(ending table: MarkdownTable, final: Bool) {
        block = .flow
        writeTable(table)
        decideInFlow(final: final)
    }

    private mutating func decideInFlow(final: Bool) {
        switch MarkdownLineStart.decide(line, final: final) {
        case .needMore: return
        case .blank, .fence, .tableRow, .rule: lineKind = .held
        case .prose(let content): beginProse(.none, style: "", content: content)
        case .heading(let level, let content):
            beginProse(.none, style: level == 1 ? MarkdownPalette.firstHeading : MarkdownPalette.heading, content: content)
        case .bullet(let indent, let content): beginProse(.bullet(indent: indent), style: "", content: content)
        case .ordered(let indent, let marker, let content):
            beginProse(.ordered(indent: indent, marker: String(decoding: line[marker], as: UTF8.self)), style: "", content: content)
        case .quote(let depth, let content): beginProse(.quote(depth: depth), style: "", content: content)
        }
    }

    private mutating func beginProse(_ prefix: LinePrefix, style: String, content: Int) {
        self.prefix = prefix
        lineStyle = style
        lineKind = .prose
        inlineStart = min(content, line.count)
        wrapsAtLineStart = wrapper.wrapCount
        widthAtLineStart = wrapper.width
        inline = InlineState()
        writePrefix()
        if inlineStart < line.count { feedInline(Substring(String(decoding: line[inlineStart...], as: UTF8.self))) }
    }

    func bulletGlyph(indent: Int) -> String {
        switch indent / 2 {
        case 0: return "•"
        case 1: return "◦"
        default: return "▪"
        }
    }

    /// Writes the line's prefix; the rows the line wraps to are indented to its text.
    mutating func writePrefix() {
        switch prefix {
        case .none: break
        case .bullet(let indent):
            out += wrapper.feed(String(repeating: " ", count: indent))
            out += MarkdownPalette.accent + wrapper.feed(bulletGlyph(indent: indent)) + MarkdownPalette.reset + wrapper.feed(" ")
        case .ordered(let indent, let marker):
            out += wrapper.feed(String(repeating: " ", count: indent))
            out += MarkdownPalette.accent + wrapper.feed(marker) + MarkdownPalette.reset + wrapper.feed(" ")
        case .quote(let depth):
            out += MarkdownPalette.dim + wrapper.feed(String(repeating: "│ ", count: depth)) + MarkdownPalette.reset
        }
        wrapper.hangingIndent = wrapper.column
        out += lineStyle
    }

    /// A line that ended while held: a fence, a table's row, a rule, a blank line.
    private mutating func endHeldLine() {
        switch block {
        case .fence:
            // The closing fence: the block ends, and the line is not shown.
            block = .flow
            return
        case .tableHeader(let header):
            let table = MarkdownTable(header: header, delimiter: String(decoding: line, as: UTF8.self))
            block = .table(table)
            showPlaceholder(for: table)
            return
        case .table(var table):
            block = .flow
            table.add(String(decoding: line, as: UTF8.self))
            block = .table(table)
            showPlaceholder(for: table)
            return
        case .flow:
            break
        }
        switch MarkdownLineStart.decide(line, final: true) {
        case .blank:
            out += "\n"
        case .rule:
            let width = min(wrapper.width ?? 40, 80)
            out += MarkdownPalette.dim + String(repeating: "─", count: max(3, width)) + MarkdownPalette.reset + "\n"
        case .fence(let mark, let length, let indent):
            codeBlockCount += 1
            let info = String(decoding: line.drop { $0 == 0x20 || $0 == mark }, as: UTF8.self)
                .trimmingCharacters(in: .whitespaces)
            let language = CodeLanguage(fenceInfo: info)
            out += MarkdownPalette.dim + "[\(codeBlockCount)]" + (info.isEmpty ? "" : " " + info) + MarkdownPalette.reset + "\n"
            block = .fence(mark: mark, length: length, indent: indent, highlighter: language.map(CodeHighlighter.init))
        case .tableRow:
            block = .tableHeader(String(decoding: line, as: UTF8.self))
        default:
            // Looked like a fence at first (```` ```a`b ````): prose after all.
            writeWholeProseLine(line)
        }
    }

    /// Writes a whole line that was held as prose, with its own line's end.
    private mutating func writeWholeProseLine(_ text: [UInt8]) {
        let saved = line
        line = text
        decideInFlow(final: true)
        if lineKind == .prose {
            endInline(mayRedraw: false)
            out += "\n"
        } else {
            out += String(decoding: text, as: UTF8.self) + "\n"
        }
        wrapper.startLine()
        line = saved
        lineKind = .undecided
    }

    private mutating func writeTable(_ table: MarkdownTable) {
        // The placeholder goes: it is on the open line, which is still on screen.
        out += "\r\u{1B}[K" + table.render(width: wrapper.width) { Self.renderInline($0) }
        wrapper.startLine()
    }

    /// While a table's rows are held, a short dim note on the open line says it is coming; short, so
    /// it never wraps and one erase of the line removes it.
    private mutating func showPlaceholder(for table: MarkdownTable) {
        out += "\r\u{1B}[K" + MarkdownPalette.dim + "⋯ \(table.bodyRowCount)" + MarkdownPalette.reset
    }

    // MARK: - Code

    private mutating func feedCode(_ text: Substring) {
        guard case .fence(let mark, let length, let indent, var highlighter?) = block else {
            out += text
            return
        }
        // Out of `block` while it changes, so it is changed in place.
        block = .fence(mark: mark, length: length, indent: indent, highlighter: nil)
        writeCode(highlighter.append(text))
        block = .fence(mark: mark, length: length, indent: indent, highlighter: highlighter)
    }

    /// Writes code, changing colour only where the kind of text changes.
    private mutating func writeCode(_ runs: [HighlightedRun]) {
        for run in runs {
            let colour = MarkdownPalette.code(run.kind)
            if colour != codeColour {
                out += colour ?? MarkdownPalette.reset
                codeColour = colour
            }
            out += run.text
        }
    }
}
