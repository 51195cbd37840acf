import PropertyBased
import TachikomaCore
import Testing

/// Measuring and wrapping text in cells, for the side-by-side layout.
@Suite struct TextColumnsTests {
    @Test func widthsCountWideCharactersTwiceAndMarksNotAtAll() {
        #expect(TextColumns.width(of: "abc") == 3)
        #expect(TextColumns.width(of: "日本") == 4)
        #expect(TextColumns.width(of: "🙂") == 2)
        #expect(TextColumns.width(of: "e\u{301}") == 1)
        #expect(TextColumns.padded("日本", to: 6) == "日本  ")
        #expect(TextColumns.padded("toolong", to: 3) == "toolong")
    }

    @Test func wrapsAtSpacesAndKeepsLineBreaksAndIndentation() {
        #expect(TextColumns.wrap("the sky is blue because", width: 10) == ["the sky is", "blue", "because"])
        #expect(TextColumns.wrap("one\n\ntwo", width: 10) == ["one", "", "two"])
        #expect(TextColumns.wrap("    let x = 1", width: 20) == ["    let x = 1"])
        #expect(TextColumns.wrap("a\tb", width: 20) == ["a   b"])
        #expect(TextColumns.wrap("", width: 5) == [""])
    }

    @Test func breaksAWordOnlyWhenItIsWiderThanALine() {
        #expect(TextColumns.wrap("ab abcdefghij", width: 4) == ["ab", "abcd", "efgh", "ij"])
        #expect(TextColumns.wrap("日本語のテキスト", width: 5) == ["日本", "語の", "テキ", "スト"])
    }

    /// Whatever the text and width, no line is wider than the width and no visible character is lost
    /// (only spaces are dropped, at wraps and line ends).
    @Test func everyLineFitsAndNothingVisibleIsLost() async {
        let alphabet: [Character] = ["a", "b", " ", " ", "\n", "日", "🙂", "\t", "e\u{301}"]
        await propertyCheck(
            input: Gen<Character?>.element(of: alphabet).map { $0 ?? "a" }.array(of: 0...60), Gen.int(in: 2...30)
        ) { characters, width in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            let text = String(characters)
            let lines = TextColumns.wrap(text, width: width)
            #expect(lines.allSatisfy { TextColumns.width(of: $0) <= width })
            let visible = { (string: String) in string.filter { $0 != " " && $0 != "\n" && $0 != "\t" } }
            #expect(visible(lines.joined()) == visible(text))
        }
    }
}
