/// Whether and how hard the model should think before answering.
public enum ThinkSetting: Sendable, Hashable, Codable {
    case enabled(Bool)
    /// One of `levels` ("low", "medium", "high", "max"), for models that take a level.
    case level(String)

    /// The levels `ollama run --think` takes, in rising order.
    public static let levels = ["low", "medium", "high", "max"]

    /// The words `--think` and `/set think` take: true/false (also on/off, yes/no) or a level,
    /// any case; nil for any other word.
    public init?(word: String) {
        let word = word.lowercased()
        switch word {
        case "true", "on", "yes": self = .enabled(true)
        case "false", "off", "no": self = .enabled(false)
        case _ where Self.levels.contains(word): self = .level(word)
        default: return nil
        }
    }

    /// Whether the model is asked to think (true, or any level).
    public var asksToThink: Bool {
        switch self {
        case .enabled(let on): on
        case .level: true
        }
    }

    /// As `ollama run` names it: `true`, `false` or the level.
    public var word: String {
        switch self {
        case .enabled(let on): on ? "true" : "false"
        case .level(let level): level
        }
    }
}

/// The shape the answer must take.
public enum ResponseFormat: Sendable, Hashable, Codable {
    case json
    /// A JSON schema the answer must satisfy.
    case schema(JSONValue)
}

/// Sampling and length options; nil leaves the model's own default.
public struct GenerationOptions: Sendable, Hashable, Codable {
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var minP: Double?
    /// The most tokens to generate (`num_predict`, `max_tokens`).
    public var maxTokens: Int?
    public var stop: [String]?
    public var seed: Int?
    public var repeatPenalty: Double?
    public var repeatLastN: Int?
    /// The context window in tokens (`num_ctx`), for a backend whose requests set it.
    public var contextLength: Int?
    /// A backend's further options (`RequestParameter.Field.extra`) by their wire name (`num_gpu`,
    /// `mirostat`, `use_mmap`, …), sent as they are by a backend that declares them; the ones
    /// above are never in here.
    public var extraOptions: [String: JSONValue] = [:]

    public init(
        temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil, minP: Double? = nil,
        maxTokens: Int? = nil, stop: [String]? = nil, seed: Int? = nil, repeatPenalty: Double? = nil,
        repeatLastN: Int? = nil, contextLength: Int? = nil
    ) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.minP = minP
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
        self.repeatPenalty = repeatPenalty
        self.repeatLastN = repeatLastN
        self.contextLength = contextLength
    }
}

/// One request for an answer: the conversation so far and how to answer it.
public struct CompletionRequest: Sendable, Hashable {
    /// Overrides the backend's default model when set.
    public var model: String?
    public var messages: [Message]
    public var options: GenerationOptions
    public var tools: [ToolDefinition]
    public var think: ThinkSetting?
    public var format: ResponseFormat?

    public init(
        model: String? = nil, messages: [Message], options: GenerationOptions = GenerationOptions(),
        tools: [ToolDefinition] = [], think: ThinkSetting? = nil, format: ResponseFormat? = nil
    ) {
        self.model = model
        self.messages = messages
        self.options = options
        self.tools = tools
        self.think = think
        self.format = format
    }
}
