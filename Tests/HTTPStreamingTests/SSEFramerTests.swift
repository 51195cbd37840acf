import PropertyBased
import TachikomaCore
import Testing

@testable import HTTPStreaming

@Suite("SSE framing")
struct SSEFramerTests {
    struct Event: Equatable, CustomStringConvertible {
        var data: String
        var type: String?
        var description: String { "\(type ?? "message"): \(data.debugDescription)" }
    }

    /// Feeds `chunks` and returns the events handed over.
    static func frame(_ chunks: [[UInt8]], finish: Bool = true, framer: inout SSEFramer) throws -> [Event] {
        var events: [Event] = []
        for chunk in chunks {
            try chunk.withUnsafeBytes { bytes in
                try framer.feed(bytes) { events.append(Event(data: String(decoding: $0.data, as: UTF8.self), type: $0.type)) }
            }
        }
        if finish {
            try framer.finish { events.append(Event(data: String(decoding: $0.data, as: UTF8.self), type: $0.type)) }
        }
        return events
    }

    static func frame(_ texts: String..., finish: Bool = true) throws -> [Event] {
        var framer = SSEFramer()
        return try frame(texts.map { Array($0.utf8) }, finish: finish, framer: &framer)
    }

    @Test func dataLinesWithAndWithoutTheSpaceAfterTheColon() throws {
        #expect(try Self.frame("data: {\"a\":1}\n\ndata:{\"b\":2}\n\ndata:  two spaces\n\n") == [
            Event(data: "{\"a\":1}"), Event(data: "{\"b\":2}"), Event(data: " two spaces"),
        ])
    }

    @Test func theDataLinesOfOneEventAreJoinedWithNewlines() throws {
        #expect(try Self.frame("data: first\ndata: second\ndata:\ndata: fourth\n\n") == [
            Event(data: "first\nsecond\n\nfourth"),
        ])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyLineEndWorks(end: String) throws {
        let text = "data: one" + end + end + ": ping" + end + "data: two" + end + "data: 2b" + end + end
        #expect(try Self.frame(text) == [Event(data: "one"), Event(data: "two\n2b")])
    }

    @Test func aCRLFSplitBetweenTwoReadsIsOneLineEnd() throws {
        #expect(try Self.frame("data: a\r", "\n\r", "\ndata: b\r\n\r\n") == [Event(data: "a"), Event(data: "b")])
    }

    @Test func commentsAndUnknownFieldsAreSkipped() throws {
        #expect(try Self.frame(": keep-alive\n\n:\ndata: x\nfoo: bar\nnocolon\n\n: OPENROUTER PROCESSING\n\n") == [
            Event(data: "x"),
        ])
    }

    @Test func eventIDAndRetryFieldsAreKept() throws {
        var framer = SSEFramer()
        let events = try Self.frame(
            [Array("event: delta\nid: 7\nretry: 1500\ndata: {}\n\ndata: plain\n\nevent:\ndata: again\n\nretry: soon\nid: 8\n\n".utf8)],
            framer: &framer)
        #expect(events == [Event(data: "{}", type: "delta"), Event(data: "plain"), Event(data: "again")])
        #expect(framer.lastEventID == "8")
        #expect(framer.retryMilliseconds == 1500)
    }

    @Test func anEventWithoutDataIsNotDelivered() throws {
        #expect(try Self.frame("event: ping\n\nid: 3\n\n\n\ndata: real\n\n") == [Event(data: "real")])
    }

    @Test func anEventWithoutItsBlankLineBeforeTheBodyEndsIsStillDelivered() throws {
        #expect(try Self.frame("data: a\n\ndata: {\"last\":true}") == [Event(data: "a"), Event(data: "{\"last\":true}")])
        #expect(try Self.frame("data: a\n\ndata: b\n") == [Event(data: "a"), Event(data: "b")])
        #expect(try Self.frame("data: a\n\ndata: b\n", finish: false) == [Event(data: "a")])
    }

    @Test func aByteOrderMarkAtTheStartIsSkipped() throws {
        #expect(try Self.frame("\u{FEFF}data: a\n\n") == [Event(data: "a")])
    }

    @Test func theDoneMarkerIsRecognised() throws {
        var framer = SSEFramer()
        var done: [Bool] = []
        try Array("data: [DONE]\n\ndata: [DONE] \n\ndata: {}\n\n".utf8).withUnsafeBytes { bytes in
            try framer.feed(bytes) { done.append($0.isDoneMarker) }
        }
        #expect(done == [true, false, false])
    }

    @Test func multiByteCharactersSplitBetweenReadsAreWhole() throws {
        let bytes = Array("data: {\"content\":\"日本語 🚀\"}\n\n".utf8)
        for cut in 1..<bytes.count {
            var framer = SSEFramer()
            let events = try Self.frame([Array(bytes[..<cut]), Array(bytes[cut...])], framer: &framer)
            #expect(events == [Event(data: "{\"content\":\"日本語 🚀\"}")], "cut at \(cut)")
        }
    }

    @Test func aLineLongerThanTheLimitIsAnError() throws {
        var framer = SSEFramer(maxEventLength: 16)
        #expect(throws: BackendError.self) {
            _ = try Self.frame([Array("data: 0123456789abcdefgh".utf8)], finish: false, framer: &framer)
        }
        var joined = SSEFramer(maxEventLength: 16)
        #expect(throws: BackendError.self) {
            _ = try Self.frame([Array("data: 0123456789\ndata: 0123456789\n".utf8)], finish: false, framer: &joined)
        }
    }

    /// A stream of events as a server may write them (comments, fields, multi-line data, any line
    /// end), with the events a reader must see.
    struct GeneratedStream: Sendable, CustomStringConvertible {
        var bytes: [UInt8]
        var splits: [Int]
        var expected: [Event]
        var description: String { String(decoding: bytes, as: UTF8.self).debugDescription + " split at \(splits)" }
    }

    static let streamGenerator = Generator<GeneratedStream, Shrink.None<GeneratedStream>>(run: { rng in
        let ends = ["\n", "\r\n", "\r"]
        let pieces = ["{\"choices\":[]}", "hello", "日本", "🚀", "", " lead", "a:b", "[DONE]", "x\u{7F}y", "data: inner"]
        var text = ""
        var expected: [Event] = []
        let mixedEnds = Int.random(in: 0..<3, using: &rng) == 0
        let fixedEnd = ends[Int.random(in: 0..<ends.count, using: &rng)]
        var lastEnd = ""
        func end(_ rng: inout some RandomNumberGenerator) -> String {
            var chosen = mixedEnds ? ends[Int.random(in: 0..<ends.count, using: &rng)] : fixedEnd
            // A `\r` then a `\n` is one CRLF line end, not two: a writer that means two writes `\r\n`.
            if lastEnd == "\r", chosen == "\n" { chosen = "\r\n" }
            lastEnd = chosen
            return chosen
        }
        for _ in 0..<Int.random(in: 0..<12, using: &rng) {
            if Int.random(in: 0..<4, using: &rng) == 0 { text += ": keep-alive" + end(&rng) }
            var type: String?
            if Int.random(in: 0..<5, using: &rng) == 0 {
                type = "delta"
                text += "event: delta" + end(&rng)
            }
            if Int.random(in: 0..<6, using: &rng) == 0 { text += "id: \(Int.random(in: 0..<99, using: &rng))" + end(&rng) }
            var values: [String] = []
            for _ in 0..<Int.random(in: 1..<4, using: &rng) {
                let line = pieces[Int.random(in: 0..<pieces.count, using: &rng)]
                let spaced = Bool.random(using: &rng)
                text += (spaced ? "data: " : "data:") + line + end(&rng)
                // One space after the colon is dropped, whichever wrote it.
                values.append(!spaced && line.hasPrefix(" ") ? String(line.dropFirst()) : line)
            }
            expected.append(Event(data: values.joined(separator: "\n"), type: type))
            text += end(&rng)
        }
        // The last event may lose its blank line, or all its line ends, before the body ends.
        // (In a String, `\r\n` is one Character: `removeLast()` takes one line end whatever it is.)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0 where !expected.isEmpty:
            text.removeLast()
        case 1 where !expected.isEmpty:
            while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
        default: break
        }
        let bytes = Array(text.utf8)
        let splits = (0..<Int.random(in: 0..<8, using: &rng)).map { _ in Int.random(in: 0...bytes.count, using: &rng) }.sorted()
        return GeneratedStream(bytes: bytes, splits: splits, expected: expected)
    })

    @Test func everySplitOfAStreamGivesTheSameEvents() async throws {
        await propertyCheck(count: 2000, input: Self.streamGenerator) { stream in
            await Task.yield()
            var chunks: [[UInt8]] = []
            var start = 0
            for split in stream.splits + [stream.bytes.count] {
                chunks.append(Array(stream.bytes[start..<split]))
                start = split
            }
            var framer = SSEFramer()
            let events = try? Self.frame(chunks, framer: &framer)
            #expect(events == stream.expected, "\(stream)")
        }
    }

    @Test func byteAtATimeGivesTheSameEventsAsOneRead() throws {
        let text = "data: {\"a\":1}\r\n\r\n: c\r\ndata: b\r\ndata: c\r\n\r\nevent: e\rdata: d\r\rdata: [DONE]\n\n"
        var whole = SSEFramer()
        var bytewise = SSEFramer()
        let expected = try Self.frame([Array(text.utf8)], framer: &whole)
        #expect(try Self.frame(Array(text.utf8).map { [$0] }, framer: &bytewise) == expected)
        #expect(expected.map(\.data) == ["{\"a\":1}", "b\nc", "d", "[DONE]"])
    }
}
