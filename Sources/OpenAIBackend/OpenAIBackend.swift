import AsyncHTTPClient
import Foundation
import HTTPStreaming
import TachikomaCore

/// An OpenAI-compatible server as a `Backend`: llama.cpp's `llama-server`, vLLM, LM Studio, Ollama's
/// `/v1`, or a hosted API. Chat over `POST {base}/chat/completions` (streamed as Server-Sent Events),
/// models over `GET {base}/models`.
///
/// It can list models and describe them as far as the list does, but not download them: such a
/// server serves the models it was started with, so this is no `ModelPulling`.
public struct OpenAIBackend: ModelListing, ModelDescribing, StreamingExecutorProviding {
    public let config: OpenAIBackendConfig
    let client: OpenAIClient
    private let tokenCounts = ServerTokenCounts()

    /// - Parameter httpClient: nil (the default) makes a client of its own that honours the
    ///   config's timeouts and `caFile`; a client passed in is used as it is.
    /// - Throws: `BackendError.configuration` when `caFile` cannot be read as PEM certificates.
    public init(config: OpenAIBackendConfig, httpClient: HTTPClient? = nil) throws {
        self.config = config
        self.client = try OpenAIClient(config: config, httpClient: httpClient)
    }

    /// The one call the wiring needs: a server's API base, its key (from the environment variable
    /// `apiKeyEnvName` names), an optional CA file and the default model.
    public init(
        baseURL: String, apiKey: String?, apiKeyEnvName: String?, caFile: String?, model: String = "",
        connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(300)
    ) throws {
        try self.init(config: OpenAIBackendConfig(
            baseURL: baseURL, apiKey: apiKey, apiKeyEnvName: apiKeyEnvName, caFile: caFile, model: model,
            connectTimeout: connectTimeout, requestTimeout: requestTimeout))
    }

    /// What the server lists is all it says of itself: no version.
    public func info() async throws -> BackendInfo {
        BackendInfo(name: "OpenAI-compatible", version: nil, endpoint: config.baseURL, defaultModel: config.model)
    }

    /// `max_tokens`, `top_k` and `min_p`; the context window is the server's own.
    public var requestParameters: RequestParameterTable { OpenAIRequestParameters.table }

    public func complete(_ request: CompletionRequest) async throws -> CompletionResponse {
        let response = try await client.complete(ChatCompletionRequestWire(request, config: config, stream: false))
        tokenCounts.record(prompt: request.messages, response: response)
        return response
    }

    /// Deltas are coalesced per network read; tool calls come whole, assembled from their
    /// fragments, just before `.done`, which carries the whole answer. Cancelling the consuming
    /// task closes the connection and ends the stream with `BackendError.cancelled`.
    public func stream(_ request: CompletionRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let counts = tokenCounts
        let messages = request.messages
        return client.stream(ChatCompletionRequestWire(request, config: config, stream: true)) { response in
            counts.record(prompt: messages, response: response)
        }
    }

    /// An executor on one of the HTTP client's event loops, for a task that reads one stream from
    /// start to end (see `EventLoopTaskExecutor`).
    public func makeStreamingExecutor() -> any TaskExecutor {
        EventLoopTaskExecutor(loop: client.http.eventLoopGroup.next())
    }

    /// `GET {base}/models`, timed: the one request every such server answers (a key is checked too).
    public func healthCheck() async throws -> HealthStatus {
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await client.listModels()
        return HealthStatus(version: nil, latency: clock.now - start)
    }

    /// Exact when `messages` is the last answered conversation (its `usage`), else estimated; never
    /// calls the server. See `ServerTokenCounts`.
    public func countTokens(_ messages: [Message]) async throws -> TokenCount {
        tokenCounts.count(messages)
    }

    /// The models `GET {base}/models` lists, in its order; size and digest are unknown (0 and "").
    public func listModels() async throws -> [ModelSummary] {
        try await client.listModels().data.map { model in
            ModelSummary(
                name: model.id, digest: "", sizeBytes: model.meta?.size ?? 0,
                modifiedAt: model.created.map { Date(timeIntervalSince1970: $0) }, family: model.ownedBy)
        }
    }

    /// What the model list says of one model (llama.cpp's server adds its trained context length).
    /// OpenAI's model list does not say what a model can do, so `capabilities` is nil (unknown: the
    /// chat still offers tools, and the server refuses what the model cannot do) unless the server
    /// lists Ollama's `capabilities` words, or a `type` of `embeddings` (LM Studio) for an embedding model.
    /// llama.cpp's server says what its model takes besides text (`inputs`, from `/props`).
    /// - Throws: `BackendError.modelNotServed` when the server does not list it.
    public func modelDetails(_ name: String) async throws -> ModelDetails {
        guard let model = try await client.listModels().data.first(where: { $0.id == name }) else {
            throw BackendError.modelNotServed(model: name, message: "the server at \(config.baseURL) does not list it")
        }
        var details = ModelDetails(name: model.id, contextLength: model.meta?.nCtxTrain, capabilities: model.modelCapabilities)
        // llama.cpp's server (the one that lists `meta`) says whether its model sees or hears.
        if model.meta != nil { details.inputs = await client.serverProps()?.inputs }
        return details
    }
}

extension OpenAIBackend: EmbeddingMaking {
    /// `POST {base}/embeddings`; OpenAI's API has no `truncate`, so it is not sent.
    public func embed(_ request: EmbeddingRequest) async throws -> [Float] {
        try await client.embed(EmbeddingsRequestWire(
            model: request.model, input: request.input, dimensions: request.dimensions.flatMap { $0 > 0 ? $0 : nil }))
    }

    public var takesTruncate: Bool { false }
}
