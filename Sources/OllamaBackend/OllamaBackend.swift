import AsyncHTTPClient
import HTTPStreaming
import TachikomaCore

/// Ollama as a `Backend`: chat over `/api/chat`, models over tags/show/pull.
public struct OllamaBackend: ModelListing, ModelDescribing, ModelPulling, StreamingExecutorProviding {
    public let config: OllamaBackendConfig
    /// The endpoint-level client, for what the `Backend` protocol does not cover (ps, load, unload…).
    public let client: OllamaClient
    private let tokenCounts = ServerTokenCounts()

    /// - Parameter httpClient: see `OllamaClient.init(config:httpClient:)`; nil makes one honouring
    ///   the server config's timeouts.
    public init(config: OllamaBackendConfig = OllamaBackendConfig(), httpClient: HTTPClient? = nil) {
        self.config = config
        self.client = OllamaClient(config: config.server, httpClient: httpClient)
    }

    /// The server's version, where it is and the default model. What a model can do is
    /// `modelDetails(_:)`'s.
    public func info() async throws -> BackendInfo {
        BackendInfo(name: "Ollama", version: try await client.version(), endpoint: config.server.baseURL, defaultModel: config.model)
    }

    public func complete(_ request: CompletionRequest) async throws -> CompletionResponse {
        let response = try await client.chat(ChatRequest(request, config: config, stream: false))
        tokenCounts.record(prompt: request.messages, response: response)
        return response
    }

    /// Deltas are coalesced per network read; `.done` carries the whole answer. Cancelling the
    /// consuming task closes the connection (Ollama stops generating) and ends the stream with
    /// `BackendError.cancelled`.
    public func stream(_ request: CompletionRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let counts = tokenCounts
        let messages = request.messages
        return client.chatStream(ChatRequest(request, config: config, stream: true)) { response in
            counts.record(prompt: messages, response: response)
        }
    }

    /// An executor on one of the HTTP client's event loops, for a task that reads one stream from
    /// start to end: its reads and their decoding then happen on one thread (`EventLoopTaskExecutor`).
    public func makeStreamingExecutor() -> any TaskExecutor {
        EventLoopTaskExecutor(loop: client.http.eventLoopGroup.next())
    }

    /// `GET /api/version`, timed.
    public func healthCheck() async throws -> HealthStatus {
        let clock = ContinuousClock()
        let start = clock.now
        let version = try await client.version()
        return HealthStatus(version: version, latency: clock.now - start)
    }

    /// Exact when `messages` is the last answered conversation (the server's `prompt_eval_count +
    /// eval_count`), that count plus an estimate of the messages added since when it begins with it,
    /// else `TokenCount.estimate`. Never calls the server. See `ServerTokenCounts`.
    public func countTokens(_ messages: [Message]) async throws -> TokenCount {
        tokenCounts.count(messages)
    }

    /// `llama3.2` is `llama3.2:latest`.
    public var modelNaming: any ModelNaming { OllamaNaming.modelNaming }

    public var modelTopics: [String] { OllamaNaming.modelTopics }

    /// `num_ctx` per request, `num_predict` and Ollama's other options.
    public var requestParameters: RequestParameterTable { OllamaNaming.requestParameters }

    public func listModels() async throws -> [ModelSummary] {
        try await client.listModels()
    }

    public func modelDetails(_ name: String) async throws -> ModelDetails {
        try await client.show(model: name)
    }

    public func pullModel(_ name: String) -> AsyncThrowingStream<PullProgress, any Error> {
        client.pull(model: name)
    }
}

extension OllamaBackend: EmbeddingMaking {
    /// `/api/embed`, with the configured `keep_alive` when there is one.
    public func embed(_ request: EmbeddingRequest) async throws -> [Float] {
        try await client.embed(EmbedRequestWire(request, keepAlive: config.keepAlive.map(KeepAlive.init)))
    }
}

extension OllamaBackend: LoadedModelReporting {
    /// `/api/ps`: the loaded models and the context each was loaded with.
    public func loadedModels() async throws -> [LoadedModel] {
        try await client.runningModels().map { LoadedModel(name: $0.name, contextLength: $0.contextLength) }
    }
}
