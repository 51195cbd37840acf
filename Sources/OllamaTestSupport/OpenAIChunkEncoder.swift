import TachikomaCore

/// Encodes the Server-Sent Events of a chat-completions stream straight into bytes, as OpenAI
/// sends them: `data: {"id":…,"object":"chat.completion.chunk",…,"choices":[{"index":0,"delta":{…},
/// "logprobs":null,"finish_reason":null}]}` and a blank line each; with `include_usage`, every chunk
/// carries `"usage":null` and a last chunk with empty `choices` carries the usage; then `data: [DONE]`.
struct OpenAIChunkEncoder {
    private let head: [UInt8]
    private let tail: [UInt8]
    private let end: [UInt8]
    private let reasoningKey: [UInt8]
    private let includeUsage: Bool
    private let completionID: String
    private let model: String
    private let created: Int

    init(model: String, completionID: String, created: Int, includeUsage: Bool, lineEnd: String, reasoningField: String) {
        self.model = model
        self.completionID = completionID
        self.created = created
        self.includeUsage = includeUsage
        var head = Array("data: {\"id\":".utf8)
        GoJSONWriter.appendEscaped(completionID, to: &head)
        head.append(contentsOf: ",\"object\":\"chat.completion.chunk\",\"created\":\(created),\"model\":".utf8)
        GoJSONWriter.appendEscaped(model, to: &head)
        head.append(contentsOf: ",\"system_fingerprint\":\"fp_tachikoma\",\"choices\":[{\"index\":0,\"delta\":{".utf8)
        self.head = head
        end = Array(lineEnd.utf8)
        tail = Array("},\"logprobs\":null,\"finish_reason\":null}]".utf8) + (includeUsage ? Array(",\"usage\":null}".utf8) : [UInt8(ascii: "}")])
        var key: [UInt8] = []
        GoJSONWriter.appendEscaped(reasoningField, to: &key)
        reasoningKey = key + [UInt8(ascii: ":")]
    }

    private func appendEnd(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: end)
        bytes.append(contentsOf: end)
    }

    /// The first chunk: the role, with empty content (OpenAI's `{"role":"assistant","content":"","refusal":null}`).
    func appendRole(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: head)
        bytes.append(contentsOf: "\"role\":\"assistant\",\"content\":\"\",\"refusal\":null".utf8)
        bytes.append(contentsOf: tail)
        appendEnd(to: &bytes)
    }

    /// One token, quoted and escaped already.
    func appendToken(_ escapedToken: [UInt8], thinking: Bool, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: head)
        if thinking {
            bytes.append(contentsOf: reasoningKey)
        } else {
            bytes.append(contentsOf: "\"content\":".utf8)
        }
        bytes.append(contentsOf: escapedToken)
        bytes.append(contentsOf: tail)
        appendEnd(to: &bytes)
    }

    /// One fragment of tool call `index`: the first brings id, type and name with empty arguments,
    /// the later ones a piece of the arguments each, as OpenAI streams them.
    func appendToolCallFragment(index: Int, id: String?, name: String?, arguments: String, to bytes: inout [UInt8]) {
        var function: [(String, OrderedJSON)] = []
        if let name { function.append(("name", .string(name))) }
        function.append(("arguments", .string(arguments)))
        var call: [(String, OrderedJSON)] = [("index", .int(index))]
        if let id {
            call.append(("id", .string(id)))
            call.append(("type", .string("function")))
        }
        call.append(("function", .object(function)))
        var writer = GoJSONWriter()
        writer.write(.array([.object(call)]))
        bytes.append(contentsOf: head)
        bytes.append(contentsOf: "\"tool_calls\":".utf8)
        bytes.append(contentsOf: writer.bytes)
        bytes.append(contentsOf: tail)
        appendEnd(to: &bytes)
    }

    /// The chunk with an empty delta and the finish reason.
    func appendFinish(reason: String, to bytes: inout [UInt8]) {
        var writer = GoJSONWriter()
        writer.write(.string(reason))
        bytes.append(contentsOf: head)
        bytes.append(contentsOf: "},\"logprobs\":null,\"finish_reason\":".utf8)
        bytes.append(contentsOf: writer.bytes)
        bytes.append(contentsOf: (includeUsage ? "}],\"usage\":null}" : "}]}").utf8)
        appendEnd(to: &bytes)
    }

    /// The usage chunk (only with `include_usage`): empty `choices`.
    func appendUsage(promptTokens: Int, completionTokens: Int, to bytes: inout [UInt8]) {
        guard includeUsage else { return }
        bytes.append(contentsOf: "data: ".utf8)
        var writer = GoJSONWriter()
        writer.write(.object([
            ("id", .string(completionID)), ("object", .string("chat.completion.chunk")), ("created", .int(created)),
            ("model", .string(model)), ("system_fingerprint", .string("fp_tachikoma")), ("choices", .array([])),
            ("usage", Self.usage(promptTokens: promptTokens, completionTokens: completionTokens)),
        ]))
        bytes.append(contentsOf: writer.bytes)
        appendEnd(to: &bytes)
    }

    static func usage(promptTokens: Int, completionTokens: Int) -> OrderedJSON {
        .object([
            ("prompt_tokens", .int(promptTokens)), ("completion_tokens", .int(completionTokens)),
            ("total_tokens", .int(promptTokens + completionTokens)),
        ])
    }

    /// Tool-call arguments as the JSON text OpenAI puts in `function.arguments`.
    static func argumentsText(_ arguments: JSONValue) -> String {
        var writer = GoJSONWriter()
        writer.write(.value(arguments))
        return writer.string
    }

    func appendDone(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "data: [DONE]".utf8)
        appendEnd(to: &bytes)
    }

    /// A comment line, as proxies and servers send to keep a quiet connection open.
    func appendKeepAlive(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: ": keep-alive".utf8)
        appendEnd(to: &bytes)
    }

    /// An error event inside the stream, as OpenAI and vLLM send one.
    func appendError(_ message: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "data: ".utf8)
        bytes.append(contentsOf: OpenAIErrorBody.json(message: message, type: "server_error", code: nil))
        appendEnd(to: &bytes)
    }
}

/// OpenAI's error body.
enum OpenAIErrorBody {
    static func json(message: String, type: String, code: String?) -> [UInt8] {
        var writer = GoJSONWriter()
        writer.write(.object([("error", .object([
            ("message", .string(message)), ("type", .string(type)), ("param", .null),
            ("code", code.map { OrderedJSON.string($0) } ?? OrderedJSON.null),
        ]))]))
        return writer.bytes
    }
}
