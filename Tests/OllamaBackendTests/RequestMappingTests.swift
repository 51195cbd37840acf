import Foundation
import TachikomaCore
import Testing

@testable import OllamaBackend

@Suite("Request mapping")
struct RequestMappingTests {
    /// The request as the JSON object that goes on the wire.
    private func wire(_ request: CompletionRequest, config: OllamaBackendConfig = OllamaBackendConfig()) throws -> JSONValue {
        let data = try JSONEncoder().encode(ChatRequest(request, config: config, stream: true))
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    @Test func defaultsFromTheConfig() throws {
        let body = try wire(CompletionRequest(messages: [.user("hi")]))
        #expect(
            body
                == [
                    "model": "llama3.1:8b", "messages": [["role": "user", "content": "hi"]],
                    "options": [:], "stream": true,
                ])
    }

    @Test func everyOptionUnderOllamasName() throws {
        let options = GenerationOptions(
            temperature: 0.5, topP: 0.9, topK: 40, minP: 0.05, maxTokens: 128, stop: ["\n\n", "User:"], seed: 42,
            repeatPenalty: 1.1, repeatLastN: 64, contextLength: 8192)
        let body = try wire(CompletionRequest(model: "qwen3", messages: [.user("x")], options: options))
        #expect(body.objectValue?["model"] == "qwen3")
        #expect(
            body.objectValue?["options"]
                == [
                    "temperature": 0.5, "top_p": 0.9, "top_k": 40, "min_p": 0.05, "num_predict": 128,
                    "stop": ["\n\n", "User:"], "seed": 42, "repeat_penalty": 1.1, "repeat_last_n": 64, "num_ctx": 8192,
                ])
    }

    @Test func toolsThinkFormatAndToolMessages() throws {
        let tool = ToolDefinition(
            name: "get_weather", description: "Weather for a city",
            parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])
        let call = ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"])
        let request = CompletionRequest(
            messages: [
                .system("be brief"), .user("weather?", images: ["aGVsbG8="]),
                .assistant("", thinking: "need a tool", toolCalls: [call]), .tool("18°C", name: "get_weather"),
            ],
            tools: [tool], think: .level("high"), format: .schema(["type": "object"]))
        let body = try #require(try wire(request).objectValue)
        #expect(
            body["tools"]
                == [
                    [
                        "type": "function",
                        "function": [
                            "name": "get_weather", "description": "Weather for a city",
                            "parameters": [
                                "type": "object", "properties": ["city": ["type": "string"]], "required": ["city"],
                            ],
                        ],
                    ]
                ])
        #expect(body["think"] == "high")
        #expect(body["format"] == ["type": "object"])
        #expect(
            body["messages"]
                == [
                    ["role": "system", "content": "be brief"],
                    ["role": "user", "content": "weather?", "images": ["aGVsbG8="]],
                    [
                        "role": "assistant", "content": "", "thinking": "need a tool",
                        "tool_calls": [["id": "call_1", "function": ["name": "get_weather", "arguments": ["city": "Paris"]]]],
                    ],
                    ["role": "tool", "content": "18°C", "tool_name": "get_weather"],
                ])
    }

    @Test func jsonFormatAndBooleanThink() throws {
        let body = try #require(try wire(CompletionRequest(messages: [], think: .enabled(false), format: .json)).objectValue)
        #expect(body["format"] == "json")
        #expect(body["think"] == false)
    }

    /// The chat decides per request what to offer: a request's tools go out whatever the config's
    /// `toolsEnabled`, and a request without tools sends no `tools` key.
    @Test func aRequestsToolsAreSentAndNoneMeansNoKey() throws {
        let config = OllamaBackendConfig(toolsEnabled: false)
        let request = CompletionRequest(messages: [.user("x")], tools: [ToolDefinition(name: "t", description: "d")])
        guard case .array(let tools)? = try wire(request, config: config).objectValue?["tools"] else {
            Issue.record("no tools sent")
            return
        }
        #expect(tools.count == 1)
        #expect(try wire(CompletionRequest(messages: [.user("x")])).objectValue?["tools"] == nil)
    }

    @Test(arguments: [("5m", JSONValue.string("5m")), ("300", .number(300)), ("0", .number(0)), ("-1", .number(-1)), ("1h2m3s", .string("1h2m3s"))])
    func keepAliveIsADurationOrSeconds(text: String, expected: JSONValue) throws {
        let body = try wire(CompletionRequest(messages: []), config: OllamaBackendConfig(keepAlive: text))
        #expect(body.objectValue?["keep_alive"] == expected)
    }
}
