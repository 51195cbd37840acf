import OllamaTestSupport
import Testing
import TachikomaCore

@testable import OllamaBackend

/// Tool calls as Ollama streams them (`message.tool_calls[].function.{name,arguments}`, arguments a
/// JSON object), one or several, together or in chunks of their own, and the round trip after a
/// `tool` message.
@Suite("Tool calls over the scripted server")
struct ToolCallStreamTests {
    let weather = ToolDefinition(
        name: "get_weather", description: "Weather", parameters: ["type": "object", "properties": ["city": ["type": "string"]]])

    func script(_ chunking: ToolCallChunking, followUp: ToolFollowUp = .echoResults) -> ServerScript {
        ServerScript(
            reply: ScriptedReply(
                content: .tokens(["Let", " me", " check."]),
                toolCalls: [
                    ScriptedToolCall(name: "get_weather", arguments: ["city": "Paris"]),
                    ScriptedToolCall(name: "get_weather", arguments: ["city": "Tokyo", "days": 2]),
                ],
                toolCallChunking: chunking, toolFollowUp: followUp))
    }

    @Test(arguments: [ToolCallChunking.together, .separately])
    func severalCallsArriveWithIDsInOrder(chunking: ToolCallChunking) async throws {
        try await withScriptedServer(script(chunking)) { _, backend in
            let request = CompletionRequest(messages: [.user("weather?")], tools: [weather])
            let (events, error) = await collect(backend.stream(request))
            #expect(error == nil)
            let expected = [
                ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"]),
                ToolCall(id: "call_2", name: "get_weather", arguments: ["city": "Tokyo", "days": 2]),
            ]
            let streamed = events.flatMap { event -> [ToolCall] in
                if case .toolCalls(let calls) = event { return calls }
                return []
            }
            #expect(streamed == expected)
            // Split across chunks, each call is its own event.
            let toolEvents = events.filter { if case .toolCalls = $0 { true } else { false } }
            #expect(toolEvents.count == (chunking == .together ? 1 : 2))
            #expect(events.content == "Let me check.")
            let done = try #require(events.doneResponse)
            #expect(done.toolCalls == expected)
            #expect(done.finishReason == .toolUse)
        }
    }

    @Test func withoutToolsInTheRequestTheModelCallsNone() async throws {
        try await withScriptedServer(script(.together)) { _, backend in
            let (events, _) = await collect(backend.stream(CompletionRequest(messages: [.user("weather?")])))
            #expect(events.doneResponse?.toolCalls.isEmpty == true)
        }
    }

    @Test func afterToolResultsTheScriptedModelAnswersThem() async throws {
        try await withScriptedServer(script(.separately)) { server, backend in
            let calls = [
                ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"]),
                ToolCall(id: "call_2", name: "get_weather", arguments: ["city": "Tokyo"]),
            ]
            let request = CompletionRequest(
                messages: [
                    .user("weather?"), .assistant("", toolCalls: calls), .tool("18°C", name: "get_weather", callID: "call_1"),
                    .tool("22°C", name: "get_weather", callID: "call_2"),
                ],
                tools: [weather])
            let (events, error) = await collect(backend.stream(request))
            #expect(error == nil)
            #expect(events.content == "Tool results: 18°C | 22°C")
            #expect(events.doneResponse?.toolCalls.isEmpty == true)
            let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
            guard case .array(let messages)? = body["messages"] else {
                Issue.record("no messages")
                return
            }
            #expect(messages[2] == ["role": "tool", "content": "18°C", "tool_name": "get_weather"])
        }
    }

    @Test func aModelScriptedToCallAgainDoesSoAfterResults() async throws {
        try await withScriptedServer(script(.together, followUp: .callAgain)) { _, backend in
            let request = CompletionRequest(
                messages: [.user("x"), .assistant("", toolCalls: []), .tool("r", name: "get_weather")], tools: [weather])
            let (events, _) = await collect(backend.stream(request))
            #expect(events.doneResponse?.toolCalls.count == 2)
        }
    }
}
