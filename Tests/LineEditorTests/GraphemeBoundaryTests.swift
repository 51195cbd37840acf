import Testing

@testable import LineEditor

@Suite("Grapheme boundaries in libedit's code-point line")
struct GraphemeBoundaryTests {
    static func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    @Test("a combining accent is part of the letter before it")
    func combiningMark() {
        let line = Self.scalars("ae\u{301}b")  // a, e, U+0301, b: four code points, three characters
        #expect(GraphemeBoundaries.offsets(in: line) == [0, 1, 3, 4])
        #expect(GraphemeBoundaries.previous(in: line, from: 3) == 1)
        #expect(GraphemeBoundaries.next(in: line, from: 1) == 3)
        // From inside the cluster, both ways leave it.
        #expect(GraphemeBoundaries.previous(in: line, from: 2) == 1)
        #expect(GraphemeBoundaries.next(in: line, from: 2) == 3)
    }

    @Test("a ZWJ family is one character of five code points")
    func zwjSequence() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        let line = Self.scalars("x" + family + "y")
        #expect(GraphemeBoundaries.offsets(in: line) == [0, 1, 6, 7])
        #expect(GraphemeBoundaries.previous(in: line, from: 6) == 1)
        #expect(GraphemeBoundaries.next(in: line, from: 1) == 6)
    }

    @Test("flags, skin tones and CRLF-free ASCII")
    func otherClusters() {
        let line = Self.scalars("\u{1F1EF}\u{1F1F5}\u{1F44B}\u{1F3FD}ok")  // 🇯🇵 👋🏽 o k
        #expect(GraphemeBoundaries.offsets(in: line) == [0, 2, 4, 5, 6])
    }

    @Test("nothing to move over at either end")
    func ends() {
        let line = Self.scalars("e\u{301}")
        #expect(GraphemeBoundaries.previous(in: line, from: 0) == nil)
        #expect(GraphemeBoundaries.next(in: line, from: 2) == nil)
        #expect(GraphemeBoundaries.previous(in: [], from: 0) == nil)
        #expect(GraphemeBoundaries.next(in: [], from: 0) == nil)
    }
}
