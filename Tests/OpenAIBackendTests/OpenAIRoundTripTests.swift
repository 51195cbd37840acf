import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

@testable import OpenAIBackend

/// `OpenAIBackend` against the scripted server's OpenAI-compatible API: whole round trips.
@Suite("OpenAI backend round trips")
struct OpenAIRoundTripTests {
    @Test func aStreamedChatArrivesAsDeltasThenTheWholeAnswerWithUsage() async throws {
        try await withOpenAIServer { server, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("hello there")])))
            #expect(error == nil)
            #expect(events.content == "You said: hello there")
            let response = try #require(events.doneResponse)
            #expect(response.content == "You said: hello there")
            #expect(response.model == "llama3.1:8b")
            #expect(response.finishReason == .stop)
            #expect((response.usage.promptTokens ?? 0) > 0)
            #expect(response.usage.completionTokens == 4)
            let body = try #require(server.recordedRequests().last { $0.path == "/v1/chat/completions" }?.json?.objectValue)
            #expect(body["stream"] == true)
            #expect(body["stream_options"] == ["include_usage": true])
            // After an answer the conversation's count is the server's own.
            let count = try await backend.countTokens([.user("hello there"), response.message])
            #expect(count.isExact)
            #expect(count.tokens == (response.usage.promptTokens ?? 0) + 4)
        }
    }

    @Test func aWholeAnswerWithoutStreaming() async throws {
        try await withOpenAIServer { server, backend in
            let response = try await backend.complete(CompletionRequest(messages: [.user("one two")]))
            #expect(response.content == "You said: one two")
            #expect(response.finishReason == .stop)
            #expect(response.usage.completionTokens == 4)
            let body = try #require(server.recordedRequests().last?.json?.objectValue)
            #expect(body["stream"] == false)
            #expect(body["stream_options"] == nil)
        }
    }

    @Test func reasoningIsThinkingInBothShapes() async throws {
        for field in ["reasoning_content", "reasoning"] {
            var script = ServerScript(reply: ScriptedReply(content: .tokens(["4"]), thinking: ["2+2", " is 4"]))
            script.openAI.reasoningField = field
            try await withOpenAIServer(script, model: "qwen3:4b") { _, backend in
                let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("2+2?")])))
                #expect(error == nil)
                #expect(events.thinking == "2+2 is 4", "\(field)")
                #expect(events.content == "4")
                #expect(events.doneResponse?.thinking == "2+2 is 4")
                let whole = try await backend.complete(CompletionRequest(messages: [.user("2+2?")]))
                #expect(whole.thinking == "2+2 is 4", "\(field)")
            }
        }
    }

    @Test func toolCallsSentInFragmentsArriveWhole() async throws {
        var script = ServerScript(reply: ScriptedReply(
            content: .tokens(["Checking."]),
            toolCalls: [
                ScriptedToolCall(name: "get_weather", arguments: ["city": "Paris", "units": "metric"]),
                ScriptedToolCall(name: "get_time", arguments: [:]),
            ]))
        script.openAI.toolArgumentPieces = 5
        let tool = ToolDefinition(name: "get_weather", description: "Weather", parameters: ["type": "object"])
        try await withOpenAIServer(script) { server, backend in
            let request = CompletionRequest(messages: [.user("weather?")], tools: [tool])
            let (events, error) = await collect(backend.stream(request))
            #expect(error == nil)
            let expected = [
                ToolCall(id: "call_scripted_0", name: "get_weather", arguments: ["city": "Paris", "units": "metric"]),
                ToolCall(id: "call_scripted_1", name: "get_time", arguments: [:]),
            ]
            #expect(events.contains(.toolCalls(expected)))
            #expect(events.doneResponse?.toolCalls == expected)
            #expect(events.doneResponse?.finishReason == .toolUse)
            let whole = try await backend.complete(request)
            #expect(whole.toolCalls == expected)
            let body = try #require(server.recordedRequests().last?.json?.objectValue)
            #expect(body["tools"] == [["type": "function", "function": [
                "name": "get_weather", "description": "Weather", "parameters": ["type": "object"]]]])
        }
    }

    @Test func theRequestCarriesOptionsFormatAndMessagesAsOpenAIWantsThem() async throws {
        try await withOpenAIServer { server, backend in
            let call = ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"])
            let request = CompletionRequest(
                messages: [
                    .system("be brief"), .user("weather?"), .assistant("", thinking: "hidden", toolCalls: [call]),
                    .tool("18°C", name: "get_weather", callID: "call_1"), .user("look", images: ["iVBORw0KGgo="]),
                ],
                options: GenerationOptions(
                    temperature: 0.2, topP: 0.9, topK: 10, maxTokens: 50, stop: ["END"], seed: 7, contextLength: 8192),
                think: .level("low"), format: .json)
            _ = try await backend.complete(request)
            let body = try #require(server.recordedRequests().last?.json?.objectValue)
            #expect(body["model"] == "llama3.1:8b")
            #expect(body["temperature"] == 0.2)
            #expect(body["top_p"] == 0.9)
            #expect(body["top_k"] == 10)
            #expect(body["max_tokens"] == 50)
            #expect(body["seed"] == 7)
            #expect(body["stop"] == ["END"])
            #expect(body["reasoning_effort"] == "low")
            #expect(body["response_format"] == ["type": "json_object"])
            #expect(body["num_ctx"] == nil && body["options"] == nil)
            let messages = try #require(body["messages"].flatMap { if case .array(let list) = $0 { return list } else { return nil } })
            #expect(messages[0] == ["role": "system", "content": "be brief"])
            #expect(messages[2] == [
                "role": "assistant", "content": nil,
                "tool_calls": [["id": "call_1", "type": "function",
                                "function": ["name": "get_weather", "arguments": "{\"city\":\"Paris\"}"]]],
            ])
            #expect(messages[3] == ["role": "tool", "content": "18°C", "tool_call_id": "call_1"])
            #expect(messages[4] == ["role": "user", "content": [
                ["type": "text", "text": "look"],
                ["type": "image_url", "image_url": ["url": "data:image/png;base64,iVBORw0KGgo="]],
            ]])
        }
    }

    @Test func aSchemaFormatIsAJSONSchemaResponseFormat() async throws {
        try await withOpenAIServer { server, backend in
            _ = try await backend.complete(CompletionRequest(messages: [.user("x")], format: .schema(["type": "object"])))
            let body = try #require(server.recordedRequests().last?.json?.objectValue)
            #expect(body["response_format"] == [
                "type": "json_schema", "json_schema": ["name": "response", "schema": ["type": "object"], "strict": true],
            ])
        }
    }

    @Test func theModelsTheServerListsAreListed() async throws {
        try await withOpenAIServer { server, backend in
            let models = try await backend.listModels()
            #expect(models.map(\.name) == ["llama3.1:8b", "qwen3:4b"])
            #expect(try await backend.modelDetails("qwen3:4b").name == "qwen3:4b")
            await #expect(throws: BackendError.modelNotServed(model: "nope", message: "the server at \(server.openAIBaseURL) does not list it")) {
                _ = try await backend.modelDetails("nope")
            }
            let health = try await backend.healthCheck()
            #expect(health.version == nil)
            #expect(server.recordedRequests().allSatisfy { $0.path == "/v1/models" })
        }
    }

    /// Such a server serves the models it was started with: the backend is no `ModelPulling`, so
    /// nothing offers to pull through it. It can list and describe, though not what a model can do.
    @Test func itCannotPullAndDoesNotSayWhatAModelCanDo() async throws {
        try await withOpenAIServer { _, backend in
            let erased: any Backend = backend
            #expect(erased as? any ModelPulling == nil)
            #expect(erased as? any ModelListing != nil)
            let details = try await backend.modelDetails("qwen3:4b")
            #expect(details.capabilities == nil)
            #expect(details.mayHave(.tools))
        }
    }

    @Test func keepAliveCommentsAndCRLFLineEndsFromTheServerAreRead() async throws {
        var script = ServerScript(reply: ScriptedReply(content: .tokens(["a", "b", "c", "d"])))
        script.openAI.keepAliveEvery = 1
        script.openAI.lineEnd = "\r\n"
        try await withOpenAIServer(script) { _, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("x")])))
            #expect(error == nil)
            #expect(events.content == "abcd")
        }
    }

    @Test func anAnswerCutByMaxTokensFinishesWithLength() async throws {
        try await withOpenAIServer { _, backend in
            let request = CompletionRequest(messages: [.user("a b c d e f")], options: GenerationOptions(maxTokens: 2))
            let (events, _) = await collect(backend.stream(request))
            #expect(events.doneResponse?.finishReason == .length)
            #expect(events.content == "You said:")
        }
    }

    @Test func aServerWithoutDoneStillFinishesTheAnswer() async throws {
        var script = ServerScript()
        script.openAI.sendsDone = false
        try await withOpenAIServer(script) { _, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("hi")])))
            #expect(error == nil)
            #expect(events.doneResponse?.content == "You said: hi")
        }
    }

    @Test func cancellingTheConsumerClosesTheConnection() async throws {
        let script = ServerScript(reply: ScriptedReply(content: .repeated(token: "x ", count: 100_000), holdAfterTokens: 3))
        try await withOpenAIServer(script) { server, backend in
            let (firstDelta, signal) = AsyncStream<Void>.makeStream()
            let stream = backend.stream(CompletionRequest(messages: [.user("x")]))
            let consumer = Task { () -> (any Error)? in
                do {
                    for try await event in stream {
                        if case .contentDelta = event { signal.yield() }
                    }
                    return nil
                } catch {
                    return error
                }
            }
            for await _ in firstDelta { break }
            consumer.cancel()
            let error = await consumer.value
            #expect(error as? BackendError == .cancelled)
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(90)))
        }
    }

    @Test func theConfigurationNeverShowsTheKey() throws {
        let secret = "sk-live-very-secret-42"
        let backend = try OpenAIBackend(
            baseURL: "https://api.example.com/v1/", apiKey: secret, apiKeyEnvName: "EXAMPLE_API_KEY", caFile: nil)
        #expect(backend.config.baseURL == "https://api.example.com/v1")
        for text in [String(describing: backend.config), String(reflecting: backend.config), "\(backend.config)"] {
            #expect(!text.contains(secret), "shown in \(text)")
        }
        // The configuration, not the backend: dumping the backend would walk the HTTP client's live
        // event loops from a test thread.
        var dumped = ""
        dump(backend.config, to: &dumped)
        #expect(!dumped.contains(secret))
        #expect(dumped.contains("https://api.example.com/v1"))
    }

    @Test(arguments: ["127.0.0.1:8080/v1", "ftp://host/v1", "", "unix:///tmp/socket"])
    func aBaseURLThatIsNotHTTPIsAConfigurationError(url: String) {
        #expect(throws: BackendError.self) {
            _ = try OpenAIBackend(baseURL: url, apiKey: nil, apiKeyEnvName: nil, caFile: nil)
        }
    }

    @Test func anUnreadableCAFileIsAConfigurationErrorNamingIt() {
        do {
            _ = try OpenAIBackend(baseURL: "https://127.0.0.1:1/v1", apiKey: nil, apiKeyEnvName: nil, caFile: "/nonexistent/ca.pem")
            Issue.record("no error")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("/nonexistent/ca.pem"))
            #expect(!text.contains("\n"))
        }
    }
}
