import TachikomaCore

/// What the answer text of a chat or generate request is made of.
public enum ReplyContent: Sendable, Hashable {
    /// `You said: <last user message>` (generate: the prompt), split into word tokens with their leading spaces.
    case echo
    /// Exactly these tokens, one per chunk.
    case tokens([String])
    /// The same token `count` times: for benchmarks.
    case repeated(token: String, count: Int)
    /// `count` tokens taken from `tokens` in turn, starting over at the end: for benchmarks
    /// (e.g. `SampleAnswer.tokens`).
    case cycled(tokens: [String], count: Int)
}

/// A failure injected into an answer. Token counts include thinking tokens; a count beyond the answer's
/// length (or beyond `num_predict`) means the failure never happens.
public enum StreamFailure: Sendable, Hashable {
    /// After `afterTokens` tokens, a `{"error":"message"}` line inside the 200 stream, then the body ends.
    case errorLine(afterTokens: Int, message: String)
    /// After `afterTokens` tokens, the server closes the connection in the middle of the chunked body.
    case disconnect(afterTokens: Int)
    /// After `afterTokens` tokens, the server sends nothing more and keeps the connection open until the client leaves.
    case stall(afterTokens: Int)
    /// After `afterTokens` tokens, the body ends cleanly (terminating chunk) without a `done:true` line.
    case endWithoutDone(afterTokens: Int)

    var afterTokens: Int {
        switch self {
        case .errorLine(let count, _), .disconnect(let count), .stall(let count), .endWithoutDone(let count):
            return count
        }
    }
}

/// A tool call the scripted model makes, sent whole in one chunk when the request carries tools.
public struct ScriptedToolCall: Sendable, Hashable {
    public var name: String
    /// A JSON object; sent as an object (not a string), keys sorted as Go sorts map keys.
    public var arguments: JSONValue

    public init(name: String, arguments: JSONValue = .object([:])) {
        self.name = name
        self.arguments = arguments
    }
}

/// How the scripted model's tool calls travel.
public enum ToolCallChunking: Sendable, Hashable {
    /// Every call in one chunk's `message.tool_calls`.
    case together
    /// Each call in a chunk of its own, one after another (a message's calls split across the stream).
    case separately
}

/// How the scripted model answers a request whose last message is a `tool` result.
public enum ToolFollowUp: Sendable, Hashable {
    /// `Tool results: <first> | <second> …` (the trailing tool messages' contents), streamed word by
    /// word, with no further calls: a round trip a test can check.
    case echoResults
    /// The same reply again, calls included: a model that never stops calling tools.
    case callAgain
}

/// How `/api/chat` and `/api/generate` answer.
public struct ScriptedReply: Sendable, Hashable {
    public var content: ReplyContent
    /// Thinking tokens sent before the answer, only when thinking is on for the request
    /// (`think` true or a level; as in Ollama 0.12, a model with the `thinking` capability thinks when `think` is absent).
    public var thinking: [String]
    /// Sent in one chunk after the content, only when the request has `tools` (chat only).
    public var toolCalls: [ScriptedToolCall]
    public var toolCallChunking: ToolCallChunking
    /// The answer to a request that ends with tool results.
    public var toolFollowUp: ToolFollowUp
    /// Pause before each chunk; `.zero` streams as fast as loopback allows, many lines per write.
    public var tokenDelay: Duration
    public var failure: StreamFailure?
    /// `done_reason` of the final chunk when the answer is not cut by `num_predict`.
    public var doneReason: String
    /// When set, the stream sends this many tokens, then waits until the test calls
    /// `ScriptedOllamaServer.releaseHeldStreams()` (or the client leaves): a test sees the first part
    /// of an answer arrive before the rest exists, without depending on timing.
    public var holdAfterTokens: Int?

    public init(
        content: ReplyContent = .echo,
        thinking: [String] = [],
        toolCalls: [ScriptedToolCall] = [],
        toolCallChunking: ToolCallChunking = .together,
        toolFollowUp: ToolFollowUp = .echoResults,
        tokenDelay: Duration = .zero,
        failure: StreamFailure? = nil,
        doneReason: String = "stop",
        holdAfterTokens: Int? = nil
    ) {
        self.content = content
        self.thinking = thinking
        self.toolCalls = toolCalls
        self.toolCallChunking = toolCallChunking
        self.toolFollowUp = toolFollowUp
        self.tokenDelay = tokenDelay
        self.failure = failure
        self.doneReason = doneReason
        self.holdAfterTokens = holdAfterTokens
    }
}

/// Splits text into word tokens that keep their leading whitespace: `"a b"` → `["a", " b"]`.
/// Joining the tokens gives the text back.
public enum WordTokens {
    public static func split(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var seenWordInCurrent = false
        for character in text {
            if character.isWhitespace {
                if seenWordInCurrent {
                    tokens.append(current)
                    current = ""
                    seenWordInCurrent = false
                }
                current.append(character)
            } else {
                current.append(character)
                seenWordInCurrent = true
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
