import HTTPStreaming
import TachikomaCore

// What goes to and comes back from `POST {base}/chat/completions` and `GET {base}/models`, as
// OpenAI's API reference describes it; llama.cpp's server, vLLM and LM Studio send the same shapes
// (llama.cpp and vLLM name reasoning `reasoning_content`, newer vLLM and OpenRouter `reasoning`).

/// The request body.
struct ChatCompletionRequestWire: ConversationRequest, Sendable {
    var model: String?
    var messages: [ChatMessageWire]
    var stream: Bool
    var streamOptions: StreamOptionsWire?
    var temperature: Double?
    var topP: Double?
    /// Not in OpenAI's reference; llama.cpp and vLLM read it. Sent only when the user set it.
    var topK: Int?
    /// Not in OpenAI's reference; llama.cpp and vLLM read it. Sent only when the user set it.
    var minP: Double?
    var maxTokens: Int?
    var seed: Int?
    var stop: [String]?
    var responseFormat: ResponseFormatWire?
    var tools: [ToolWire]?
    var reasoningEffort: String?

    enum CodingKeys: String, CodingKey {
        case model, messages, stream, temperature, seed, stop, tools
        case streamOptions = "stream_options"
        case topP = "top_p"
        case topK = "top_k"
        case minP = "min_p"
        case maxTokens = "max_tokens"
        case responseFormat = "response_format"
        case reasoningEffort = "reasoning_effort"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(model, forKey: .model)
        if encoder.userInfo[.messagesWrittenApart] == nil {
            try container.encode(messages, forKey: .messages)
        }
        try container.encode(stream, forKey: .stream)
        try container.encodeIfPresent(streamOptions, forKey: .streamOptions)
        try container.encodeIfPresent(temperature, forKey: .temperature)
        try container.encodeIfPresent(topP, forKey: .topP)
        try container.encodeIfPresent(topK, forKey: .topK)
        try container.encodeIfPresent(minP, forKey: .minP)
        try container.encodeIfPresent(maxTokens, forKey: .maxTokens)
        try container.encodeIfPresent(seed, forKey: .seed)
        try container.encodeIfPresent(stop, forKey: .stop)
        try container.encodeIfPresent(responseFormat, forKey: .responseFormat)
        try container.encodeIfPresent(tools, forKey: .tools)
        try container.encodeIfPresent(reasoningEffort, forKey: .reasoningEffort)
    }
}

struct StreamOptionsWire: Encodable, Sendable {
    var includeUsage: Bool

    enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
}

/// `{"type":"json_object"}` or `{"type":"json_schema","json_schema":{"name":…,"schema":…,"strict":true}}`.
enum ResponseFormatWire: Encodable, Sendable {
    case jsonObject
    case jsonSchema(JSONValue)

    private enum Keys: String, CodingKey { case type, jsonSchema = "json_schema" }
    private enum SchemaKeys: String, CodingKey { case name, schema, strict }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .jsonObject:
            try container.encode("json_object", forKey: .type)
        case .jsonSchema(let schema):
            try container.encode("json_schema", forKey: .type)
            var nested = container.nestedContainer(keyedBy: SchemaKeys.self, forKey: .jsonSchema)
            try nested.encode("response", forKey: .name)
            try nested.encode(schema, forKey: .schema)
            try nested.encode(true, forKey: .strict)
        }
    }
}

/// `{"type":"function","function":{"name","description","parameters"}}`.
struct ToolWire: Encodable, Sendable {
    struct Function: Encodable, Sendable {
        var name: String
        var description: String
        var parameters: JSONValue
    }

    var type = "function"
    var function: Function
}

/// One message of the request.
struct ChatMessageWire: Encodable, Sendable, Hashable {
    enum Content: Sendable, Hashable {
        case text(String)
        /// Text and images, for a user message with images.
        case parts(text: String, imageURLs: [String])
        /// An assistant message that only calls tools.
        case none
    }

    struct ToolCallWire: Encodable, Sendable, Hashable {
        struct Function: Encodable, Sendable, Hashable {
            var name: String
            /// The arguments as a JSON text, as OpenAI sends and expects them.
            var arguments: String
        }

        var id: String
        var type = "function"
        var function: Function
    }

    var role: String
    var content: Content
    var toolCalls: [ToolCallWire] = []
    var toolCallID: String?

    private enum Keys: String, CodingKey {
        case role, content, type, text
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
        case imageURL = "image_url"
        case url
        case inputAudio = "input_audio"
        case data, format
    }

    static let wavDataURLPrefix = "data:audio/wav;base64,"

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(role, forKey: .role)
        switch content {
        case .text(let text):
            try container.encode(text, forKey: .content)
        case .none:
            try container.encodeNil(forKey: .content)
        case .parts(let text, let imageURLs):
            var parts = container.nestedUnkeyedContainer(forKey: .content)
            var textPart = parts.nestedContainer(keyedBy: Keys.self)
            try textPart.encode("text", forKey: .type)
            try textPart.encode(text, forKey: .text)
            for url in imageURLs {
                // A sound goes as OpenAI's `input_audio` part, its base64 without the data-URL head.
                if url.hasPrefix(Self.wavDataURLPrefix) {
                    var audioPart = parts.nestedContainer(keyedBy: Keys.self)
                    try audioPart.encode("input_audio", forKey: .type)
                    var audio = audioPart.nestedContainer(keyedBy: Keys.self, forKey: .inputAudio)
                    try audio.encode(String(url.dropFirst(Self.wavDataURLPrefix.count)), forKey: .data)
                    try audio.encode("wav", forKey: .format)
                    continue
                }
                var imagePart = parts.nestedContainer(keyedBy: Keys.self)
                try imagePart.encode("image_url", forKey: .type)
                var image = imagePart.nestedContainer(keyedBy: Keys.self, forKey: .imageURL)
                try image.encode(url, forKey: .url)
            }
        }
        if !toolCalls.isEmpty { try container.encode(toolCalls, forKey: .toolCalls) }
        if let toolCallID { try container.encode(toolCallID, forKey: .toolCallID) }
    }
}

// MARK: Answers

/// One `chat.completion.chunk` of a stream (or an error event in it).
struct ChunkWire: Decodable {
    var model: String?
    var choices: [ChoiceWire]?
    var usage: UsageWire?
    var error: ErrorBodyWire.Detail?

    struct ChoiceWire: Decodable {
        var index: Int?
        var delta: DeltaWire?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, delta
            case finishReason = "finish_reason"
        }
    }

    struct DeltaWire: Decodable {
        var content: String?
        var reasoningContent: String?
        var reasoning: String?
        var toolCalls: [ToolCallDeltaWire]?

        enum CodingKeys: String, CodingKey {
            case content, reasoning
            case reasoningContent = "reasoning_content"
            case toolCalls = "tool_calls"
        }
    }

    enum CodingKeys: String, CodingKey { case model, choices, usage, error }
}

/// A fragment of a tool call: the first usually has `id` and `function.name`, later ones pieces of
/// `function.arguments`; `index` says which call of the answer it belongs to.
struct ToolCallDeltaWire: Decodable, Equatable {
    var index: Int?
    var id: String?
    var function: FunctionWire?

    struct FunctionWire: Decodable, Equatable {
        var name: String?
        var arguments: String?
    }
}

struct UsageWire: Decodable {
    var promptTokens: Int?
    var completionTokens: Int?

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }
}

/// The whole answer of a request with `stream: false`.
struct CompletionWire: Decodable {
    var model: String?
    var choices: [Choice]
    var usage: UsageWire?

    struct Choice: Decodable {
        var message: MessageWire
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    struct MessageWire: Decodable {
        var content: String?
        var reasoningContent: String?
        var reasoning: String?
        var toolCalls: [ToolCallDeltaWire]?

        enum CodingKeys: String, CodingKey {
            case content, reasoning
            case reasoningContent = "reasoning_content"
            case toolCalls = "tool_calls"
        }
    }
}

/// `GET {base}/models`.
struct ModelListWire: Decodable {
    struct Model: Decodable {
        var id: String
        var created: Double?
        var ownedBy: String?
        /// llama.cpp's server adds what it knows of the model.
        var meta: Meta?
        /// What kind of model it is, where the server says (LM Studio: `llm`, `vlm`, `embeddings`).
        var type: String?
        /// Ollama's capability words, where the server lists them.
        var capabilities: [String]?

        /// What the list says the model can do; nil when it does not say. A type says only that a
        /// model embeds: `llm` tells nothing of tools or thinking, so it leaves them unknown.
        var modelCapabilities: ModelCapabilities? {
            if let capabilities { return ModelCapabilities.parse(capabilities) }
            switch type?.lowercased() {
            case "embedding", "embeddings": return .embedding
            default: return nil
            }
        }

        struct Meta: Decodable {
            var nCtxTrain: Int?
            var nParams: Int64?
            var size: Int64?

            enum CodingKeys: String, CodingKey {
                case nCtxTrain = "n_ctx_train"
                case nParams = "n_params"
                case size
            }
        }

        enum CodingKeys: String, CodingKey {
            case id, created, meta, type, capabilities
            case ownedBy = "owned_by"
        }
    }

    var data: [Model]
}

/// `POST {base}/embeddings`'s body; `dimensions` only when set.
struct EmbeddingsRequestWire: Encodable {
    var model: String
    var input: String
    var dimensions: Int?
}

/// `/embeddings`' answer: `{"data":[{"embedding":[…],"index":0}],…}`.
struct EmbeddingsResponseWire: Decodable {
    struct Item: Decodable {
        var embedding: [Float]
    }

    var data: [Item]
}

/// An error answer: OpenAI's `{"error":{"message","type","param","code"}}`, and the shapes other
/// servers use: `{"error":"text"}`, vLLM's older `{"object":"error","message":…}`, FastAPI's `{"detail":…}`.
struct ErrorBodyWire: Decodable {
    struct Detail: Decodable {
        var message: String
        var type: String?
        var code: String?

        enum CodingKeys: String, CodingKey { case message, type, code }

        init(message: String, type: String? = nil, code: String? = nil) {
            self.message = message
            self.type = type
            self.code = code
        }

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self.init(message: text)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
            let type: String? = try? container.decodeIfPresent(String.self, forKey: .type)
            // `code` is a string at OpenAI, a number at vLLM and llama.cpp.
            let textCode: String? = try? container.decodeIfPresent(String.self, forKey: .code)
            let numberCode: Int? = try? container.decodeIfPresent(Int.self, forKey: .code)
            self.init(message: message, type: type, code: textCode ?? numberCode.map { String($0) })
        }
    }

    var detail: Detail

    private enum Keys: String, CodingKey { case error, message, detail, type, code }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if let error = try? container.decode(Detail.self, forKey: .error), !error.message.isEmpty {
            detail = error
        } else if container.contains(.message) {
            detail = try Detail(from: decoder)
        } else if let text = try? container.decode(String.self, forKey: .detail) {
            detail = Detail(message: text)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no error message"))
        }
    }
}
