import Foundation
import HTTPStreaming
import TachikomaCore
import Testing

@testable import OllamaBackend
@testable import OllamaTestSupport

@Suite("Light delta decoder")
struct DeltaLineScannerTests {
    struct Decoded: Equatable {
        var thinking: String?
        var content: String?
    }

    /// The light path's reading of `line`, or nil when it declines the line.
    private func light(_ line: String, shape: DeltaLineScanner.Shape = .chat) -> Decoded? {
        Array(line.utf8).withUnsafeBytes { bytes -> Decoded? in
            guard let delta = DeltaLineScanner.scan(bytes, shape: shape) else { return nil }
            func text(_ span: DeltaLineScanner.StringSpan?) -> String? {
                guard let span else { return nil }
                let output = TextRun()
                output.appendJSONString(span, of: bytes)
                return output.text
            }
            return Decoded(thinking: text(delta.thinking), content: text(delta.content))
        }
    }

    /// JSONDecoder's reading of the same line.
    private func full(_ line: String, shape: DeltaLineScanner.Shape = .chat) throws -> Decoded {
        let chunk = try JSONDecoder().decode(ChatChunk.self, from: Data(line.utf8))
        switch shape {
        case .chat: return Decoded(thinking: chunk.message?.thinking, content: chunk.message?.content)
        case .generate: return Decoded(thinking: chunk.thinking, content: chunk.response)
        }
    }

    private func chatLine(content rawJSONString: String) -> String {
        "{\"model\":\"llama3.2\",\"created_at\":\"2025-05-04T17:37:44.706015396-07:00\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\"\(rawJSONString)\"},\"done\":false}"
    }

    @Test(arguments: [
        "The", "", " world", #"say \"hi\""#, #"back\\slash"#, #"line\nbreak\ttab\rret"#, #"a\/b"#,
        #"\b\f"#, #"caf\u00e9"#, #"\u00E9\u00e9"#, #"\ud83d\ude00 grin"#, #"\uD83D\uDE00"#, "raw é 日本 👋",
        #"\u0000nul"#, #"\u001f"#, #"ends with \\"#, #"\"\\\"\\"#, #"}\"},\"done\":true,\"x\":{\""#,
        #"\u2028\u2029"#, #"\uffff"#, #"\ud7ff\ue000"#,
    ])
    func lightMatchesJSONDecoder(raw: String) throws {
        let line = chatLine(content: raw)
        let lightResult = try #require(light(line), "the light path should accept \(line)")
        #expect(lightResult == (try full(line)))
    }

    @Test func thinkingAndContentTogether() throws {
        let line = #"{"model":"m","created_at":"t","message":{"role":"assistant","content":"","thinking":"hmm\n"},"done":false}"#
        #expect(light(line) == Decoded(thinking: "hmm\n", content: ""))
        #expect(light(line) == (try full(line)))
    }

    @Test func generateShape() throws {
        let line = #"{"model":"m","created_at":"t","response":"Hi \u00e9","done":false}"#
        #expect(light(line, shape: .generate) == Decoded(thinking: nil, content: "Hi é"))
        #expect(light(line, shape: .generate) == (try full(line, shape: .generate)))
        // A chat scanner does not read generate lines, and the other way round.
        #expect(light(line, shape: .chat) == nil)
        #expect(light(chatLine(content: "x"), shape: .generate) == nil)
    }

    @Test func whitespaceBetweenTokens() throws {
        let line = "{ \"model\" : \"m\" ,\n\"message\" : { \"role\" : \"assistant\" , \"content\" : \"x\" } , \"done\" : false }  "
        #expect(light(line) == Decoded(thinking: nil, content: "x"))
    }

    @Test(arguments: [
        // The rare lines go to the full decoder.
        #"{"model":"m","created_at":"t","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":1}"#,
        #"{"error":"model runner has unexpectedly stopped"}"#,
        #"{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":{}}}]},"done":false}"#,
        // Shapes the light path does not know.
        #"{"model":"m","message":{"role":"assistant","content":"x"}}"#,
        #"{"model":"m","message":{"role":"assistant","content":"x"},"done":false,"extra":"y"}"#,
        #"{"model":"m","message":{"role":"assistant","content":"x","images":null},"done":false}"#,
        #"{"model":"m","message":{"role":"assistant","content":null},"done":false}"#,
        #"{"model":"m","message":{"role":"assistant","content":"x"},"done":0}"#,
        #"{"mod\u0065l":"m","message":{"content":"x"},"done":false}"#,
        #"{"message":{"content":"x"},"done":false} trailing"#,
        #"{"message":{"content":"x"},"done":false"#,
        #"{"message":{"content":"x},"done":false}"#,
        #"[1,2]"#, "", "{}", "garbage",
        // A repeated key: JSONDecoder keeps the first copy, so the light path must not pick one.
        #"{"model":"m","message":{"role":"assistant","content":"first","content":"last"},"done":false}"#,
        #"{"model":"m","message":{"role":"assistant","content":"x"},"message":{"content":"y"},"done":false}"#,
        #"{"model":"m","message":{"content":"x"},"done":false,"done":false}"#,
        // Escapes that are not valid JSON, or lone surrogates: let the full decoder judge them.
        #"{"message":{"content":"\x"},"done":false}"#,
        #"{"message":{"content":"\u12"},"done":false}"#,
        #"{"message":{"content":"\u12G4"},"done":false}"#,
        #"{"message":{"content":"\ud83d"},"done":false}"#,
        #"{"message":{"content":"\ud83d\u0041"},"done":false}"#,
        #"{"message":{"content":"\ude00"},"done":false}"#,
        "{\"message\":{\"content\":\"raw\u{01}control\"},\"done\":false}",
    ])
    func declinesWhatItDoesNotKnow(line: String) {
        #expect(light(line) == nil)
    }

    @Test func randomTextRoundTrips() throws {
        var generator = SplitMix(seed: 7)
        let pool: [Unicode.Scalar] = [
            "a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "é", "ß", "日",
            "本", "€", "\u{2028}", "👋", "😀", "🇯", "\u{FFFD}", "\u{10FFFF}", "{", "}", ",", ":",
        ]
        for _ in 0..<300 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(generator.next() % 24) { text.append(pool[Int(generator.next() % UInt64(pool.count))]) }
            let original = String(text)
            for encoded in [try jsonEncoderString(original), asciiEscaped(original)] {
                let line = chatLine(content: encoded)
                #expect(light(line)?.content == original, "line: \(line)")
            }
        }
    }

    /// The string as JSONEncoder writes it, without the quotes.
    private func jsonEncoderString(_ text: String) throws -> String {
        let data = try JSONEncoder().encode([text])
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst(2).dropLast(2))
    }

    /// The string with everything outside printable ASCII as `\uXXXX` (surrogate pairs above the BMP).
    private func asciiEscaped(_ text: String) -> String {
        var output = ""
        for unit in text.utf16 {
            switch unit {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x20..<0x7F: output.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: output += "\\u" + String(format: "%04x", unit)
            }
        }
        return output
    }

    /// The template path's reading, used first for chat lines.
    private func template(_ line: String) -> String? {
        Array(line.utf8).withUnsafeBytes { bytes -> String? in
            guard let delta = DeltaLineScanner.scanOllamaChatDelta(bytes), let span = delta.content else { return nil }
            let output = TextRun()
            output.appendJSONString(span, of: bytes)
            return output.text
        }
    }

    /// The benchmark's realistic mix, line by line as the scripted server encodes it (Go's escapes,
    /// a `created_at` whose length varies): every line stays on the template path and reads as
    /// `JSONDecoder` reads it.
    @Test func everySampleAnswerLineTakesTheTemplatePathAndAgreesWithJSONDecoder() throws {
        var encoder = ChunkEncoder(endpoint: .chat, model: "llama3.1:8b")
        for token in SampleAnswer.tokens {
            encoder.advanceTimestamp()
            var bytes: [UInt8] = []
            encoder.appendToken(ChunkEncoder.escaped(token), thinking: false, to: &bytes)
            let line = String(decoding: bytes.dropLast(), as: UTF8.self)
            #expect(template(line) == token, "template path on \(line)")
            #expect(try full(line).content == token)
        }
    }

    @Test func templatePathTakesOllamasPlainLineAndDeclinesTheRest() throws {
        #expect(template(chatLine(content: " world")) == " world")
        #expect(template(chatLine(content: "")) == "")
        #expect(template(chatLine(content: "raw é 日本 👋")) == "raw é 日本 👋")
        // Escapes in the content, as Go writes them, stay on the template path.
        #expect(template(chatLine(content: #"say \"hi\" \u003cb\u003e \u0026 C:\\ \n\t \ud83d\ude80"#))
            == "say \"hi\" <b> & C:\\ \n\t 🚀")
        // Control characters, bad escapes, thinking, other endings and other key orders go the general way.
        #expect(template(chatLine(content: "tab\there")) == nil)
        #expect(template(chatLine(content: #"bad \x escape"#)) == nil)
        #expect(template(chatLine(content: #"lone \udc00 surrogate"#)) == nil)
        #expect(template(chatLine(content: "raw\u{01}control")) == nil)
        #expect(template(chatLine(content: "x") + " ") == nil)
        #expect(template(chatLine(content: "x").replacingOccurrences(of: "false", with: "true")) == nil)
        let thinking = "{\"model\":\"q\",\"created_at\":\"t\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hm\"},\"done\":false}"
        #expect(template(thinking) == nil)
        #expect(try light(thinking) == full(thinking))
        // A raw control character is invalid JSON: declined by every light path, like JSONDecoder.
        #expect(light(chatLine(content: "raw\u{01}control")) == nil)
    }
}

@Suite struct TextRunTests {
    @Test func growsPastItsCapacityAndKeepsEveryByte() {
        let run = TextRun(capacity: 16)
        var expected: [UInt8] = []
        for length in [0, 1, 7, 16, 17, 40, 3, 200] {
            let bytes = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            bytes.withUnsafeBytes { run.append($0) }
            expected += bytes
        }
        #expect(run.count == expected.count)
        #expect(run.take() == String(decoding: expected, as: UTF8.self))
        #expect(run.isEmpty)
        run.append("again")
        #expect(run.text == "again")
    }

    @Test func anEscapedStringNeverNeedsMoreRoomThanItsRawBytes() {
        // The longest decodings a byte: a surrogate pair (12 raw bytes, 4 decoded) and `\n`.
        let line = Array(#"{"message":{"role":"assistant","content":"\ud83d\ude00\n\u00e9"},"done":false}"#.utf8)
        let run = TextRun(capacity: 16)
        line.withUnsafeBytes { bytes in
            guard let span = DeltaLineScanner.scan(bytes, shape: .chat)?.content else {
                Issue.record("the line was declined")
                return
            }
            run.appendJSONString(span, of: bytes)
        }
        #expect(run.text == "😀\né")
    }
}

/// Lines read one after another through one `OllamaLinePrefix`, as a stream reads them.
@Suite struct OllamaLinePrefixTests {
    private func read(_ lines: [String]) -> [String?] {
        var prefix = OllamaLinePrefix()
        return lines.map { line in
            Array((line + "\n").utf8).withUnsafeBytes { bytes -> String? in
                let run = TextRun()
                guard
                    let length = DeltaLineScanner.takeOllamaChatDeltaLine(
                        startOf: bytes, prefix: &prefix, into: run),
                    length == bytes.count
                else { return nil }
                return run.text
            }
        }
    }

    private func line(model: String = "llama3.1:8b", stamp: String, content: String) -> String {
        #"{"model":"\#(model)","created_at":"\#(stamp)","message":{"role":"assistant","content":"\#(content)"},"done":false}"#
    }

    @Test func linesSharingTheirStartAreReadAsTheFirstWas() {
        let texts = read([
            line(stamp: "2026-11-25T10:00:00.1Z", content: "a"),
            line(stamp: "2026-11-25T10:00:00.123456789Z", content: "b"),
            line(stamp: "2026-11-25T10:00:01Z", content: #"c\u003c"#),
        ])
        #expect(texts == ["a", "b", "c<"])
    }

    /// The prefix reaches into the stamp up to its seconds: a stamp shorter than that, and the
    /// seconds moving on, are read correctly too.
    @Test func stampsShorterThanThePrefixAndNewSecondsAreRead() {
        let texts = read([
            line(stamp: "2026-11-25T10:00Z", content: "s"),
            line(stamp: "2026-11-25T10:00:00.5Z", content: "t"),
            line(stamp: "2026-11-25T10:00:00.75Z", content: "u"),
            line(stamp: "2026-11-25T10:00:01Z", content: "v"),
            line(stamp: "2026-11-25T10:00:01.000000001Z", content: "w"),
            line(stamp: "2026-11-25T10:00Z", content: "x"),
        ])
        #expect(texts == ["s", "t", "u", "v", "w", "x"])
    }

    @Test func whatFollowsTheSharedStartIsStillChecked() {
        let texts = read([
            line(stamp: "2026-11-25T10:00:00.1Z", content: "a"),
            // The same first bytes, then an escape in the stamp: the template declines it.
            line(stamp: #"2026-11-25T10:0\u0030:00Z"#, content: "b"),
            // Another model whose name starts like the first and has an escape: declined, not misread.
            line(model: #"llama3.1:8b\"x"#, stamp: "2026-11-25T10:00:00Z", content: "c"),
            line(model: "qwen3:4b", stamp: "2026-11-26T00:00:00Z", content: "d"),
            line(stamp: "2026-11-25T10:00:00.2Z", content: "e"),
        ])
        #expect(texts == ["a", nil, nil, "d", "e"])
    }

    /// An escaped content is decoded while it is read, before the line's end is checked: a line
    /// declined then (another shape after the content, a bad escape) takes its text back.
    @Test func aLineDeclinedAfterItsContentWasDecodedLeavesTheTextAsItWas() {
        let stamp = "2026-11-25T10:00:00.1Z"
        let declined = [
            line(stamp: stamp, content: #"a\nb"#).replacingOccurrences(of: #""done":false}"#, with: #""done":false,"x":1}"#),
            line(stamp: stamp, content: #"a\nb\x"#),
            line(stamp: stamp, content: #"a\ud83d b"#),
            line(stamp: stamp, content: #"a\udc00"#),
            line(stamp: stamp, content: "a\\n\u{01}"),
        ]
        for text in declined {
            let run = TextRun()
            run.append("kept")
            var prefix = OllamaLinePrefix()
            let taken = Array((text + "\n").utf8).withUnsafeBytes { bytes in
                DeltaLineScanner.takeOllamaChatDeltaLine(startOf: bytes, prefix: &prefix, into: run)
            }
            #expect(taken == nil, "\(text)")
            #expect(run.text == "kept", "\(text)")
        }
        // The same line with its usual end is taken, its escapes decoded.
        let run = TextRun()
        var prefix = OllamaLinePrefix()
        let good = line(stamp: stamp, content: #"a\nb \ud83d\ude80 \u003c\/\"\\"#) + "\n"
        let taken = Array(good.utf8).withUnsafeBytes { bytes in
            DeltaLineScanner.takeOllamaChatDeltaLine(startOf: bytes, prefix: &prefix, into: run)
        }
        #expect(taken == good.utf8.count)
        #expect(run.text == "a\nb 🚀 </\"\\")
    }
}
