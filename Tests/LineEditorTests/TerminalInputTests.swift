import Testing

@testable import LineEditor

@Suite("Bracketed paste")
struct BracketedPasteCollectorTests {
    private func collect(_ bytes: [UInt8]) -> (text: String, consumed: Int)? {
        var collector = BracketedPasteCollector()
        for (index, byte) in bytes.enumerated() where collector.append(byte) {
            return (collector.text, index + 1)
        }
        return nil
    }

    @Test("everything up to the end marker is one text, CR and CRLF become LF")
    func collectsText() throws {
        let body = Array("line one\rline two\r\n\tindented é 日本 🙂\r".utf8)
        let result = try #require(collect(body + BracketedPasteCollector.endMarker + Array("after".utf8)))
        #expect(result.text == "line one\nline two\n\tindented é 日本 🙂\n")
        #expect(result.consumed == body.count + BracketedPasteCollector.endMarker.count)
    }

    @Test("a lone ESC or a partial marker inside the paste is kept")
    func partialMarkers() throws {
        let body = Array("a\u{1B}b\u{1B}[201x\u{1B}[20".utf8)
        let result = try #require(collect(body + BracketedPasteCollector.endMarker))
        #expect(result.text == "a\u{1B}b\u{1B}[201x\u{1B}[20")
    }

    @Test("without the end marker the paste is not complete")
    func incomplete() {
        #expect(collect(Array("no end \u{1B}[201".utf8)) == nil)
    }

    @Test("an empty paste is empty text")
    func emptyPaste() throws {
        #expect(try #require(collect(BracketedPasteCollector.endMarker)).text == "")
    }

    @Test("the markers are the xterm ones")
    func markers() {
        #expect(BracketedPasteCollector.startMarker == [0x1B, 0x5B, 0x32, 0x30, 0x30, 0x7E])
        #expect(BracketedPasteCollector.endMarker == [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E])
        #expect(BracketedPasteCollector.enableSequence == "\u{1B}[?2004h")
        #expect(BracketedPasteCollector.disableSequence == "\u{1B}[?2004l")
    }
}

@Suite("UTF-8 input decoding")
struct UTF8ScalarAssemblerTests {
    private func decode(_ bytes: [UInt8]) -> String {
        var assembler = UTF8ScalarAssembler()
        var view = String.UnicodeScalarView()
        for byte in bytes { view.append(contentsOf: assembler.push(byte)) }
        return String(view)
    }

    @Test("multi-byte characters arrive whole")
    func valid() {
        let text = "aé日本🙂👩‍👧"
        #expect(decode(Array(text.utf8)) == text)
        var assembler = UTF8ScalarAssembler()
        #expect(assembler.push(0xF0).isEmpty)
        #expect(assembler.push(0x9F).isEmpty)
        #expect(assembler.push(0x99).isEmpty)
        #expect(assembler.push(0x82) == ["🙂"])
    }

    @Test("malformed bytes become U+FFFD and decoding resumes")
    func malformed() {
        #expect(decode([0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
        #expect(decode([0xE6, 0x97, 0x41]) == "\u{FFFD}A")
        #expect(decode([0xC3, 0xE6, 0x97, 0xA5]) == "\u{FFFD}日")
        #expect(decode([0xC0, 0x80]) == "\u{FFFD}\u{FFFD}")
        #expect(decode([0xED, 0xA0, 0x80]).unicodeScalars.allSatisfy { $0 == "\u{FFFD}" })
    }
}

@Suite("Prompt and screen layout")
struct TerminalLayoutTests {
    @Test("escape sequences in a prompt are marked invisible")
    func marksEscapes() {
        let prompt = "\u{1B}[1;32m>>>\u{1B}[0m "
        let marked = TerminalLayout.markingEscapes(in: prompt)
        #expect(marked == "\u{1}\u{1B}[1;32m\u{1}>>>\u{1}\u{1B}[0m\u{1} ")
        #expect(TerminalLayout.visiblePart(of: marked) == ">>> ")
        #expect(TerminalLayout.markingEscapes(in: "plain › ") == "plain › ")
        let link = "\u{1B}]8;;http://x\u{7}ok"
        #expect(TerminalLayout.visiblePart(of: TerminalLayout.markingEscapes(in: link)) == "ok")
    }

    @Test("rows count wrapping, wide characters and newlines")
    func rows() {
        let width: (Unicode.Scalar) -> Int = { $0.value >= 0x1100 ? 2 : 1 }
        func layout(_ text: String, cursor: Int? = nil, columns: Int = 10) -> (Int, Int) {
            let scalars = Array(text.unicodeScalars)
            let result = TerminalLayout.rows(
                prompt: "> ", text: scalars, cursor: cursor ?? scalars.count, width: columns, characterWidth: width)
            return (result.cursorRow, result.lastRow)
        }
        #expect(layout("abc") == (0, 0))
        #expect(layout("abcdefgh") == (1, 1))  // exactly full: the cursor wraps
        #expect(layout("abcdefghi", cursor: 0) == (0, 1))
        #expect(layout("abcdefg日") == (1, 1))  // the wide character does not fit on row 0
        #expect(layout("ab\ncd\nef", cursor: 4) == (1, 2))
    }
}
