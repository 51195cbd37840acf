import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

/// `/api/embed` and `/v1/embeddings` as Ollama answers them, byte for byte in shape.
@Suite("Scripted Ollama server: embeddings")
struct ScriptedServerEmbedTests {
    static let script = ServerScript(models: [.llama31, .allMiniLM])

    /// The numbers of the answer's first vector, and the answer with each vector cut out.
    static func vector(in text: String, after key: String) throws -> (numbers: [Float], shape: String) {
        let start = try #require(text.range(of: key + "[")).upperBound
        let end = try #require(text[start...].firstIndex(of: "]"))
        let numbers = text[start..<end].split(separator: ",").compactMap { Float(String($0)) }
        return (numbers, text.replacingCharacters(in: start..<end, with: "…"))
    }

    static func length(_ vector: [Float]) -> Float {
        vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    @Test func embedAnswersInOllamasFieldOrderWithAUnitVector() async throws {
        try await ScriptedOllamaServer.withRunning(Self.script) { server in
            let body = #"{"model":"all-minilm","input":"why is the sky blue?"}"#
            let response = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/embed", body: body)
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            let (numbers, shape) = try Self.vector(in: response.text, after: #""embeddings":["#)
            #expect(shape == #"{"model":"all-minilm","embeddings":[[…]],"total_duration":14027875,"load_duration":1021917,"prompt_eval_count":5}"#)
            #expect(numbers.count == 384)
            #expect(abs(Self.length(numbers) - 1) < 1e-4)
            // The same text gives the same vector, another text another.
            let again = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/embed", body: body)
            #expect(again.text == response.text)
            let other = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/embed", body: #"{"model":"all-minilm","input":"something else"}"#)
            #expect(try Self.vector(in: other.text, after: #""embeddings":["#).numbers != numbers)
        }
    }

    @Test func dimensionsCutTheVectorAndNormaliseItAgain() async throws {
        try await ScriptedOllamaServer.withRunning(Self.script) { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/embed", body: #"{"model":"all-minilm","input":"hi","dimensions":8}"#)
            let numbers = try Self.vector(in: response.text, after: #""embeddings":["#).numbers
            #expect(numbers.count == 8)
            #expect(abs(Self.length(numbers) - 1) < 1e-4)
        }
    }

    @Test func refusalsUseOllamasWords() async throws {
        try await ScriptedOllamaServer.withRunning(Self.script) { server in
            let long = String(repeating: "word ", count: 600)
            let cases: [(String, Int, String)] = [
                (#"{"model":"all-minilm","input":"\#(long)","truncate":false}"#, 400, #"{"error":"the input length exceeds the context length"}"#),
                (#"{"model":"all-minilm","input":42}"#, 400, #"{"error":"invalid input type"}"#),
                (#"{"model":"all-minilm","input":["a",1]}"#, 400, #"{"error":"invalid input type"}"#),
                (#"{"model":"nomic","input":"a"}"#, 404, #"{"error":"model 'nomic' not found"}"#),
                (#"{"model":"all-minilm"}"#, 200, #"{"model":"all-minilm","embeddings":[]}"#),
            ]
            for (body, status, text) in cases {
                let response = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/embed", body: body)
                #expect(response.status == status, "\(body)")
                #expect(response.text == text, "\(body)")
            }
            // Cut to the context by default.
            let cut = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/embed", body: #"{"model":"all-minilm","input":"\#(long)"}"#)
            #expect(cut.status == 200)
            #expect(cut.text.hasSuffix(#""prompt_eval_count":512}"#))
        }
    }

    @Test func anEmbeddingModelDoesNotChat() async throws {
        try await ScriptedOllamaServer.withRunning(Self.script) { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/chat",
                body: #"{"model":"all-minilm","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == 400)
            #expect(response.text == #"{"error":"\"all-minilm\" does not support chat"}"#)
        }
    }

    @Test func openAIEmbeddingsAnswerAsOllamasV1Does() async throws {
        try await ScriptedOllamaServer.withRunning(Self.script) { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/v1/embeddings", body: #"{"model":"all-minilm","input":"hi","dimensions":4}"#)
            #expect(response.status == 200)
            let (numbers, shape) = try Self.vector(in: response.text, after: #""embedding":"#)
            #expect(shape == #"{"object":"list","data":[{"object":"embedding","embedding":[…],"index":0}],"model":"all-minilm","usage":{"prompt_tokens":1,"total_tokens":1}}"#)
            #expect(numbers.count == 4)
            // The same vector as Ollama's own endpoint gives.
            let native = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/embed", body: #"{"model":"all-minilm","input":"hi","dimensions":4}"#)
            #expect(try Self.vector(in: native.text, after: #""embeddings":["#).numbers == numbers)

            let empty = try await ScriptedServerTestClient.send(port: server.port, "POST", "/v1/embeddings", body: #"{"model":"all-minilm","input":[]}"#)
            #expect(empty.status == 400)
            #expect(empty.text.contains(#""message":"invalid input""#))
        }
    }

    @Test func modelTypesAreListedOnlyWhenAsked() async throws {
        var script = Self.script
        try await ScriptedOllamaServer.withRunning(script) { server in
            let plain = try await ScriptedServerTestClient.send(port: server.port, "GET", "/v1/models")
            #expect(!plain.text.contains("\"type\""))
        }
        script.openAI.listsModelTypes = true
        try await ScriptedOllamaServer.withRunning(script) { server in
            let typed = try await ScriptedServerTestClient.send(port: server.port, "GET", "/v1/models")
            #expect(typed.text.contains(#"{"id":"all-minilm:latest","object":"model","created":1729418400,"owned_by":"library","type":"embeddings"}"#))
            #expect(typed.text.contains(#""id":"llama3.1:8b","object":"model","created":1729418400,"owned_by":"library","type":"llm"}"#))
        }
    }
}
