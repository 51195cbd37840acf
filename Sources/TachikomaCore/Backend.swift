/// A source of answers: a local model server, or anything that speaks like one.
///
/// The REPL and the command line talk to this protocol only, so a second backend needs no change there.
public protocol Backend: Sendable {
    /// What this backend is and where it lives.
    func info() async throws -> BackendInfo

    /// One whole answer.
    func complete(_ request: CompletionRequest) async throws -> CompletionResponse

    /// An answer as it is generated. Cancelling the consuming task cancels the request and closes
    /// its connection; the stream then finishes with `BackendError.cancelled`.
    func stream(_ request: CompletionRequest) -> AsyncThrowingStream<StreamEvent, any Error>

    /// Whether the server answers, and its version. Throws `BackendError` when it does not.
    func healthCheck() async throws -> HealthStatus

    /// How many tokens these messages take: exact where the server has counted them, else estimated.
    func countTokens(_ messages: [Message]) async throws -> TokenCount

    /// How this backend's server spells model names: which names are the same model.
    var modelNaming: any ModelNaming { get }

    /// The topics `/show` offers for a model on this backend's server, the first the default (e.g.
    /// `info`, `parameters`, `template`, `system`, `modelfile`, `license` for a server with Modelfiles).
    var modelTopics: [String] { get }

    /// The options this backend's server takes with a request beyond the chat's own, and how its
    /// context window is chosen: what `/set` and `/ctx` offer while the chat is on it.
    var requestParameters: RequestParameterTable { get }
}

extension Backend {
    /// Names are the same only when equal.
    public var modelNaming: any ModelNaming { ExactModelNaming() }
    /// The summary and the system prompt: what any server that describes a model has.
    public var modelTopics: [String] { ["info", "system"] }
    /// Only the chat's own settings (temperature, top_p, seed, stop, …).
    public var requestParameters: RequestParameterTable { .chatSettingsOnly }
}

/// A backend that can list its server's models: enough for `/model`'s list and Tab completion.
public protocol ModelListing: Backend {
    func listModels() async throws -> [ModelSummary]
}

/// A backend that can describe a model (architecture, context window, capabilities…).
public protocol ModelDescribing: Backend {
    func modelDetails(_ name: String) async throws -> ModelDetails
}

/// A backend that can download models to its server. Adopted only by a backend whose server can:
/// the chat offers "/model NAME pulls it" exactly when the backend is one.
public protocol ModelPulling: Backend {
    /// Download a model, reporting progress as it goes.
    func pullModel(_ name: String) -> AsyncThrowingStream<PullProgress, any Error>
}

/// A backend that can say which models are loaded, and with what context window.
public protocol LoadedModelReporting: Backend {
    func loadedModels() async throws -> [LoadedModel]
}

/// A model the server holds in memory.
public struct LoadedModel: Sendable, Hashable {
    public var name: String
    /// The context window it was loaded with, in tokens.
    public var contextLength: Int?

    public init(name: String, contextLength: Int?) {
        self.name = name
        self.contextLength = contextLength
    }
}

/// The answer to a health check.
public struct HealthStatus: Sendable, Hashable {
    public var version: String?
    /// How long the server took to answer.
    public var latency: Duration

    public init(version: String?, latency: Duration) {
        self.version = version
        self.latency = latency
    }
}

/// A token count and whether the server measured it or it was estimated.
public struct TokenCount: Sendable, Hashable {
    public var tokens: Int
    public var isExact: Bool

    public init(tokens: Int, isExact: Bool) {
        self.tokens = tokens
        self.isExact = isExact
    }

    /// A rough count for text no server has measured: about four bytes of UTF-8 a token for English
    /// prose, the usual rule of thumb for BPE vocabularies, plus four tokens of framing a message.
    public static func estimate(_ messages: [Message]) -> TokenCount {
        var tokens = 0
        for message in messages {
            tokens += estimate(text: message.content) + 4
            if let thinking = message.thinking { tokens += estimate(text: thinking) }
        }
        return TokenCount(tokens: tokens, isExact: false)
    }

    /// The rough count of one text: a quarter of its UTF-8 bytes, rounded up.
    public static func estimate(text: String) -> Int {
        (text.utf8.count + 3) / 4
    }
}

/// What a backend is and where it lives. What a model can do is the model's own
/// (`ModelDetails.capabilities`); what the backend can do is the capability protocols it adopts.
public struct BackendInfo: Sendable, Hashable {
    /// The kind of server, as a person would name it.
    public var name: String
    public var version: String?
    /// Where it is, e.g. `http://127.0.0.1:11434`.
    public var endpoint: String
    public var defaultModel: String

    public init(name: String, version: String?, endpoint: String, defaultModel: String) {
        self.name = name
        self.version = version
        self.endpoint = endpoint
        self.defaultModel = defaultModel
    }
}

/// A backend whose streams are best read on one executor: the thread that does the connection's I/O
/// (HTTPStreaming's `EventLoopTaskExecutor`), so that a read and its decoding and drawing happen one
/// after the other on that thread, without waking another for every word (`run`, the chat's turns).
public protocol StreamingExecutorProviding: Backend {
    /// An executor for a task that reads one stream from start to end. Only for work that does not
    /// block for long: the connection waits meanwhile.
    func makeStreamingExecutor() -> any TaskExecutor
}
