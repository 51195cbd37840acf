import Foundation
import TachikomaCore
import Testing

@testable import OllamaBackend

/// The chat body written with each message's JSON kept between requests says what the encoder says.
@Suite struct ChatRequestBodyTests {
    private func request(_ messages: [WireMessage]) -> ChatRequest {
        ChatRequest(
            model: "llama3.1:8b", messages: messages,
            tools: [WireTool(function: .init(name: "add", description: "Adds \"two\" numbers", parameters: ["type": "object", "messages": []]))],
            format: ["type": "object", "properties": ["messages": ["type": "array"]]],
            options: WireOptions(temperature: 0.25, numCtx: 8192), stream: true, keepAlive: .duration("5m"),
            think: .level("high"))
    }

    private let history = [
        WireMessage(role: "system", content: "Be brief."),
        WireMessage(role: "user", content: "Quote: \"hi\"\n\ttab, slash / and é ✓"),
        WireMessage(
            role: "assistant", content: "", thinking: "hmm",
            toolCalls: [WireToolCall(function: .init(name: "add", arguments: ["a": 1, "b": 2]))]),
        WireMessage(role: "tool", content: "3", toolName: "add"),
        WireMessage(role: "user", content: "a picture", images: ["aGVsbG8="]),
    ]

    private func json(_ bytes: some Sequence<UInt8>) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    @Test func theBodyHoldsWhatTheEncoderWritesForTheWholeRequest() throws {
        let whole = request(history)
        let body = try ChatRequestBody().encode(whole)
        #expect(try json(body) == json(JSONEncoder().encode(whole)))
        #expect(try JSONDecoder().decode(ChatRequest.self, from: Data(body)) == whole)
    }

    @Test func aLongerConversationAfterAShorterOneIsWholeAndInOrder() throws {
        let bodies = ChatRequestBody()
        for count in 1...history.count {
            let body = try bodies.encode(request(Array(history.prefix(count))))
            #expect(try JSONDecoder().decode(ChatRequest.self, from: Data(body)).messages == Array(history.prefix(count)))
        }
        // A branch: an earlier message edited, then the same message twice.
        let edited = [history[0], WireMessage(role: "user", content: "edited"), WireMessage(role: "user", content: "edited")]
        let body = try bodies.encode(request(edited))
        #expect(try JSONDecoder().decode(ChatRequest.self, from: Data(body)).messages == edited)
    }

    @Test func noMessagesIsAnEmptyList() throws {
        let body = try ChatRequestBody().encode(request([]))
        #expect(try json(body).objectValue?["messages"] == [])
        #expect(try json(body).objectValue?["model"] == "llama3.1:8b")
    }
}
