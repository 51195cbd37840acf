import Foundation
import TachikomaCore
import Testing

@testable import HTTPStreaming
@testable import OllamaBackend
@testable import OllamaTestSupport

/// Throughput of the streaming hot path. Not a test: it runs only when `TACHIKOMA_BENCH=1`, prints
/// its numbers and checks only that the text arrived. Run it on a release build:
/// `TACHIKOMA_BENCH=1 swift test -c release --filter StreamThroughputBenchmark`.
@Suite("Stream throughput benchmark", .enabled(if: ProcessInfo.processInfo.environment["TACHIKOMA_BENCH"] == "1"))
struct StreamThroughputBenchmark {
    @Test func framingAndDecodingInProcess() throws {
        let lineCount = 2_000_000
        let line = Array(
            #"{"model":"llama3.1:8b","created_at":"2025-10-20T12:00:00.123456789+02:00","message":{"role":"assistant","content":" tok"},"done":false}"#
                .utf8) + [0x0A]
        var body: [UInt8] = []
        body.reserveCapacity(line.count * lineCount)
        for _ in 0..<lineCount { body.append(contentsOf: line) }
        let content = try decodeInProcess(body, label: "best case (repeated token)", lines: lineCount)
        #expect(content.utf8.count == lineCount * 4)
    }

    /// The realistic mix as the scripted server encodes it (Go's escaping, a fresh `created_at` per line).
    @Test func realisticMixInProcess() throws {
        let lineCount = 2_000_000
        let tokens = SampleAnswer.tokens
        let escaped = tokens.map(ChunkEncoder.escaped)
        var encoder = ChunkEncoder(endpoint: .chat, model: "llama3.1:8b")
        var body: [UInt8] = []
        for index in 0..<lineCount {
            encoder.advanceTimestamp()
            encoder.appendToken(escaped[index % escaped.count], thinking: false, to: &body)
        }
        let content = try decodeInProcess(body, label: "realistic mix", lines: lineCount)
        let cycles = lineCount / tokens.count
        #expect(content.hasPrefix(String(repeating: SampleAnswer.text, count: cycles)))
    }

    private func decodeInProcess(_ stream: [UInt8], label: String, lines lineCount: Int) throws -> String {
        var body = stream
        let final = Array(#"{"model":"m","message":{"role":"assistant","content":""},"done":true,"eval_count":1}"#.utf8) + [0x0A]
        body.append(contentsOf: final)

        let clock = ContinuousClock()
        var assembler = ChatStreamAssembler(shape: .chat, requestedModel: "m")
        var framer = NDJSONFramer()
        var events: [StreamEvent] = []
        let chunkSize = 16 * 1024  // a typical loopback read
        let elapsed = try clock.measure {
            try body.withUnsafeBytes { all in
                var start = 0
                while start < all.count {
                    let end = min(all.count, start + chunkSize)
                    try framer.feed(UnsafeRawBufferPointer(rebasing: all[start..<end])) { try assembler.consume(line: $0) }
                    assembler.takeEvents(into: &events)
                    events.removeAll(keepingCapacity: true)
                    start = end
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "in-process, \(label): \(lineCount) lines (\(body.count / lineCount) bytes each) in \(seconds) s = "
                + "\(Int(Double(lineCount) / seconds)) lines/s, \(seconds / Double(lineCount) * 1e9) ns/line")
        return assembler.response?.content ?? ""
    }

    @Test func loopbackStreamFromTheScriptedServer() async throws {
        let count = 1_000_000
        let script = ServerScript(reply: ScriptedReply(content: .repeated(token: " tok", count: count)))
        try await withScriptedServer(script) { _, backend in
            let clock = ContinuousClock()
            let start = clock.now
            var reads = 0
            var bytes = 0
            for try await event in backend.stream(CompletionRequest(messages: [.user("go")])) {
                if case .contentDelta(let text) = event {
                    reads += 1
                    bytes += text.utf8.count
                }
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("loopback: \(count) tokens in \(seconds) s = \(Int(Double(count) / seconds)) tokens/s, \(reads) content events")
            #expect(bytes == count * 4)
        }
    }
}
