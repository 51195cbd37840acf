import OllamaTestSupport
import OpenAIBackend
import TachikomaCore
import Testing

/// `POST {base}/embeddings`, and what a model list with types says of a model.
@Suite struct OpenAIEmbeddingTests {
    static var typedScript: ServerScript {
        var script = ServerScript(models: [.llama31, .allMiniLM])
        script.openAI.listsModelTypes = true
        return script
    }

    @Test func aTypeSaysOnlyThatAModelEmbeds() async throws {
        try await withOpenAIServer(Self.typedScript) { _, backend in
            #expect(try await backend.modelDetails("all-minilm:latest").capabilities == .embedding)
            // `llm` says nothing of tools or thinking: unknown, given the benefit of the doubt.
            let chat = try await backend.modelDetails("llama3.1:8b")
            #expect(chat.capabilities == nil)
            #expect(chat.mayHave([.tools, .thinking]))
        }
    }

    @Test func embedSendsModelInputAndDimensionsOnly() async throws {
        try await withOpenAIServer(Self.typedScript) { server, backend in
            let vector = try await backend.embed(EmbeddingRequest(model: "all-minilm:latest", input: "hi", dimensions: 5, truncate: false))
            #expect(vector.count == 5)
            #expect(!backend.takesTruncate)
            let body = try #require(server.recordedRequests().last { $0.path == "/v1/embeddings" }?.json)
            #expect(body == ["model": "all-minilm:latest", "input": "hi", "dimensions": 5])
            await #expect(throws: BackendError.self) {
                _ = try await backend.embed(EmbeddingRequest(model: "nope", input: "hi"))
            }
        }
    }
}
