import Testing

@testable import ChatREPL

@Suite struct WordWrapperTests {
    /// Feeds the text in the given pieces and returns everything written.
    func wrap(_ pieces: [String], width: Int?) -> String {
        var wrapper = StreamingWordWrapper(width: width)
        var out = ""
        for piece in pieces { out += wrapper.feed(piece) }
        return out + wrapper.flush()
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
        let out = wrap([prose], width: 20)
        for line in out.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(DisplayWidth.of(line) <= 20, "line too wide: \(line)")
        }
        let words = prose.split(whereSeparator: \.isWhitespace)
        #expect(out.split(whereSeparator: \.isWhitespace) == words)
        #expect(out.hasPrefix("The quick brown fox\njumps over the lazy\n"))
    }

    @Test(arguments: [1, 2, 3, 42, 99, 12345] as [UInt64])
    func splittingTheStreamAnywhereGivesTheSameResult(seed: UInt64) {
        let whole = wrap([prose], width: 24)
        let pieces = split(prose, seed: seed)
        #expect(pieces.count > 10)
        #expect(wrap(pieces, width: 24) == whole)
    }

    @Test func holdsBackOnlyThePartialWord() {
        var wrapper = StreamingWordWrapper(width: 80)
        #expect(wrapper.feed("Hello wo") == "Hello")
        #expect(wrapper.feed("rld and") == " world")
        #expect(wrapper.feed(" more\n") == " and more\n")
        #expect(wrapper.flush() == "")
    }

    @Test func keepsNewlinesAndIndentation() {
        let text = "def f():\n    return 1\n\nend"
        #expect(wrap([text], width: 40) == text)
    }

    @Test func breaksWordsWiderThanTheLine() {
        let url = "https://example.com/" + String(repeating: "a", count: 30)
        let out = wrap(["see " + url + " now"], width: 20)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 20 })
        #expect(lines.first == "see")
        #expect(lines.dropFirst().joined().replacingOccurrences(of: " now", with: "") == url)
        #expect(out.hasSuffix(" now"))
    }

    @Test func wrapsCJKBetweenCharactersAtTwoColumnsEach() {
        let text = "日本語のテキストは空白なしで続きます"
        let out = wrap(split(text, seed: 7), width: 10)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 10 })
        #expect(lines.first == "日本語のテ")
        #expect(lines.joined() == text)
    }

    @Test func mixesCJKAndLatinWords() {
        let out = wrap(["Swift は 速い language です"], width: 12)
        #expect(out.split(separator: "\n").allSatisfy { DisplayWidth.of($0) <= 12 })
        #expect(out.filter { !$0.isWhitespace } == "Swiftは速いlanguageです")
        #expect(out.hasPrefix("Swift は 速\nい language\n"))
    }

    @Test func dropsSpacesAtAWrapButNotAtARealLineStart() {
        #expect(wrap(["aaaa bbbb"], width: 5) == "aaaa\nbbbb")
        #expect(wrap(["aaaa     bbbb"], width: 6) == "aaaa\nbbbb")
        #expect(wrap(["  indented"], width: 20) == "  indented")
    }

    @Test func passesThroughWhenOff() {
        let text = String(repeating: "word ", count: 50)
        #expect(wrap([text], width: nil) == text)
        var wrapper = StreamingWordWrapper(width: nil)
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
