import TachikomaCore

/// The body of `POST /api/chat`, keys exactly as Ollama's `api.ChatRequest`.
public struct ChatRequest: Sendable, Hashable, Codable {
    public var model: String
    public var messages: [WireMessage]
    public var tools: [WireTool]?
    public var format: JSONValue?
    public var options: WireOptions?
    public var stream: Bool?
    public var keepAlive: KeepAlive?
    public var think: ThinkValue?

    public init(
        model: String, messages: [WireMessage], tools: [WireTool]? = nil, format: JSONValue? = nil,
        options: WireOptions? = nil, stream: Bool? = nil, keepAlive: KeepAlive? = nil, think: ThinkValue? = nil
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.format = format
        self.options = options
        self.stream = stream
        self.keepAlive = keepAlive
        self.think = think
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, tools, format, options, stream, think
        case keepAlive = "keep_alive"
    }
}

/// One chat message on the wire.
public struct WireMessage: Sendable, Hashable, Codable {
    public var role: String
    public var content: String
    public var thinking: String?
    public var images: [String]?
    public var toolCalls: [WireToolCall]?
    public var toolName: String?

    public init(
        role: String, content: String, thinking: String? = nil, images: [String]? = nil,
        toolCalls: [WireToolCall]? = nil, toolName: String? = nil
    ) {
        self.role = role
        self.content = content
        self.thinking = thinking
        self.images = images
        self.toolCalls = toolCalls
        self.toolName = toolName
    }

    enum CodingKeys: String, CodingKey {
        case role, content, thinking, images
        case toolCalls = "tool_calls"
        case toolName = "tool_name"
    }
}

/// A tool call as Ollama sends it: `arguments` is a JSON object, not a string.
public struct WireToolCall: Sendable, Hashable, Codable {
    public struct Function: Sendable, Hashable, Codable {
        public var index: Int?
        public var name: String
        public var arguments: JSONValue

        public init(index: Int? = nil, name: String, arguments: JSONValue) {
            self.index = index
            self.name = name
            self.arguments = arguments
        }
    }

    public var id: String?
    public var function: Function

    public init(id: String? = nil, function: Function) {
        self.id = id
        self.function = function
    }
}

/// `{"type":"function","function":{"name","description","parameters"}}`.
public struct WireTool: Sendable, Hashable, Codable {
    public struct Function: Sendable, Hashable, Codable {
        public var name: String
        public var description: String
        public var parameters: JSONValue

        public init(name: String, description: String, parameters: JSONValue) {
            self.name = name
            self.description = description
            self.parameters = parameters
        }
    }

    public var type: String
    public var function: Function

    public init(function: Function) {
        self.type = "function"
        self.function = function
    }
}

/// Model options; nil fields are left out so the model's own defaults apply.
public struct WireOptions: Sendable, Hashable, Codable {
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var minP: Double?
    public var numPredict: Int?
    public var stop: [String]?
    public var seed: Int?
    public var repeatPenalty: Double?
    public var repeatLastN: Int?
    public var numCtx: Int?
    /// Any other option by its wire name (`num_gpu`, `mirostat`, …); a name above is never in here.
    public var extra: [String: JSONValue] = [:]

    public init(
        temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil, minP: Double? = nil,
        numPredict: Int? = nil, stop: [String]? = nil, seed: Int? = nil, repeatPenalty: Double? = nil,
        repeatLastN: Int? = nil, numCtx: Int? = nil
    ) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.minP = minP
        self.numPredict = numPredict
        self.stop = stop
        self.seed = seed
        self.repeatPenalty = repeatPenalty
        self.repeatLastN = repeatLastN
        self.numCtx = numCtx
    }

    enum CodingKeys: String, CodingKey {
        case temperature, stop, seed
        case topP = "top_p"
        case topK = "top_k"
        case minP = "min_p"
        case numPredict = "num_predict"
        case repeatPenalty = "repeat_penalty"
        case repeatLastN = "repeat_last_n"
        case numCtx = "num_ctx"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        topK = try container.decodeIfPresent(Int.self, forKey: .topK)
        minP = try container.decodeIfPresent(Double.self, forKey: .minP)
        numPredict = try container.decodeIfPresent(Int.self, forKey: .numPredict)
        stop = try container.decodeIfPresent([String].self, forKey: .stop)
        seed = try container.decodeIfPresent(Int.self, forKey: .seed)
        repeatPenalty = try container.decodeIfPresent(Double.self, forKey: .repeatPenalty)
        repeatLastN = try container.decodeIfPresent(Int.self, forKey: .repeatLastN)
        numCtx = try container.decodeIfPresent(Int.self, forKey: .numCtx)
        let all = try decoder.singleValueContainer().decode([String: JSONValue].self)
        let known = Set(Self.knownKeys)
        extra = all.filter { !known.contains($0.key) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(temperature, forKey: .temperature)
        try container.encodeIfPresent(topP, forKey: .topP)
        try container.encodeIfPresent(topK, forKey: .topK)
        try container.encodeIfPresent(minP, forKey: .minP)
        try container.encodeIfPresent(numPredict, forKey: .numPredict)
        try container.encodeIfPresent(stop, forKey: .stop)
        try container.encodeIfPresent(seed, forKey: .seed)
        try container.encodeIfPresent(repeatPenalty, forKey: .repeatPenalty)
        try container.encodeIfPresent(repeatLastN, forKey: .repeatLastN)
        try container.encodeIfPresent(numCtx, forKey: .numCtx)
        let known = Set(Self.knownKeys)
        var others = encoder.container(keyedBy: OptionName.self)
        for (name, value) in extra where !known.contains(name) {
            try others.encode(value, forKey: OptionName(name))
        }
    }

    private static let knownKeys: [String] = [
        CodingKeys.temperature, .topP, .topK, .minP, .numPredict, .stop, .seed, .repeatPenalty, .repeatLastN, .numCtx,
    ].map(\.rawValue)

    /// Any option name, for the options without a field of their own.
    private struct OptionName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// `keep_alive`: a Go duration string (`"5m"`) or whole seconds as a number (`0` unloads at once,
/// negative keeps the model loaded).
public enum KeepAlive: Sendable, Hashable, Codable {
    case duration(String)
    case seconds(Int)

    /// Whole numbers become `.seconds` (Ollama rejects `"60"` as a string), anything else `.duration`.
    public init(_ text: String) {
        if let seconds = Int(text) { self = .seconds(seconds) } else { self = .duration(text) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Int.self) {
            self = .seconds(seconds)
        } else {
            self = .duration(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .duration(let text): try container.encode(text)
        case .seconds(let seconds): try container.encode(seconds)
        }
    }
}

/// `think`: true/false, or a level ("low", "medium", "high") for models that take one.
public enum ThinkValue: Sendable, Hashable, Codable {
    case enabled(Bool)
    case level(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .enabled(flag)
        } else {
            self = .level(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .enabled(let flag): try container.encode(flag)
        case .level(let level): try container.encode(level)
        }
    }
}

/// One line of a chat stream, or the whole answer when not streamed; also carries `error`.
struct ChatChunk: Sendable, Decodable {
    struct Message: Sendable, Decodable {
        var role: String?
        var content: String?
        var thinking: String?
        var toolCalls: [WireToolCall]?

        enum CodingKeys: String, CodingKey {
            case role, content, thinking
            case toolCalls = "tool_calls"
        }
    }

    var model: String?
    var message: Message?
    /// `/api/generate` puts the text here instead of in `message`.
    var response: String?
    /// `/api/generate` puts thinking at the top level.
    var thinking: String?
    var done: Bool?
    var doneReason: String?
    var totalDuration: Int64?
    var loadDuration: Int64?
    var promptEvalCount: Int?
    var promptEvalDuration: Int64?
    var evalCount: Int?
    var evalDuration: Int64?
    var error: String?

    enum CodingKeys: String, CodingKey {
        case model, message, response, thinking, done, error
        case doneReason = "done_reason"
        case totalDuration = "total_duration"
        case loadDuration = "load_duration"
        case promptEvalCount = "prompt_eval_count"
        case promptEvalDuration = "prompt_eval_duration"
        case evalCount = "eval_count"
        case evalDuration = "eval_duration"
    }

    /// The server's counts and timings (durations arrive in nanoseconds).
    var usage: Usage {
        Usage(
            promptTokens: promptEvalCount, completionTokens: evalCount,
            totalDuration: totalDuration.map { .nanoseconds($0) }, loadDuration: loadDuration.map { .nanoseconds($0) },
            promptEvalDuration: promptEvalDuration.map { .nanoseconds($0) },
            evalDuration: evalDuration.map { .nanoseconds($0) })
    }
}
