import Testing

@testable import LineEditor

@Suite("Triple-quoted blocks")
struct MultilineAssemblerTests {
    /// Feeds lines until a message completes; returns it and how many lines were used.
    private func assemble(_ lines: [String]) -> (message: String?, used: Int) {
        var assembler = MultilineAssembler()
        for (index, line) in lines.enumerated() {
            switch assembler.accept(line) {
            case .complete(let message), .message(let message): return (message, index + 1)
            case .needsMore: continue
            }
        }
        return (nil, lines.count)
    }

    @Test("an ordinary line is a message at once")
    func plainLine() {
        #expect(assemble(["hello"]) == ("hello", 1))
        #expect(assemble([""]) == ("", 1))
        #expect(assemble(["say \"\"\" later"]) == ("say \"\"\" later", 1))
    }

    @Test("quotes on their own lines wrap the text between them")
    func ownLines() {
        #expect(assemble(["\"\"\"", "first", "", "  third", "\"\"\"", "after"]) == ("first\n\n  third", 5))
    }

    @Test("text after the opening and before the closing quotes is kept")
    func inlineQuotes() {
        #expect(assemble(["\"\"\"start", "middle", "end\"\"\""]) == ("start\nmiddle\nend", 3))
        #expect(assemble(["\"\"\"one line\"\"\""]) == ("one line", 1))
        #expect(assemble(["\"\"\"\"\"\""]) == ("", 1))
        #expect(assemble(["\"\"\"", "\"\"\""]) == ("", 2))
    }

    @Test("an unclosed block waits for more")
    func unclosed() {
        var assembler = MultilineAssembler()
        #expect(assembler.accept("\"\"\"") == .needsMore)
        #expect(assembler.isCollecting)
        #expect(assembler.accept("a") == .needsMore)
        #expect(assembler.accept("b") == .needsMore)
        #expect(assembler.finishAtEndOfInput() == .message("a\nb"))
        #expect(!assembler.isCollecting)
        #expect(assembler.finishAtEndOfInput() == nil)
    }

    @Test("a pasted line never opens a block, but can close one")
    func literalLines() {
        var assembler = MultilineAssembler()
        #expect(assembler.accept("\"\"\"docstring\ncode", literal: true) == .message("\"\"\"docstring\ncode"))
        #expect(assembler.accept("\"\"\"") == .needsMore)
        #expect(assembler.accept("pasted\nlines", literal: true) == .needsMore)
        #expect(assembler.accept("\"\"\"") == .message("pasted\nlines"))
    }

    @Test("blocks and pasted lines are messages, never commands; typed lines may be commands")
    func blocksAreMessages() {
        var assembler = MultilineAssembler()
        #expect(assembler.accept("/clear") == .complete("/clear"))
        #expect(assembler.accept("/clear\nand the rest", literal: true) == .message("/clear\nand the rest"))
        #expect(assembler.accept("\"\"\"/clear") == .needsMore)
        #expect(assembler.accept("more\"\"\"") == .message("/clear\nmore"))
        #expect(assembler.accept("\"\"\"/bye\"\"\"") == .message("/bye"))
    }

    @Test("a command with an unclosed block gets the block as its argument")
    func commandBlocks() {
        var assembler = MultilineAssembler()
        #expect(assembler.accept("/set system \"\"\"") == .needsMore)
        #expect(assembler.accept("You are terse.") == .needsMore)
        #expect(assembler.accept("Answer in French.") == .needsMore)
        #expect(assembler.accept("\"\"\"") == .complete("/set system \"\"\"\nYou are terse.\nAnswer in French.\n\"\"\""))
        // Closed on its own line, or quoted on one line: no block.
        #expect(assembler.accept("/system \"\"\"short\"\"\"") == .complete("/system \"\"\"short\"\"\""))
        #expect(assembler.accept("/system \"\"\"first") == .needsMore)
        #expect(assembler.finishAtEndOfInput() == .complete("/system \"\"\"first"))
        // A block that is not begun by a command stays a message.
        #expect(assembler.accept("\"\"\"/set system x") == .needsMore)
        #expect(assembler.accept("\"\"\"") == .message("/set system x"))
    }

    @Test("reset drops an open block")
    func resetDrops() {
        var assembler = MultilineAssembler()
        _ = assembler.accept("\"\"\"x")
        assembler.reset()
        #expect(assembler.accept("y") == .complete("y"))
    }
}

@Suite("Reading from a pipe")
struct PlainLineReaderTests {
    /// A reader over `text` delivered in chunks of `size` bytes, splitting UTF-8 and CRLF.
    private func reader(_ text: String, chunkSize size: Int) -> PlainLineReader {
        var bytes = Array(text.utf8)[...]
        return PlainLineReader {
            guard !bytes.isEmpty else { return nil }
            let chunk = Array(bytes.prefix(size))
            bytes = bytes.dropFirst(size)
            return chunk
        }
    }

    private func readAll(_ text: String, chunkSize: Int) -> [LineInput] {
        var reader = reader(text, chunkSize: chunkSize)
        var inputs: [LineInput] = []
        while true {
            let input = reader.readInput()
            inputs.append(input)
            if input == .endOfFile || inputs.count > 50 { return inputs }
        }
    }

    @Test("lines, blocks and a last line without a newline, in any chunking", arguments: [1, 2, 3, 7, 4096])
    func messages(chunkSize: Int) {
        let text = "hello\r\ncafé 日本 🙂\n\"\"\"\nblock line\n\"\"\"\n\nlast"
        #expect(readAll(text, chunkSize: chunkSize) == [
            .text("hello"), .text("café 日本 🙂"), .message("block line"), .text(""), .text("last"), .endOfFile,
        ])
    }

    @Test("input ending inside a block yields what the block held")
    func endInsideBlock() {
        #expect(readAll("\"\"\"start\nmore\n", chunkSize: 5) == [.message("start\nmore"), .endOfFile])
    }

    @Test("empty input is the end at once, and stays the end")
    func emptyInput() {
        var reader = reader("", chunkSize: 4)
        #expect(reader.readInput() == .endOfFile)
        #expect(reader.readInput() == .endOfFile)
    }
}
