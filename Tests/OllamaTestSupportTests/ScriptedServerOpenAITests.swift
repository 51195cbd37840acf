import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

/// The scripted server's OpenAI-compatible API, byte for byte: what it sends is what OpenAI sends.
@Suite("Scripted server: OpenAI-compatible API")
struct ScriptedServerOpenAITests {
    static func chatBody(stream: Bool, usage: Bool = true, extra: String = "") -> String {
        #"{"model":"llama3.1:8b","messages":[{"role":"user","content":"hi there"}],"stream":\#(stream)"#
            + (usage ? #","stream_options":{"include_usage":true}"# : "") + extra + "}"
    }

    @Test func aStreamIsServerSentEventsEndedByDone() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/v1/chat/completions", body: Self.chatBody(stream: true))
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/event-stream; charset=utf-8")
            #expect(response.chunkedComplete)
            let events = response.text.components(separatedBy: "\n\n")
            #expect(events.last == "")
            let data = events.dropLast().map { event -> String in
                #expect(event.hasPrefix("data: "), "\(event)")
                return String(event.dropFirst("data: ".count))
            }
            #expect(data.last == "[DONE]")
            #expect(data.first == #"{"id":"chatcmpl-tachikoma\#(Self.promptTokens(data))","object":"chat.completion.chunk","created":1729418400,"model":"llama3.1:8b","system_fingerprint":"fp_tachikoma","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}"#)
            let chunks = data.dropLast().compactMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)).objectValue }
            #expect(chunks.count == data.count - 1)
            let contents = chunks.compactMap { $0["choices"]?.arrayFirst?.objectValue?["delta"]?.objectValue?["content"]?.stringValue }
            #expect(contents.joined() == "You said: hi there")
            // The finish reason in its own chunk with an empty delta, then usage with empty choices.
            let finish = chunks[chunks.count - 2]["choices"]?.arrayFirst?.objectValue
            #expect(finish?["finish_reason"] == "stop")
            #expect(finish?["delta"] == [:])
            let usage = chunks[chunks.count - 1]
            #expect(usage["choices"] == [])
            #expect(usage["usage"]?.objectValue?["completion_tokens"] == 4)
            #expect(chunks.dropLast().allSatisfy { $0["usage"] == .null })
        }
    }

    static func promptTokens(_ data: [String]) -> Int {
        guard let usage = data.dropLast().last,
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(usage.utf8)),
            case .number(let tokens)? = value.objectValue?["usage"]?.objectValue?["prompt_tokens"]
        else { return -1 }
        return Int(tokens)
    }

    @Test func withoutIncludeUsageThereIsNoUsageAtAll() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/v1/chat/completions", body: Self.chatBody(stream: true, usage: false))
            #expect(!response.text.contains("usage"))
            #expect(response.text.hasSuffix("data: [DONE]\n\n"))
        }
    }

    @Test func toolCallArgumentsComeInThePiecesAsked() async throws {
        var script = ServerScript(reply: ScriptedReply(
            content: .tokens([]), toolCalls: [ScriptedToolCall(name: "get_weather", arguments: ["city": "Paris"])]))
        script.openAI.toolArgumentPieces = 4
        try await ScriptedOllamaServer.withRunning(script) { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/v1/chat/completions",
                body: Self.chatBody(stream: true, extra: #","tools":[{"type":"function","function":{"name":"get_weather","parameters":{}}}]"#))
            let fragments = response.text.components(separatedBy: "\n\n").filter { $0.contains(#""tool_calls":["#) }
            #expect(fragments.count == 5)
            #expect(fragments.first?.contains(#""tool_calls":[{"index":0,"id":"call_scripted_0","type":"function","function":{"name":"get_weather","arguments":""}}]"#) == true)
            let pieces = fragments.dropFirst().compactMap { fragment -> String? in
                let json = try? JSONDecoder().decode(JSONValue.self, from: Data(fragment.dropFirst("data: ".count).utf8))
                let call = json?.objectValue?["choices"]?.arrayFirst?.objectValue?["delta"]?.objectValue?["tool_calls"]?.arrayFirst
                return call?.objectValue?["function"]?.objectValue?["arguments"]?.stringValue
            }
            #expect(pieces.joined() == #"{"city":"Paris"}"#)
            #expect(response.text.contains(#""finish_reason":"tool_calls""#))
        }
    }

    @Test func aWholeAnswerIsOneChatCompletion() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/v1/chat/completions", body: Self.chatBody(stream: false, usage: false))
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(response.body)).objectValue
            #expect(json?["object"] == "chat.completion")
            let choice = json?["choices"]?.arrayFirst?.objectValue
            #expect(choice?["message"] == ["role": "assistant", "content": "You said: hi there"])
            #expect(choice?["finish_reason"] == "stop")
        }
    }

    @Test func errorsHaveOpenAIsShapeAndRetryAfter() async throws {
        var script = ServerScript()
        script.openAI.failures = [OpenAIFailure(status: 429, message: "Rate limit reached", code: "rate_limit_exceeded", retryAfter: "7")]
        try await ScriptedOllamaServer.withRunning(script) { server in
            let limited = try await ScriptedServerTestClient.send(port: server.port, "GET", "/v1/models")
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "7")
            #expect(limited.text == #"{"error":{"message":"Rate limit reached","type":"invalid_request_error","param":null,"code":"rate_limit_exceeded"}}"#)
            let models = try await ScriptedServerTestClient.send(port: server.port, "GET", "/v1/models")
            #expect(models.status == 200)
            let unknown = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/v1/chat/completions",
                body: #"{"model":"gpt-nope","messages":[{"role":"user","content":"x"}]}"#)
            #expect(unknown.status == 404)
            #expect(unknown.text.contains(#""code":"model_not_found""#))
        }
    }

    @Test func aRequiredKeyIsChecked() async throws {
        var script = ServerScript()
        script.openAI.requiredAPIKey = "sk-scripted-1234"
        try await ScriptedOllamaServer.withRunning(script) { server in
            let response = try await ScriptedServerTestClient.send(port: server.port, "GET", "/v1/models")
            #expect(response.status == 401)
            #expect(response.text.contains("You didn't provide an API key"))
        }
    }

    @Test func theModelListHasOpenAIsShape() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let response = try await ScriptedServerTestClient.send(port: server.port, "GET", "/v1/models")
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(response.body)).objectValue
            #expect(json?["object"] == "list")
            #expect(json?["data"]?.arrayFirst == ["id": "llama3.1:8b", "object": "model", "created": 1729418400, "owned_by": "library"])
        }
    }
}

extension JSONValue {
    var arrayFirst: JSONValue? {
        if case .array(let values) = self { return values.first }
        return nil
    }
}
