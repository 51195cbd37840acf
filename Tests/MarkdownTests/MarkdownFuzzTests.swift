import PropertyBased
import Testing

@testable import TerminalText

/// Generated answers, hostile and Markdown-heavy, through the chat's renderer (sanitizer, then
/// Markdown) in random pieces: nothing traps, nothing but the renderer's own sequences reaches the
/// screen, and what shows is the text less the markers it removed.
@Suite struct MarkdownFuzzTests {
    static let fragments: [String] = [
        "word", " ", "  ", "é", "漢字", "🙂", "\n", "\n\n", "\t", "\r\n", "\u{1B}", "\u{1B}[2J", "\u{1B}]52;c;eA==\u{07}", "\u{9B}",
        "\u{07}", "\u{0}", "*", "**", "***", "_", "__", "`", "```", "~~~", "#", "## ", "> ", "- ", "+ ", "* ", "1. ", "12) ",
        "|", " | ", "|---|", ":-:", "---", "[", "]", "(", ")", "[x](http://a.b)", "\\", "\\*", "swift", "python\n", "let",
        "\"", "'", "//", "/*", "*/", "#", "$HOME", "<a href=\"x\">", "&amp;", "    ",
    ]

    static let markers: Set<Character> = ["*", "_", "`", "~", "#", ">", "-", "+", "|", ":", "[", "]", "(", ")", "\\"]
    static let decorations: Set<Character> = ["•", "◦", "▪", "│", "─", "┼"]

    /// The renderer's own sequences: colours, the wrapper's move of a word, the redraw.
    static func unchosenSequences(_ output: String) -> [String] {
        let ours = /\u{1B}\[[0-9;]*m|\u{1B}\[[0-9]+D\u{1B}\[K|\r\u{1B}\[K|\u{1B}\[[0-9]+A|\u{1B}\[J/
        let rest = output.replacing(ours, with: "")
        return rest.unicodeScalars.filter { $0.value == 0x1B || ($0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r") || (0x7F...0x9F).contains($0.value) }
            .map { String($0.value, radix: 16) }
    }

    /// Whether `shown` is `source` less some of its markers, whitespace and the renderer's decorations
    /// (bullets, bars, rules) and the code blocks' labels aside.
    static func isSourceLessMarkers(shown: [String], source: String) -> Bool {
        let visible = shown.map { $0.replacing(/^\[[0-9]+\]( |$)/, with: "") }.joined()
            .filter { !$0.isWhitespace && !decorations.contains($0) }
        var pending = visible.makeIterator()
        var next = pending.next()
        for character in source where !character.isWhitespace {
            if character == next {
                next = pending.next()
            } else if !markers.contains(character) {
                return false
            }
        }
        return next == nil
    }

    @Test func anyAnswerRendersSafelyAndLosesOnlyMarkers() async {
        let answers = Gen<String?>.element(of: Self.fragments).map { $0 ?? "" }.array(of: 0...60).map { $0.joined() }
        await propertyCheck(count: 1000, input: answers, Gen.int(in: 1...9).array(of: 0...30), Gen.int(in: 12...60)) { text, cuts, width in
            await Task.yield()
            let scalars = Array(text.unicodeScalars)
            var pieces: [String] = []
            var start = 0
            for length in cuts where start < scalars.count {
                let end = min(start + length, scalars.count)
                pieces.append(String(String.UnicodeScalarView(scalars[start..<end])))
                start = end
            }
            pieces.append(String(String.UnicodeScalarView(scalars[start...])))

            let output = SizedOutput(columns: width, rows: 200)
            var renderer = ResponseRenderer(
                output: output, style: TerminalStyle(enabled: true), answer: .init(sanitizes: true, wraps: true, markdown: true))
            var sanitizer = TerminalSanitizer()
            var source = ""
            for piece in pieces {
                renderer.content(piece)
                source += sanitizer.feed(piece)
            }
            renderer.finish()
            sanitizer.finish()

            let unchosen = Self.unchosenSequences(output.text)
            #expect(unchosen.isEmpty, "\(text.debugDescription) wrote \(unchosen)")
            var screen = TerminalScreen(width: width)
            screen.play(output.text)
            #expect(screen.unexpected.isEmpty, "\(text.debugDescription): \(screen.unexpected)")
            #expect(
                Self.isSourceLessMarkers(shown: screen.lines, source: source),
                "\(text.debugDescription) in \(pieces.debugDescription) at \(width) showed \(screen.lines)")
        }
    }

    @Test func theCheckItselfCatchesLostText() {
        #expect(Self.isSourceLessMarkers(shown: ["a b"], source: "**a** b"))
        #expect(!Self.isSourceLessMarkers(shown: ["a"], source: "a b"))
        #expect(!Self.isSourceLessMarkers(shown: ["a bc"], source: "a b"))
    }
}

/// An output that keeps what is written, as a terminal of the given size.
final class SizedOutput: TextOutput, @unchecked Sendable {
    let width: Int
    let height: Int
    private(set) var text = ""
    init(columns: Int, rows: Int) {
        width = columns
        height = rows
    }
    func write(_ text: String) { self.text += text }
    func columns() -> Int? { width }
    func rows() -> Int? { height }
}
