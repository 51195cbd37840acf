import Foundation
import HTTPStreaming
import NIOCore
import TachikomaCore
import Testing

@testable import OllamaTestSupport
@testable import OpenAIBackend

/// Throughput of the SSE hot path, to set beside the NDJSON one (`StreamThroughputBenchmark` in
/// OllamaBackendTests: same token mixes, same read size, same line counts). Not a test: it runs only
/// when `TACHIKOMA_BENCH=1`, prints its numbers and checks only that the text arrived. Run it on a
/// release build: `TACHIKOMA_BENCH=1 swift test -c release --filter StreamThroughputBenchmark`.
@Suite("SSE stream throughput benchmark", .enabled(if: ProcessInfo.processInfo.environment["TACHIKOMA_BENCH"] == "1"))
struct SSEStreamThroughputBenchmark {
    static func encoder() -> OpenAIChunkEncoder {
        OpenAIChunkEncoder(
            model: "llama3.1:8b", completionID: "chatcmpl-tachikoma42", created: 1_729_418_400, includeUsage: true,
            lineEnd: "\n", reasoningField: "reasoning_content")
    }

    @Test func framingAndDecodingInProcessSSE() throws {
        let eventCount = 2_000_000
        var event: [UInt8] = []
        Self.encoder().appendToken(ChunkEncoder.escaped(" tok"), thinking: false, to: &event)
        var body: [UInt8] = []
        body.reserveCapacity(event.count * eventCount)
        for _ in 0..<eventCount { body.append(contentsOf: event) }
        let content = try decodeInProcess(body, label: "SSE best case (repeated token)", events: eventCount)
        #expect(content.utf8.count == eventCount * 4)
    }

    @Test func realisticMixInProcessSSE() throws {
        let eventCount = 2_000_000
        let escaped = SampleAnswer.tokens.map(ChunkEncoder.escaped)
        let encoder = Self.encoder()
        var body: [UInt8] = []
        for index in 0..<eventCount {
            encoder.appendToken(escaped[index % escaped.count], thinking: false, to: &body)
        }
        let content = try decodeInProcess(body, label: "SSE realistic mix", events: eventCount)
        let cycles = eventCount / SampleAnswer.tokens.count
        #expect(content.hasPrefix(String(repeating: SampleAnswer.text, count: cycles)))
    }

    private func decodeInProcess(_ stream: [UInt8], label: String, events eventCount: Int) throws -> String {
        var body = stream
        let encoder = Self.encoder()
        encoder.appendFinish(reason: "stop", to: &body)
        encoder.appendUsage(promptTokens: 10, completionTokens: eventCount, to: &body)
        encoder.appendDone(to: &body)

        let clock = ContinuousClock()
        var decoder = SSEBodyDecoder(handler: ChatCompletionStreamAssembler(requestedModel: "m"))
        var events: [StreamEvent] = []
        var content = ""
        let chunkSize = 16 * 1024  // a typical loopback read, as in the NDJSON benchmark
        let elapsed = try clock.measure {
            try body.withUnsafeBytes { all in
                var start = 0
                while start < all.count {
                    let end = min(all.count, start + chunkSize)
                    try decoder.ingest(ByteBuffer(bytes: UnsafeRawBufferPointer(rebasing: all[start..<end])))
                    decoder.takeEvents(into: &events)
                    events.removeAll(keepingCapacity: true)
                    start = end
                }
            }
            try decoder.ingestEnd()
            decoder.takeEvents(into: &events)
        }
        for case .done(let response) in events { content = response.content }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "in-process, \(label): \(eventCount) events (\(body.count / eventCount) bytes each) in \(seconds) s = "
                + "\(Int(Double(eventCount) / seconds)) events/s, \(seconds / Double(eventCount) * 1e9) ns/event")
        return content
    }

    @Test func loopbackSSEStreamFromTheScriptedServer() async throws {
        let count = 1_000_000
        let script = ServerScript(reply: ScriptedReply(content: .repeated(token: " tok", count: count)))
        try await withOpenAIServer(script) { _, backend in
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
            print("loopback SSE: \(count) tokens in \(seconds) s = \(Int(Double(count) / seconds)) tokens/s, \(reads) content events")
            #expect(bytes == count * 4)
        }
    }
}
