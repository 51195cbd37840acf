import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

@testable import OllamaBackend

@Suite("Against the scripted server")
struct OllamaIntegrationTests {
    @Test func healthCheckAndInfo() async throws {
        try await withScriptedServer(ServerScript(version: "0.12.6")) { server, backend in
            let health = try await backend.healthCheck()
            #expect(health.version == "0.12.6")
            #expect(await backend.client.isRunning())
            let info = try await backend.info()
            #expect(info.name == "Ollama")
            #expect(info.endpoint == server.baseURL)
            // What a model can do is the model's, from /api/show.
            let llama = try await backend.modelDetails("llama3.1:8b")
            #expect(llama.capabilities == [.completion, .tools])
            #expect(!llama.mayHave(.thinking))
        }
    }

    @Test func modelListing() async throws {
        try await withScriptedServer { _, backend in
            let models = try await backend.listModels()
            #expect(models.map(\.name) == ["llama3.1:8b", "qwen3:4b"])
            let llama = try #require(models.first)
            #expect(llama.digest == ScriptedModel.llama31.digest)
            #expect(llama.sizeBytes == ScriptedModel.llama31.size)
            #expect(llama.family == "llama")
            #expect(llama.parameterSize == "8.0B")
            #expect(llama.quantization == "Q4_K_M")
            #expect(llama.modifiedAt != nil)
        }
    }

    @Test func modelDetailsFromShow() async throws {
        try await withScriptedServer { _, backend in
            let qwen = try await backend.modelDetails("qwen3:4b")
            #expect(qwen.contextLength == 262_144)
            #expect(qwen.architecture == "qwen3")
            #expect(qwen.capabilities == [.completion, .tools, .thinking])
            #expect(qwen.parameters?.contains("temperature") == true)
        }
    }

    @Test func runningModelsLoadAndUnload() async throws {
        try await withScriptedServer { _, backend in
            try await backend.client.load(model: "qwen3:4b")
            let running = try await backend.client.runningModels()
            let qwen = try #require(running.first { $0.name == "qwen3:4b" })
            #expect(qwen.sizeVRAM > 0)
            #expect(qwen.expiresAt != nil)
            #expect(qwen.contextLength != nil)
            try await backend.client.unload(model: "qwen3:4b")
            let after = try await backend.client.runningModels()
            #expect(!after.contains { $0.name == "qwen3:4b" })
        }
    }

    @Test func chatCompletionWhole() async throws {
        try await withScriptedServer { server, backend in
            let response = try await backend.complete(CompletionRequest(messages: [.user("hello there")]))
            #expect(response.content == "You said: hello there")
            #expect(response.finishReason == .stop)
            #expect(response.model == "llama3.1:8b")
            #expect(response.usage.promptTokens != nil)
            #expect(response.usage.completionTokens != nil)
            let chat = try #require(server.recordedRequests().last { $0.path == "/api/chat" })
            #expect(chat.json?.objectValue?["stream"] == false)
        }
    }

    @Test func chatCompletionStreamed() async throws {
        let script = ServerScript(reply: ScriptedReply(content: .tokens(["Hel", "lo", ", ", "wör", "ld", " 👋"])))
        try await withScriptedServer(script) { server, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("hi")])))
            #expect(error == nil)
            #expect(events.content == "Hello, wörld 👋")
            let done = try #require(events.doneResponse)
            #expect(done.content == "Hello, wörld 👋")
            #expect(done.finishReason == .stop)
            guard case .done? = events.last else {
                Issue.record("the last event should be .done")
                return
            }
            let chat = try #require(server.recordedRequests().last { $0.path == "/api/chat" })
            #expect(chat.json?.objectValue?["stream"] == true)
        }
    }

    @Test func thinkingComesBeforeTheAnswer() async throws {
        let script = ServerScript(reply: ScriptedReply(content: .tokens(["4"]), thinking: ["2+2", " is", " 4"]))
        try await withScriptedServer(script, model: "qwen3:4b") { _, backend in
            let request = CompletionRequest(messages: [.user("2+2?")], think: .enabled(true))
            let (events, error) = await collect(backend.stream(request))
            #expect(error == nil)
            #expect(events.thinking == "2+2 is 4")
            #expect(events.content == "4")
            let firstContent = events.firstIndex { if case .contentDelta = $0 { true } else { false } }
            let lastThinking = events.lastIndex { if case .thinkingDelta = $0 { true } else { false } }
            let thinkingEnd = try #require(lastThinking)
            let contentStart = try #require(firstContent)
            #expect(thinkingEnd < contentStart)
            #expect(events.doneResponse?.thinking == "2+2 is 4")
        }
    }

    @Test func aLongFastStreamArrivesWholeInFewerEvents() async throws {
        let count = 20_000
        let script = ServerScript(reply: ScriptedReply(content: .repeated(token: "tök ", count: count)))
        try await withScriptedServer(script) { _, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("go")])))
            #expect(error == nil)
            #expect(events.content == String(repeating: "tök ", count: count))
            let deltas = events.filter { if case .contentDelta = $0 { true } else { false } }.count
            #expect(deltas < count, "deltas of one read should be coalesced")
        }
    }

    @Test func generateWholeAndStreamed() async throws {
        try await withScriptedServer { _, backend in
            let whole = try await backend.client.generate(GenerateRequest(model: "llama3.1:8b", prompt: "ping"))
            #expect(whole.content.contains("ping"))
            let (events, error) = await collect(
                backend.client.generateStream(GenerateRequest(model: "llama3.1:8b", prompt: "ping")))
            #expect(error == nil)
            #expect(events.content == whole.content)
        }
    }

    @Test func unknownModelIsModelNotFound() async throws {
        try await withScriptedServer { _, backend in
            let request = CompletionRequest(model: "nope:1b", messages: [.user("x")])
            let error = await #expect(throws: BackendError.self) { try await backend.complete(request) }
            guard case .modelNotFound(let model, let message)? = error else {
                Issue.record("expected modelNotFound, got \(String(describing: error))")
                return
            }
            #expect(model == "nope:1b")
            #expect(message.contains("not found"))
            let (_, streamError) = await collect(backend.stream(request))
            #expect(BackendErrorKind.of(streamError) == .modelNotFound)
            let showError = await #expect(throws: BackendError.self) { try await backend.modelDetails("nope:1b") }
            #expect(BackendErrorKind.of(showError) == .modelNotFound)
        }
    }

    @Test func httpFailureKeepsStatusAndMessage() async throws {
        let script = ServerScript(httpFailure: HTTPFailure(status: 503, error: "server busy, please try again"))
        try await withScriptedServer(script) { _, backend in
            let error = await #expect(throws: BackendError.self) { try await backend.listModels() }
            #expect(error == .api(status: 503, message: "server busy, please try again"))
        }
    }

    @Test func nonJSONBodyIsAParsingError() async throws {
        let script = ServerScript(httpFailure: HTTPFailure(status: 200, body: "<html>" + String(repeating: "x", count: 200)))
        try await withScriptedServer(script) { _, backend in
            let error = await #expect(throws: BackendError.self) { try await backend.listModels() }
            guard case .parsing(_, let snippet)? = error else {
                Issue.record("expected parsing, got \(String(describing: error))")
                return
            }
            #expect(snippet.hasPrefix("<html>xx"))
            #expect(snippet.count <= 80)
        }
    }

    @Test func connectionRefusedNamesTheURL() async throws {
        let reserved = try closedLoopbackPort()
        defer { reserved.release() }
        let url = reserved.url
        let backend = OllamaBackend(config: OllamaBackendConfig(server: OllamaServerConfig(baseURL: url)))
        let error = await #expect(throws: BackendError.self) { try await backend.healthCheck() }
        guard case .serviceUnavailable(let reportedURL, let reason, let hint)? = error else {
            Issue.record("expected serviceUnavailable, got \(String(describing: error))")
            return
        }
        #expect(reportedURL == url)
        #expect(reason.contains("refused"))
        #expect(hint == OllamaNaming.serverHint, "the Ollama backend says how to start Ollama")
        #expect(error?.description.contains("Start it with `ollama serve`") == true)
        #expect(await backend.client.isRunning() == false)
        let (_, streamError) = await collect(backend.stream(CompletionRequest(messages: [.user("x")])))
        #expect(BackendErrorKind.of(streamError) == .serviceUnavailable)
    }

    @Test func stalledStreamTimesOut() async throws {
        let script = ServerScript(reply: ScriptedReply(content: .tokens(["a", "b", "c"]), failure: .stall(afterTokens: 2)))
        // Generous: with the whole suite and builds running on two cores, the first bytes of a
        // loopback answer were seen to take over four seconds, and over ten with 544 tests.
        try await withScriptedServer(script, requestTimeout: .seconds(30)) { _, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("x")])))
            #expect(events.content == "ab")
            #expect(error as? BackendError == .timeout(url: backend.config.server.baseURL, seconds: 30))
            let wholeError = await #expect(throws: BackendError.self) {
                try await backend.complete(CompletionRequest(messages: [.user("x")]))
            }
            #expect(BackendErrorKind.of(wholeError) == .timeout)
        }
    }

    @Test func errorLineMidStream() async throws {
        let failure = StreamFailure.errorLine(afterTokens: 2, message: "model runner has unexpectedly stopped")
        let script = ServerScript(reply: ScriptedReply(content: .tokens(["a", "b", "c", "d"]), failure: failure))
        try await withScriptedServer(script) { _, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("x")])))
            #expect(events.content == "ab")
            #expect(error as? BackendError == .streamError(message: "model runner has unexpectedly stopped"))
        }
    }

    @Test(arguments: [StreamFailure.endWithoutDone(afterTokens: 3), .disconnect(afterTokens: 3)])
    func streamEndedEarlyKeepsThePartialText(failure: StreamFailure) async throws {
        let script = ServerScript(reply: ScriptedReply(content: .tokens(["one", " two", " three", " four"]), failure: failure))
        try await withScriptedServer(script) { _, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("x")])))
            #expect(events.content == "one two three")
            #expect(error as? BackendError == .streamEndedEarly(partial: "one two three"))
        }
    }

    @Test func cancellingTheConsumerClosesTheConnection() async throws {
        let script = ServerScript(
            reply: ScriptedReply(content: .repeated(token: "x ", count: 100_000), tokenDelay: .milliseconds(5)))
        try await withScriptedServer(script) { server, backend in
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

    @Test func requestBodyCarriesOptionsToolsAndMessages() async throws {
        try await withScriptedServer(model: "qwen3:4b") { server, backend in
            let tool = ToolDefinition(
                name: "get_weather", description: "Weather",
                parameters: ["type": "object", "properties": ["city": ["type": "string"]]])
            let call = ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"])
            let request = CompletionRequest(
                messages: [.user("weather?"), .assistant("", toolCalls: [call]), .tool("18°C", name: "get_weather")],
                options: GenerationOptions(temperature: 0.2, topK: 10, maxTokens: 50, seed: 7, contextLength: 8192),
                tools: [tool], think: .enabled(true), format: .schema(["type": "object"]))
            _ = try await backend.complete(request)
            let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
            #expect(body["model"] == "qwen3:4b")
            #expect(body["think"] == true)
            #expect(body["format"] == ["type": "object"])
            #expect(body["keep_alive"] == nil)  // none set: the server's OLLAMA_KEEP_ALIVE holds
            #expect(body["options"] == ["temperature": 0.2, "top_k": 10, "num_predict": 50, "seed": 7, "num_ctx": 8192])
            #expect(body["tools"]?.arrayCount == 1)
            guard case .array(let messages)? = body["messages"] else {
                Issue.record("no messages")
                return
            }
            #expect(messages.count == 3)
            #expect(messages[1].objectValue?["tool_calls"] == [["id": "call_1", "function": ["name": "get_weather", "arguments": ["city": "Paris"]]]])
            #expect(messages[2] == ["role": "tool", "content": "18°C", "tool_name": "get_weather"])
        }
    }

    @Test func toolCallsAreMappedBack() async throws {
        let script = ServerScript(
            reply: ScriptedReply(content: .tokens([]), toolCalls: [ScriptedToolCall(name: "get_weather", arguments: ["city": "Paris"])]))
        try await withScriptedServer(script) { _, backend in
            let request = CompletionRequest(
                messages: [.user("weather in Paris?")], tools: [ToolDefinition(name: "get_weather", description: "Weather")])
            let (events, error) = await collect(backend.stream(request))
            #expect(error == nil)
            let expected = [ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"])]
            #expect(events.contains(.toolCalls(expected)))
            let done = try #require(events.doneResponse)
            #expect(done.toolCalls == expected)
            #expect(done.finishReason == .toolUse)
            let whole = try await backend.complete(request)
            #expect(whole.toolCalls == expected)
        }
    }

    @Test func numPredictCutIsLength() async throws {
        try await withScriptedServer(ServerScript(reply: ScriptedReply(content: .tokens(["a", "b", "c", "d"])))) { _, backend in
            let response = try await backend.complete(
                CompletionRequest(messages: [.user("x")], options: GenerationOptions(maxTokens: 2)))
            #expect(response.content == "ab")
            #expect(response.finishReason == .length)
        }
    }

    @Test func pullReportsProgress() async throws {
        try await withScriptedServer { _, backend in
            let (steps, error) = await collect(backend.pullModel("llama3.2"))
            #expect(error == nil)
            #expect(steps.first?.status == "pulling manifest")
            #expect(steps.last?.status == "success")
            #expect(steps.contains { $0.totalBytes != nil && $0.completedBytes != nil && $0.digest != nil })
            let installed = try await backend.listModels()
            #expect(installed.contains { $0.name.hasPrefix("llama3.2") })
            let (_, missing) = await collect(backend.pullModel("no-such-model"))
            guard case .streamError(let message)? = missing as? BackendError else {
                Issue.record("expected an error line in the stream, got \(String(describing: missing))")
                return
            }
            #expect(message.contains("file does not exist"))
        }
    }

    @Test func countTokensUsesTheServersCountForTheLastConversation() async throws {
        try await withScriptedServer { _, backend in
            let prompt: [Message] = [.system("be brief"), .user("hello there")]
            let estimateBefore = try await backend.countTokens(prompt)
            #expect(!estimateBefore.isExact)
            let response = try await backend.complete(CompletionRequest(messages: prompt))
            let served = try #require(response.usage.totalTokens)
            let exact = try await backend.countTokens(prompt + [response.message])
            #expect(exact == TokenCount(tokens: served, isExact: true))
            let next = prompt + [response.message, .user("and again")]
            let extended = try await backend.countTokens(next)
            #expect(extended == TokenCount(tokens: served + TokenCount.estimate([.user("and again")]).tokens, isExact: false))
            let other = try await backend.countTokens([.user("other")])
            #expect(other == TokenCount.estimate([.user("other")]))
        }
    }
}

extension JSONValue {
    fileprivate var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
}
