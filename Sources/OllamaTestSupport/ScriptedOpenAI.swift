import TachikomaCore

/// A canned error answer for the OpenAI-compatible routes, in OpenAI's shape:
/// `{"error":{"message":…,"type":…,"param":null,"code":…}}`.
public struct OpenAIFailure: Sendable, Hashable {
    public var status: Int
    public var message: String
    public var type: String
    public var code: String?
    /// Sent as the `Retry-After` header when set (e.g. "2" or an HTTP date).
    public var retryAfter: String?

    public init(status: Int, message: String, type: String = "invalid_request_error", code: String? = nil,
                retryAfter: String? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.retryAfter = retryAfter
    }
}

/// How the OpenAI-compatible routes (`/v1/chat/completions`, `/v1/models`) behave, beyond what
/// `ScriptedReply` says about the answer itself (tokens, pacing, thinking, tool calls, failures).
public struct ScriptedOpenAI: Sendable, Hashable {
    /// When set, every `/v1` request must carry `Authorization: Bearer <key>`: 401 otherwise, as OpenAI answers.
    public var requiredAPIKey: String?
    /// Answers given instead of the normal one, one per request, first to last; then normal answers.
    public var failures: [OpenAIFailure]
    /// How many pieces the arguments of each tool call are cut into, one chunk each (at least 1).
    public var toolArgumentPieces: Int
    /// A `: keep-alive` comment line before the first chunk and after every `keepAliveEvery` chunks (0: never).
    public var keepAliveEvery: Int
    /// Line ends of the event stream: `"\n"` (OpenAI, llama.cpp, vLLM) or `"\r\n"`.
    public var lineEnd: String
    /// The delta field thinking tokens go in: `reasoning_content` (llama.cpp, vLLM, DeepSeek) or `reasoning`.
    public var reasoningField: String
    /// Whether the stream ends with `data: [DONE]`.
    public var sendsDone: Bool
    /// Serve as llama.cpp's server does: `/v1/models` lists each model's `meta`, and `GET /props`
    /// says whether the first model sees or hears (`modalities`, from its `vision`/`audio` capabilities).
    public var servesProps = false
    /// Whether `/v1/models` gives each model a `type` (`llm`, `vlm` or `embeddings`), as LM Studio's
    /// list does; Ollama's (the default) says nothing of what a model is.
    public var listsModelTypes = false

    public init(
        requiredAPIKey: String? = nil, failures: [OpenAIFailure] = [], toolArgumentPieces: Int = 3,
        keepAliveEvery: Int = 0, lineEnd: String = "\n", reasoningField: String = "reasoning_content",
        sendsDone: Bool = true
    ) {
        self.requiredAPIKey = requiredAPIKey
        self.failures = failures
        self.toolArgumentPieces = toolArgumentPieces
        self.keepAliveEvery = keepAliveEvery
        self.lineEnd = lineEnd
        self.reasoningField = reasoningField
        self.sendsDone = sendsDone
    }
}
