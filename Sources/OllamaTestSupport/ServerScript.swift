import TachikomaCore

/// A model `/api/ps` reports as loaded.
public struct ScriptedRunningModel: Sendable, Hashable {
    /// Name of a model in `ServerScript.models` (its details and digest are taken from there).
    public var name: String
    public var size: Int64
    public var sizeVRAM: Int64
    /// RFC 3339 timestamp, sent verbatim.
    public var expiresAt: String
    public var contextLength: Int

    public init(name: String, size: Int64 = 6_654_289_920, sizeVRAM: Int64 = 6_654_289_920,
                expiresAt: String = "2025-10-20T12:05:00.123456789+02:00", contextLength: Int = 4096) {
        self.name = name
        self.size = size
        self.sizeVRAM = sizeVRAM
        self.expiresAt = expiresAt
        self.contextLength = contextLength
    }
}

/// How `/api/pull` behaves.
public struct ScriptedPull: Sendable, Hashable {
    /// What the "registry" holds: pulling any other name fails with `pull model manifest: file does not exist`.
    public var available: [ScriptedModel]
    /// Progress lines per layer (the `completed` value grows over them).
    public var updatesPerLayer: Int
    /// Pause before each progress line.
    public var stepDelay: Duration
    /// When set, this error line replaces `verifying sha256 digest` and ends the pull.
    public var failure: String?

    public init(available: [ScriptedModel] = [.llama32, .gemma3, .llama31, .qwen3], updatesPerLayer: Int = 4,
                stepDelay: Duration = .zero, failure: String? = nil) {
        self.available = available
        self.updatesPerLayer = updatesPerLayer
        self.stepDelay = stepDelay
        self.failure = failure
    }
}

/// A canned answer for every `/api/*` request, replacing normal behaviour (e.g. a 500 or a 503).
public struct HTTPFailure: Sendable, Hashable {
    public var status: Int
    /// Sent verbatim with `Content-Type: application/json; charset=utf-8`.
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }

    /// An Ollama-style error body: `{"error":"message"}`.
    public init(status: Int, error message: String) {
        var json = GoJSONWriter()
        json.write(.object([("error", .string(message))]))
        self.init(status: status, body: json.string)
    }
}

/// Everything the scripted server answers with. `ServerScript()` gives a usable server.
public struct ServerScript: Sendable, Hashable {
    public var version: String
    /// Installed models, listed by `/api/tags` in this order (Ollama lists the most recently modified first).
    public var models: [ScriptedModel]
    /// Loaded models for `/api/ps`. Chat and generate requests add their model here, `keep_alive: 0` removes it.
    public var running: [ScriptedRunningModel]
    public var reply: ScriptedReply
    public var pull: ScriptedPull
    public var httpFailure: HTTPFailure?
    /// Paths (e.g. `/api/show`) whose requests are read but never answered: the connection stays
    /// open until the client leaves, which counts as a client disconnect.
    public var unansweredPaths: Set<String> = []
    /// How the OpenAI-compatible routes under `/v1` behave (the answer itself follows `reply`).
    public var openAI = ScriptedOpenAI()

    public init(
        version: String = "0.12.6",
        models: [ScriptedModel] = [.llama31, .qwen3],
        running: [ScriptedRunningModel] = [],
        reply: ScriptedReply = ScriptedReply(),
        pull: ScriptedPull = ScriptedPull(),
        httpFailure: HTTPFailure? = nil
    ) {
        self.version = version
        self.models = models
        self.running = running
        self.reply = reply
        self.pull = pull
        self.httpFailure = httpFailure
    }

    /// The installed model a request names, matched as Ollama does (case-insensitive, `:latest` implied,
    /// `registry.ollama.ai/library/` optional).
    public func model(named requested: String) -> ScriptedModel? {
        models.first { ModelName.sameModel($0.name, requested) }
    }
}

/// Ollama model-name rules the server needs.
enum ModelName {
    static func canonical(_ name: String) -> String {
        var result = name.lowercased()
        for prefix in ["registry.ollama.ai/library/", "registry.ollama.ai/"] where result.hasPrefix(prefix) {
            result.removeFirst(prefix.count)
        }
        if result.hasPrefix("library/") { result.removeFirst("library/".count) }
        let lastComponent = result.split(separator: "/").last.map(String.init) ?? result
        if !lastComponent.contains(":") { result += ":latest" }
        return result
    }

    static func sameModel(_ lhs: String, _ rhs: String) -> Bool {
        canonical(lhs) == canonical(rhs)
    }

    /// The fully qualified name Ollama uses in capability errors: `registry.ollama.ai/library/llama3.1:8b`.
    static func qualified(_ name: String) -> String {
        let short = canonical(name)
        return short.contains("/") ? "registry.ollama.ai/" + short : "registry.ollama.ai/library/" + short
    }

    /// Whether Ollama would accept the name at all (empty names are invalid).
    static func isValid(_ name: String) -> Bool {
        name.contains { !$0.isWhitespace }
    }
}
