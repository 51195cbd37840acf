import Foundation
import HTTPStreaming
import TachikomaCore
import Testing

@testable import OpenAIBackend

/// The chat-completions body written with each message's JSON kept between requests says what the
/// encoder says for the whole request.
@Suite struct ChatCompletionBodyTests {
    private let history: [Message] = [
        .system("Be brief."),
        .user("Quote: \"hi\"\n\ttab, slash / and é ✓"),
        .assistant("", toolCalls: [ToolCall(id: "call_1", name: "add", arguments: ["a": 1, "b": 2])]),
        .tool("3", name: "add", callID: "call_1"),
        Message(role: .user, content: "a picture", images: ["aGVsbG8="]),
    ]

    private func request(_ messages: [Message]) throws -> ChatCompletionRequestWire {
        let config = try OpenAIBackendConfig(baseURL: "http://127.0.0.1:8080/v1", model: "m")
        let options = GenerationOptions(temperature: 0.25, topK: 40, maxTokens: 100, seed: 7)
        return ChatCompletionRequestWire(
            CompletionRequest(messages: messages, options: options, format: .json), config: config, stream: true)
    }

    private func json(_ bytes: some Sequence<UInt8>) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    @Test func eachLongerConversationIsWrittenAsTheEncoderWritesIt() throws {
        let body = ConversationBody<ChatCompletionRequestWire>()
        for count in 0...history.count {
            let whole = try request(Array(history.prefix(count)))
            #expect(try json(body.encode(whole)) == json(JSONEncoder().encode(whole)), "\(count) messages")
        }
        // A branch: an earlier message edited, then the same message twice.
        let edited = try request([history[0], .user("edited"), .user("edited")])
        #expect(try json(body.encode(edited)) == json(JSONEncoder().encode(edited)))
    }
}
