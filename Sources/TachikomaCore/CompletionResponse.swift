/// Why generation stopped.
public enum FinishReason: String, Sendable, Hashable, Codable {
    /// The model finished, or hit a stop sequence.
    case stop
    /// The token limit (max tokens or the context window) cut it.
    case length
    /// The model asked to call tools.
    case toolUse
    /// The client cancelled it.
    case cancelled
    /// Anything else the server said (e.g. a done reason of "load").
    case other
}

/// Token counts and timings of one answer, as the server measured them.
public struct Usage: Sendable, Hashable, Codable {
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var totalDuration: Duration?
    public var loadDuration: Duration?
    public var promptEvalDuration: Duration?
    public var evalDuration: Duration?

    public init(
        promptTokens: Int? = nil, completionTokens: Int? = nil, totalDuration: Duration? = nil,
        loadDuration: Duration? = nil, promptEvalDuration: Duration? = nil, evalDuration: Duration? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalDuration = totalDuration
        self.loadDuration = loadDuration
        self.promptEvalDuration = promptEvalDuration
        self.evalDuration = evalDuration
    }

    /// Tokens of prompt and answer together, when both are known.
    public var totalTokens: Int? {
        guard let promptTokens, let completionTokens else { return nil }
        return promptTokens + completionTokens
    }

    /// Generated tokens per second.
    public var completionRate: Double? { Self.rate(completionTokens, evalDuration) }
    /// Prompt tokens evaluated per second.
    public var promptRate: Double? { Self.rate(promptTokens, promptEvalDuration) }

    private static func rate(_ count: Int?, _ duration: Duration?) -> Double? {
        guard let count, let duration else { return nil }
        let seconds = duration.secondsValue
        return seconds > 0 ? Double(count) / seconds : nil
    }
}

/// A whole answer.
public struct CompletionResponse: Sendable, Hashable {
    public var model: String
    public var content: String
    public var thinking: String?
    public var toolCalls: [ToolCall]
    public var finishReason: FinishReason
    public var usage: Usage

    public init(
        model: String, content: String, thinking: String? = nil, toolCalls: [ToolCall] = [],
        finishReason: FinishReason, usage: Usage = Usage()
    ) {
        self.model = model
        self.content = content
        self.thinking = thinking
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
    }

    /// The answer as a message to append to the conversation.
    public var message: Message {
        .assistant(content, thinking: thinking, toolCalls: toolCalls)
    }
}

/// What a streaming answer yields, in order: deltas as they arrive, then `.done` once.
///
/// A backend may coalesce the deltas that arrive in one network read into one event, so that a
/// consumer writes to the screen once per read rather than once per token.
public enum StreamEvent: Sendable, Hashable {
    case contentDelta(String)
    case thinkingDelta(String)
    case toolCalls([ToolCall])
    case done(CompletionResponse)
}
