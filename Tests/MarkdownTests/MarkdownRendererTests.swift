import Testing

@testable import TerminalText

/// What the renderer shows for each kind of block and inline mark, fed whole and in pieces.
@Suite struct MarkdownRendererTests {
    /// Feeds `text` in pieces of `piece` characters (whole when nil), then finishes.
    static func render(_ text: String, piece: Int? = nil, columns: Int = 80, rows: Int = 40) -> (raw: String, screen: TerminalScreen) {
        var renderer = MarkdownRenderer(columns: columns, rows: { rows })
        var raw = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            let length = piece ?? rest.count
            raw += renderer.feed(String(rest.prefix(length)), columns: columns)
            rest = rest.dropFirst(length)
        }
        raw += renderer.finish()
        var screen = TerminalScreen(width: columns)
        screen.play(raw)
        return (raw, screen)
    }

    /// The screen's lines, the last (empty, after the final newline) dropped.
    static func lines(_ text: String, piece: Int? = nil, columns: Int = 80, rows: Int = 40) -> [String] {
        var lines = render(text, piece: piece, columns: columns, rows: rows).screen.lines
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The output without its colours.
    static func plain(_ raw: String) -> String {
        raw.replacing(/\u{1B}\[[0-9;]*m/, with: "")
    }

    @Test(arguments: [nil, 1, 3]) func headingsEmphasisAndInlineCode(piece: Int?) {
        let text = "# Title\n## Sub `x`\nSome **bold**, *it*, _u_ and `let x = 1` here.\n"
        #expect(Self.lines(text, piece: piece) == ["Title", "Sub x", "Some bold, it, u and let x = 1 here."])
        let raw = Self.render(text, piece: piece).raw
        #expect(raw.contains(MarkdownPalette.firstHeading + "Title"))
        #expect(raw.contains(MarkdownPalette.bold + "bold"))
        #expect(raw.contains(MarkdownPalette.italic + "it"))
        #expect(raw.contains(MarkdownPalette.inlineCode + "let x = 1"))
    }

    @Test func markersThatAreNotEmphasisStay() {
        let text = "a snake_case_name, 2 * 3 * 4, a*b and **\n"
        #expect(Self.lines(text) == ["a snake_case_name, 2 * 3 * 4, a*b and **"])
    }

    @Test(arguments: [nil, 1]) func listsQuotesLinksAndRules(piece: Int?) {
        let text = "- one\n  - two\n* three\n1. first\n12) twelfth\n> quoted **b**\nsee [the docs](https://x.y/z) now\n---\n"
        let lines = Self.lines(text, piece: piece, columns: 40)
        #expect(lines == [
            "• one", "  ◦ two", "• three", "1. first", "12) twelfth", "│ quoted b", "see the docs (https://x.y/z) now",
            String(repeating: "─", count: 39),
        ])
    }

    @Test(arguments: [nil, 1, 2, 5]) func codeIsWrittenExactlyAndColoured(piece: Int?) {
        let code = "let s = \"a  b\"\t// c\u{A0}?"
        let long = "print(\"" + String(repeating: "x", count: 100) + "\")"
        let text = "Before:\n\n```swift\n\(code)\n\(long)\n```\nafter\n"
        let rendered = Self.render(text, piece: piece, columns: 40)
        let plain = Self.plain(rendered.raw)
        #expect(plain.contains("[1] swift\n" + code + "\n" + long + "\nafter\n"))
        #expect(!plain.contains("```"))
        #expect(rendered.raw.contains(MarkdownPalette.code(.keyword)! + "let" + MarkdownPalette.reset + " s = "))
        #expect(rendered.raw.contains(MarkdownPalette.code(.comment)! + "// c"))
    }

    @Test func fencesInListsLoseTheirIndentOnlyAndUnknownLanguagesArePlain() {
        let text = "1. Run:\n   ```brainfuck\n   +[-->+<]\n     indented more\n   ```\n"
        let rendered = Self.render(text)
        #expect(Self.plain(rendered.raw).contains("[1] brainfuck\n+[-->+<]\n  indented more\n"))
        #expect(!rendered.raw.contains("+[-->+<]" + MarkdownPalette.reset))
    }

    @Test(arguments: [nil, 1, 4]) func tablesAreAlignedOnceComplete(piece: Int?) {
        let text = "| a | bb |\n|---|---:|\n| ccc | d |\n| **e** | `f` |\n\nafter\n"
        #expect(Self.lines(text, piece: piece) == ["a   │ bb", "────┼───", "ccc │  d", "e   │  f", "", "after"])
    }

    @Test func aTableWiderThanTheTerminalIsWrittenAsItCame() {
        let text = "| column one | column two |\n|---|---|\n| a long cell here | another long cell |\n"
        let lines = Self.lines(text, columns: 30)
        #expect(Self.plain(lines.joined(separator: "\n")).contains("| column one | column two |"))
        #expect(Self.plain(Self.render(text, columns: 30).raw).contains("| a long cell here | another long cell |\n"))
    }

    @Test func aPipeLineThatHeadsNoTableIsProse() {
        #expect(Self.lines("| not a table\nnext **b**\n") == ["| not a table", "next b"])
        #expect(Self.lines("| held to the end") == ["| held to the end"])
    }

    @Test func anUnclosedMarkerIsRedrawnAsTextWhileTheLineIsOnScreen() {
        let rendered = Self.render("first **done**\n2**10 is `big\n", piece: 1)
        #expect(rendered.screen.lines.prefix(2) == ["first done", "2**10 is `big"])
        #expect(rendered.raw.contains("\r\u{1B}[J"))
        // A line wrapped over three rows goes back up two, and only those.
        let long = "**never closed " + String(repeating: "word ", count: 12) + "\n"
        let wrapped = Self.render("above\n" + long, piece: 2, columns: 30)
        #expect(wrapped.screen.cursorUps == 1)
        #expect(wrapped.raw.contains("\u{1B}[2A"))
        #expect(wrapped.screen.lines.first == "above")
        #expect(wrapped.screen.lines.dropFirst().joined(separator: " ").contains("**never closed word word"))
    }

    @Test func aLineTallerThanTheTerminalIsNotRedrawn() {
        let long = "**never closed " + String(repeating: "word ", count: 40) + "\n"
        let rendered = Self.render(long, columns: 30, rows: 5)
        #expect(rendered.screen.cursorUps == 0)
        #expect(!rendered.raw.contains("\r"))
    }

    @Test func wordsShowBeforeTheirLineEnds() {
        var renderer = MarkdownRenderer(columns: 80, rows: { 40 })
        #expect(Self.plain(renderer.feed("Hello **wor", columns: 80)) == "Hello wor")
        #expect(Self.plain(renderer.feed("ld** and `co", columns: 80)) == "ld and co")
    }

    @Test func thinkingStaysPlainDimText() {
        let output = CapturedOutput()
        var renderer = ResponseRenderer(
            output: output, style: TerminalStyle(enabled: true), answer: .init(sanitizes: true, wraps: true, markdown: true))
        renderer.thinking("**not bold** `x`")
        renderer.content("**bold**")
        renderer.finish()
        let text = output.text
        #expect(text.contains("**not bold** `x`"))
        #expect(text.contains(MarkdownPalette.bold + "bold"))
    }

    @Test func fencedBlocksAreFoundAsTheRendererNumbersThem() {
        let text = "a\n```python\nprint(1)\n\n  x\n```\n~~~\n~~~\n  ```sh\n  ls -l\n  ```\n```\nopen to the end\n"
        let blocks = FencedCodeBlock.all(in: text)
        #expect(blocks == [
            FencedCodeBlock(info: "python", content: "print(1)\n\n  x"), FencedCodeBlock(info: "", content: ""),
            FencedCodeBlock(info: "sh", content: "ls -l"), FencedCodeBlock(info: "", content: "open to the end"),
        ])
        #expect(Self.render(text).raw.contains("[4]"))
    }
}

/// An output that keeps what is written, as a terminal 80 columns wide and 40 rows high.
final class CapturedOutput: TextOutput, @unchecked Sendable {
    private(set) var text = ""
    func write(_ text: String) { self.text += text }
    func columns() -> Int? { 80 }
    func rows() -> Int? { 40 }
}

extension MarkdownRendererTests {
    @Test(arguments: [nil, 1, 3]) func wrappedListItemsLineUpUnderTheirText(piece: Int?) {
        let text = "- one two three four five six seven eight nine ten\n12. alpha beta gamma delta epsilon zeta\n"
        #expect(Self.lines(text, piece: piece, columns: 20) == [
            "• one two three", "  four five six", "  seven eight nine", "  ten",
            "12. alpha beta", "    gamma delta", "    epsilon zeta",
        ])
    }
}
