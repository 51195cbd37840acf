import Foundation
import HTTPStreaming
import TachikomaCore
import Testing

@testable import OpenAIBackend

/// The light path reads the common delta event exactly as `JSONDecoder` does, and declines the rest.
@Suite("Chunk delta light path")
struct ChunkDeltaScannerTests {
    struct Reading: Equatable {
        var content: String?
        var reasoning: String?
    }

    static func light(_ text: String) -> Reading? {
        Array(text.utf8).withUnsafeBytes { bytes -> Reading? in
            guard let delta = ChunkDeltaScanner.scan(bytes) else { return nil }
            func string(_ span: ChunkDeltaScanner.StringSpan?) -> String? {
                guard let span else { return nil }
                let output = TextRun()
                output.appendJSONString(span, of: bytes)
                return output.text
            }
            return Reading(content: string(delta.content), reasoning: string(delta.reasoning))
        }
    }

    static func full(_ text: String) throws -> Reading {
        let chunk = try JSONDecoder().decode(ChunkWire.self, from: Data(text.utf8))
        let delta = chunk.choices?.first?.delta
        return Reading(content: delta?.content, reasoning: delta?.reasoningContent ?? delta?.reasoning)
    }

    static let accepted = [
        // OpenAI, with include_usage.
        #"{"id":"chatcmpl-B9","object":"chat.completion.chunk","created":1741,"model":"gpt-4o-mini","service_tier":"default","system_fingerprint":"fp_06","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"q7"}"#,
        #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}"#,
        // llama.cpp's order.
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"content":" wor\u006cd \"q\" \\ \/ \n\t 日本 \ud83d\ude80"}}],"created":1762593253,"id":"chatcmpl-D","model":"gpt-oss:120b","system_fingerprint":"b6881-8b11deea4","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"We"}}],"created":1,"id":"x","model":"m","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"index":0,"delta":{"reasoning":"hmm","content":null}}],"model":"m"}"#,
        #"{"choices":[{"delta":{"role":"assistant","content":null},"index":0}],"created":-1.5e3,"model":"m"}"#,
        #" { "choices" : [ { "index" : 0 , "delta" : { "content" : "spaced" } } ] } "#,
    ]

    @Test(arguments: accepted)
    func theLightPathReadsTheCommonEventAsTheDecoderDoes(event: String) throws {
        let light = try #require(Self.light(event), "declined: \(event)")
        #expect(light == (try Self.full(event)))
    }

    static let declined = [
        #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{"}}]},"finish_reason":null}]}"#,
        #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        #"{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#,
        #"{"error":{"message":"boom"}}"#,
        #"{"choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"a","content":"b"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"reasoning_content":"a","reasoning":"b"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"bad \x"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"lone \udc00"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"a"}}],"timings":{"predicted_n":1}}"#,
        #"{"choices":[{"index":0,"delta":{"content":"a"}}]} trailing"#,
        #"{"ch\u006fices":[{"index":0,"delta":{"content":"a"}}]}"#,
        #"{"model":"m"}"#,
        "[DONE]",
    ]

    @Test(arguments: declined)
    func everythingElseGoesToTheFullDecoder(event: String) {
        #expect(Self.light(event) == nil, "taken: \(event)")
    }
}
