import Foundation
import PropertyBased
import HTTPStreaming
import TachikomaCore
import Testing

@testable import HTTPStreaming
@testable import OllamaBackend

/// Generated Ollama streams, split anywhere and corrupted anyhow: the light path and the full decoder
/// agree on every valid line, every split gives the same answer, and no bytes make anything trap.
@Suite struct StreamDecoderFuzzTests {
    struct Decoded: Equatable {
        var thinking: String?
        var content: String?
    }

    /// The light path's reading of a line, or nil when it hands the line to the full decoder.
    static func light(_ line: [UInt8], shape: DeltaLineScanner.Shape) -> Decoded? {
        line.withUnsafeBytes { bytes -> Decoded? in
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

    /// The reading of a chat line taken straight from a network read (the line, its `\n`, then the
    /// start of another line), or nil when it is left to the framer to find its end.
    static func lightFromRead(_ line: [UInt8]) -> Decoded? {
        (line + Array("\n{\"model\":\"m".utf8)).withUnsafeBytes { bytes -> Decoded? in
            var prefix = OllamaLinePrefix()
            let output = TextRun()
            guard
                let length = DeltaLineScanner.takeOllamaChatDeltaLine(
                    startOf: bytes, prefix: &prefix, into: output)
            else {
                #expect(output.isEmpty, "a line not taken left text: \(String(decoding: line, as: UTF8.self))")
                return nil
            }
            #expect(length == line.count + 1, "the line taken is not the line: \(String(decoding: line, as: UTF8.self))")
            return Decoded(thinking: nil, content: output.text)
        }
    }

    /// JSONDecoder's reading of a line, or nil when it is not the JSON Ollama sends.
    static func full(_ line: [UInt8], shape: DeltaLineScanner.Shape) -> Decoded? {
        guard let chunk = try? JSONDecoder().decode(ChatChunk.self, from: Data(line)) else { return nil }
        switch shape {
        case .chat: return Decoded(thinking: chunk.message?.thinking, content: chunk.message?.content)
        case .generate: return Decoded(thinking: chunk.thinking, content: chunk.response)
        }
    }

    @Test func theLightPathAgreesWithTheFullDecoderOnEveryValidLine() async {
        await propertyCheck(count: 4000, input: OllamaLines.lineGenerator) { generated in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            // Let other tests run: thousands of synchronous cases would hold a cooperative thread.
            await Task.yield()
            let bytes = Array(generated.text.utf8)
            let fullReading = Self.full(bytes, shape: generated.shape)
            #expect(fullReading != nil, "the full decoder refused a valid line: \(generated.text)")
            if generated.shape == .chat, let fromRead = Self.lightFromRead(bytes) {
                #expect(fromRead == fullReading, "taken from the read: \(generated.text)")
            }
            if let lightReading = Self.light(bytes, shape: generated.shape) {
                #expect(lightReading == fullReading, "\(generated.text)")
            } else {
                // The light path exists for the plain delta line: it must not decline one.
                #expect(!generated.isPlainDelta, "the light path declined \(generated.text)")
            }
        }
    }

    @Test func everySplitOfAStreamGivesTheSameAnswer() async throws {
        await propertyCheck(count: 600, input: OllamaLines.streamGenerator) { stream in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            await Task.yield()
            do {
                let result = try StreamFeeder.feed(stream.bytes, splitAt: stream.splits, shape: stream.shape)
                #expect(result.content == stream.expectedContent)
                #expect(result.thinking == stream.expectedThinking)
                #expect(result.response?.content == stream.expectedContent)
                #expect(result.response?.toolCalls.count == stream.toolCallCount)
            } catch {
                Issue.record("a valid stream failed: \(error)")
            }
        }
    }

    @Test func randomAndCorruptedBytesNeverTrap() async {
        await propertyCheck(count: 2000, input: OllamaLines.corruptedGenerator) { corrupted in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            await Task.yield()
            // Each line the framer cuts: if both readers accept it, they agree; the light path may take
            // a line the full decoder refuses only when that line is not UTF-8.
            var framer = NDJSONFramer(maxLineLength: 1 << 16)
            var lines: [[UInt8]] = []
            do {
                try corrupted.bytes.withUnsafeBytes { bytes in try framer.feed(bytes) { lines.append(Array($0)) } }
                try framer.finish { lines.append(Array($0)) }
            } catch {
                #expect(error is BackendError)
            }
            for line in lines {
                guard let lightReading = Self.light(line, shape: corrupted.shape) else { continue }
                if let fullReading = Self.full(line, shape: corrupted.shape) {
                    #expect(lightReading == fullReading, "\(String(decoding: line, as: UTF8.self).debugDescription)")
                } else {
                    #expect(String(validating: line, as: UTF8.self) == nil, "light took what JSONDecoder refused: \(String(decoding: line, as: UTF8.self).debugDescription)")
                }
            }
            // The whole path: a clean error or an answer, whatever the bytes and however they are cut.
            do {
                _ = try StreamFeeder.feed(corrupted.bytes, splitAt: corrupted.splits, shape: corrupted.shape)
            } catch {
                #expect(error is BackendError, "\(error)")
            }
        }
    }
}

/// Feeds bytes through the framer and the assembler in the chunks given, as the network would.
enum StreamFeeder {
    struct Result {
        var content = ""
        var thinking = ""
        var response: CompletionResponse?
    }

    static func feed(_ bytes: [UInt8], splitAt splits: [Int], shape: DeltaLineScanner.Shape) throws -> Result {
        var framer = NDJSONFramer(maxLineLength: 1 << 16)
        var assembler = ChatStreamAssembler(shape: shape, requestedModel: "m")
        var result = Result()
        var events: [StreamEvent] = []
        var start = 0
        for end in splits + [bytes.count] where end >= start {
            try bytes[start..<end].withUnsafeBytes { chunk in
                // As `NDJSONResponseSource` feeds a read: lines taken from it first, the rest framed.
                try framer.feed(chunk, leadingLines: { assembler.consumeLeadingLines(of: $0) }) { line in
                    try assembler.consume(line: line)
                }
            }
            assembler.takeEvents(into: &events)
            start = end
        }
        try framer.finish { line in try assembler.consume(line: line) }
        assembler.takeEvents(into: &events)
        for event in events {
            switch event {
            case .contentDelta(let text): result.content += text
            case .thinkingDelta(let text): result.thinking += text
            case .done(let response): result.response = response
            default: break
            }
        }
        try assembler.bodyEnded()
        return result
    }
}
