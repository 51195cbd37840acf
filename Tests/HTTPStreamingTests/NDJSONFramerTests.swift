import NIOCore
import TachikomaCore
import Testing

@testable import HTTPStreaming

@Suite("NDJSON framing")
struct NDJSONFramerTests {
    /// Feeds `chunks` and returns the lines handed over, as text.
    private func frame(_ chunks: [[UInt8]], finish: Bool = true) throws -> [String] {
        var framer = NDJSONFramer()
        var lines: [String] = []
        for chunk in chunks {
            try chunk.withUnsafeBytes { bytes in
                try framer.feed(bytes) { line in lines.append(String(decoding: line, as: UTF8.self)) }
            }
        }
        if finish {
            try framer.finish { line in lines.append(String(decoding: line, as: UTF8.self)) }
        }
        return lines
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func wholeLinesInOneChunk() throws {
        #expect(try frame([bytes("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n")]) == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
    }

    @Test func lineSplitAcrossChunks() throws {
        #expect(try frame([bytes("{\"a\""), bytes(":1}\n{\"b"), bytes("\":2}\n")]) == ["{\"a\":1}", "{\"b\":2}"])
    }

    @Test func lineSplitAcrossManyChunks() throws {
        #expect(try frame([bytes("{\"a"), bytes("bc"), bytes("de"), bytes("\":1}"), bytes("\n")]) == ["{\"abcde\":1}"])
    }

    @Test func newlineAloneInAChunk() throws {
        #expect(try frame([bytes("{\"a\":1}"), bytes("\n"), bytes("{\"b\":2}"), bytes("\n")]) == ["{\"a\":1}", "{\"b\":2}"])
    }

    @Test func everyByteAlone() throws {
        let text = "{\"message\":{\"content\":\"héllo 👋\"}}\n{\"done\":true}\n\n{\"x\":\"日本\"}\n"
        let chunks = bytes(text).map { [$0] }
        #expect(try frame(chunks) == ["{\"message\":{\"content\":\"héllo 👋\"}}", "{\"done\":true}", "{\"x\":\"日本\"}"])
    }

    @Test func multiByteCharacterSplitBetweenChunks() throws {
        let emoji = bytes("👋")  // four bytes
        #expect(emoji.count == 4)
        let first = bytes("{\"c\":\"") + emoji[0..<2]
        let second = Array(emoji[2...]) + bytes("\"}\n")
        #expect(try frame([first, second]) == ["{\"c\":\"👋\"}"])
    }

    @Test func emptyAndBlankLinesAreSkipped() throws {
        #expect(try frame([bytes("\n\n{\"a\":1}\n\r\n  \n\n{\"b\":2}\n")]) == ["{\"a\":1}", "{\"b\":2}"])
    }

    @Test func carriageReturnBeforeNewlineIsDropped() throws {
        #expect(try frame([bytes("{\"a\":1}\r\n{\"b\":2}\r"), bytes("\n")]) == ["{\"a\":1}", "{\"b\":2}"])
    }

    @Test func lastLineWithoutNewlineComesOnFinish() throws {
        #expect(try frame([bytes("{\"a\":1}\n{\"b\""), bytes(":2}")], finish: false) == ["{\"a\":1}"])
        #expect(try frame([bytes("{\"a\":1}\n{\"b\""), bytes(":2}")]) == ["{\"a\":1}", "{\"b\":2}"])
    }

    @Test func nothingPendingAfterACompleteLine() throws {
        var framer = NDJSONFramer()
        try bytes("{\"a\":1}\n{\"b").withUnsafeBytes { try framer.feed($0) { _ in } }
        #expect(framer.pendingByteCount == 3)
        try bytes("\":2}\n").withUnsafeBytes { try framer.feed($0) { _ in } }
        #expect(framer.pendingByteCount == 0)
    }

    @Test func byteBufferFeed() throws {
        var framer = NDJSONFramer()
        var lines: [String] = []
        var buffer = ByteBufferAllocator().buffer(capacity: 32)
        buffer.writeString("skip-me")
        buffer.moveReaderIndex(forwardBy: 7)
        buffer.writeString("{\"a\":1}\n{\"b\":")
        try framer.feed(buffer) { lines.append(String(decoding: $0, as: UTF8.self)) }
        try framer.feed(ByteBuffer(string: "2}\n")) { lines.append(String(decoding: $0, as: UTF8.self)) }
        #expect(lines == ["{\"a\":1}", "{\"b\":2}"])
    }

    @Test func overlongLineIsAParsingError() throws {
        var framer = NDJSONFramer(maxLineLength: 16)
        let error = #expect(throws: BackendError.self) {
            try Array(repeating: UInt8(ascii: "x"), count: 40).withUnsafeBytes { try framer.feed($0) { _ in } }
        }
        guard case .parsing? = error else {
            Issue.record("expected a parsing error, got \(String(describing: error))")
            return
        }
    }

    @Test func randomSplitsGiveTheSameLines() throws {
        let lines = (0..<200).map { "{\"message\":{\"content\":\"tök\\u00e9n \($0) ✓\"},\"done\":false}" }
        let stream = bytes(lines.joined(separator: "\n") + "\n")
        var generator = SplitMix(seed: 42)
        for _ in 0..<20 {
            var chunks: [[UInt8]] = []
            var index = 0
            while index < stream.count {
                let size = Int(generator.next() % 97) + 1
                chunks.append(Array(stream[index..<min(stream.count, index + size)]))
                index += size
            }
            #expect(try frame(chunks) == lines)
        }
    }
}

/// A small deterministic generator so split points are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
