import TachikomaCore
import TerminalText
import Testing

@testable import ChatEngine
@testable import ChatREPL

/// Plays what the wrapper writes onto a model of a terminal line by line: printable characters,
/// newlines, cursor-back (`ESC[nD`) and clear-to-end (`ESC[K`), with the terminal's pending wrap.
struct ScreenModel {
    let width: Int
    var lines: [[Character]] = [[]]
    var cursor = 0
    /// Set when text reached past the last column and the terminal wrapped it by itself, mid-word.
    var autoWrapped = false
    /// Set when a character was written into the last column, where terminals disagree on the cursor.
    var usedLastColumn = false

    init(width: Int) { self.width = width }

    mutating func play(_ output: String) {
        var characters = Substring(output)
        while let character = characters.first {
            characters = characters.dropFirst()
            if character == "\u{1B}" {
                guard characters.first == "[" else { continue }
                characters = characters.dropFirst()
                let digits = characters.prefix { $0.isNumber }
                characters = characters.dropFirst(digits.count)
                let final = characters.first
                characters = characters.dropFirst()
                let count = Int(String(digits)) ?? 1
                if final == "D" { cursor = max(0, min(cursor, width - 1) - count) }
                if final == "K" {
                    // From the cursor, which sits on the last cell while a wrap is pending.
                    lines[lines.count - 1] = Array(lines[lines.count - 1].prefix(min(cursor, width - 1)))
                    cursor = min(cursor, width - 1)
                }
            } else if character == "\n" {
                lines.append([])
                cursor = 0
            } else {
                let cells = DisplayWidth.of(character)
                if cursor + cells > width {
                    autoWrapped = true
                    lines.append([])
                    cursor = 0
                }
                var line = lines[lines.count - 1]
                if cursor < line.count { line.removeSubrange(cursor...) }
                line.append(character)
                lines[lines.count - 1] = line
                cursor += cells
                if cursor == width { usedLastColumn = true }
            }
        }
    }

    /// The lines as a person reads them: trailing blanks are invisible.
    var text: [String] {
        lines.map { line in
            var line = String(line)
            while line.last == " " || line.last == "\t" { line.removeLast() }
            return line
        }
    }
}

@Suite struct WordWrapperTests {
    /// Feeds the text in the given pieces and returns what the screen shows.
    func screen(_ pieces: [String], width: Int) -> ScreenModel {
        var wrapper = StreamingWordWrapper(width: width)
        var screen = ScreenModel(width: width)
        for piece in pieces { screen.play(wrapper.feed(piece)) }
        screen.play(wrapper.flush())
        return screen
    }

    /// Splits text into pieces at pseudo-random character offsets, reproducibly.
    func split(_ text: String, seed: UInt64) -> [String] {
        var state = seed
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int((state >> 33) % 7) + 1
            pieces.append(String(rest.prefix(length)))
            rest = rest.dropFirst(length)
        }
        return pieces
    }

    let prose = """
        The quick brown fox jumps over the lazy dog. Streaming answers arrive in pieces that split \
        words anywhere, and the wrapper must never break a word across lines.
        A second paragraph follows a newline.
        """

    @Test func wrapsAtTheWidthWithoutBreakingWords() {
        let shown = screen([prose], width: 20)
        #expect(!shown.autoWrapped)
        #expect(!shown.usedLastColumn)
        for line in shown.text { #expect(DisplayWidth.of(line) <= 19, "line reaches the last column: \(line)") }
        #expect(shown.text.joined(separator: " ").split(whereSeparator: \.isWhitespace) == prose.split(whereSeparator: \.isWhitespace))
        #expect(Array(shown.text.prefix(2)) == ["The quick brown fox", "jumps over the lazy"])
    }

    @Test(arguments: [1, 2, 3, 42, 99, 12345] as [UInt64])
    func splittingTheStreamAnywhereGivesTheSameScreen(seed: UInt64) {
        let whole = screen([prose], width: 24)
        let pieces = split(prose, seed: seed)
        #expect(pieces.count > 10)
        let streamed = screen(pieces, width: 24)
        #expect(streamed.text == whole.text)
        #expect(!streamed.autoWrapped && !streamed.usedLastColumn)
    }

    @Test func showsEveryCharacterAtOnce() {
        var wrapper = StreamingWordWrapper(width: 80)
        #expect(wrapper.feed("Hello wo") == "Hello wo")
        #expect(wrapper.feed("rld and") == "rld and")
        #expect(wrapper.feed(" more\n") == " more\n")
        #expect(wrapper.column == 0)
    }

    @Test func movesAWordThatReachesTheEdgeToTheNextLine() {
        var wrapper = StreamingWordWrapper(width: 11)
        var shown = ScreenModel(width: 11)
        shown.play(wrapper.feed("one two th"))
        #expect(shown.text == ["one two th"])
        shown.play(wrapper.feed("ree"))
        #expect(shown.text == ["one two", "three"])
        #expect(!shown.autoWrapped)
    }

    @Test func keepsNewlinesAndIndentation() {
        let text = "def f():\n    return 1\n\nend"
        #expect(screen([text], width: 40).text == ["def f():", "    return 1", "", "end"])
    }

    @Test func breaksWordsWiderThanTheLine() {
        let url = "https://example.com/" + String(repeating: "a", count: 30)
        let shown = screen(["see " + url + " now"], width: 20)
        #expect(!shown.autoWrapped)
        #expect(shown.text.allSatisfy { DisplayWidth.of($0) <= 20 })
        #expect(shown.text.first == "see")
        #expect(shown.text.dropFirst().joined() == url + " now")
        #expect(shown.text.last?.hasSuffix(" now") == true)
    }

    @Test func wrapsCJKBetweenCharactersAtTwoColumnsEach() {
        let text = "日本語のテキストは空白なしで続きます"
        let shown = screen(split(text, seed: 7), width: 10)
        #expect(!shown.autoWrapped)
        #expect(shown.text.allSatisfy { DisplayWidth.of($0) <= 10 })
        #expect(shown.text.first == "日本語の")
        #expect(shown.text.joined() == text)
    }

    @Test func mixesCJKAndLatinWords() {
        let shown = screen(["Swift は 速い language です"], width: 12)
        #expect(!shown.autoWrapped)
        #expect(shown.text.allSatisfy { DisplayWidth.of($0) <= 12 })
        #expect(shown.text.joined().filter { !$0.isWhitespace } == "Swiftは速いlanguageです")
        #expect(shown.text.first == "Swift は 速")
    }

    @Test func dropsSpacesAtAWrapButNotAtARealLineStart() {
        #expect(screen(["aaaa bbbb"], width: 6).text == ["aaaa", "bbbb"])
        #expect(screen(["aaaa     bbbb"], width: 7).text == ["aaaa", "bbbb"])
        #expect(screen(["  indented"], width: 20).text == ["  indented"])
    }

    @Test func aWordFillingTheLastUsableColumnMovesWhole() {
        // "abcd ef" fills the 7 usable columns of an 8-column terminal; the next letter moves "ef" down.
        var shown = ScreenModel(width: 8)
        var wrapper = StreamingWordWrapper(width: 8)
        shown.play(wrapper.feed("abcd ef"))
        shown.play(wrapper.feed("g"))
        #expect(shown.text == ["abcd", "efg"])
    }

    @Test func passesThroughWhenOff() {
        let text = String(repeating: "word ", count: 50)
        var wrapper = StreamingWordWrapper(width: nil)
        #expect(wrapper.feed(text) == text)
        _ = wrapper.feed("abc\nde")
        #expect(wrapper.column == 2)
    }

    @Test func measuresWideAndZeroWidthCharacters() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("👍") == 2)
    }
}

@Suite struct ResizeTests {
    @Test func aWindowResizedMidAnswerWrapsAtItsNewWidth() async throws {
        let backend = MockBackend()
        let output = CapturingOutput(width: 60)
        let input = ScriptedInput(["tell me"])
        var settings = ChatSettings(model: "m")
        settings.color = false
        let repl = ChatREPL(backend: backend, settings: settings, input: input, output: output, handlesSignals: false, startupTimeout: inProcessStartupTimeout)
        let words = (1...30).map { " word\($0)" }
        backend.enqueue(
            [.event(.contentDelta("Before")), .run { output.resize(to: 20) }]
                + words.map { .event(.contentDelta($0)) }
                + [.event(.done(CompletionResponse(model: "m", content: "", finishReason: .stop)))])
        _ = await repl.run()
        let text = output.text
        let start = try #require(text.range(of: "Before"))
        var screen = ScreenModel(width: 20)
        screen.play(String(text[start.lowerBound...]))
        let lines = screen.lines.map { String($0) }.filter { !$0.isEmpty }
        #expect(lines.count > 5, "the answer was not wrapped at the new width: \(lines)")
        #expect(!screen.autoWrapped, "the terminal had to wrap a line itself: \(lines)")
        #expect(!screen.usedLastColumn)
        #expect(lines.joined(separator: " ").split(separator: " ").count == 31, "words were lost or split: \(lines)")
    }
}
