/// Encodes the NDJSON lines of a chat or generate answer straight into bytes, with the constant parts
/// pre-encoded, so a benchmark stream of 200 000 tokens costs the server almost nothing.
struct ChunkEncoder {
    enum Endpoint: Sendable { case chat, generate }

    let endpoint: Endpoint
    private let prefix: [UInt8]
    private var createdAt: [UInt8] = []
    private var stamper = TimestampStamper()

    init(endpoint: Endpoint, model: String) {
        self.endpoint = endpoint
        var prefix = Array("{\"model\":".utf8)
        GoJSONWriter.appendEscaped(model, to: &prefix)
        prefix.append(contentsOf: ",\"created_at\":\"".utf8)
        self.prefix = prefix
        refreshTimestamp()
    }

    /// Takes a fresh `created_at` for the lines that follow.
    mutating func refreshTimestamp() {
        stamper.stamp(into: &createdAt)
    }

    /// Moves `created_at` on for the next line of a stream sent as fast as possible, without reading
    /// the clock each time (see `TimestampStamper`).
    mutating func advanceTimestamp() {
        stamper.advance(into: &createdAt)
    }

    /// A token quoted and escaped once, to append many times.
    static func escaped(_ token: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.utf8.count + 2)
        GoJSONWriter.appendEscaped(token, to: &bytes)
        return bytes
    }

    private func appendHead(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: prefix)
        bytes.append(contentsOf: createdAt)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `{"model":…,"created_at":…,"message":{"role":"assistant","content":"tok"},"done":false}` (generate: `response`).
    func appendToken(_ escapedToken: [UInt8], thinking: Bool, to bytes: inout [UInt8]) {
        appendHead(to: &bytes)
        switch (endpoint, thinking) {
        case (.chat, false):
            bytes.append(contentsOf: Self.chatContent)
            bytes.append(contentsOf: escapedToken)
            bytes.append(contentsOf: Self.chatTail)
        case (.chat, true):
            bytes.append(contentsOf: Self.chatThinking)
            bytes.append(contentsOf: escapedToken)
            bytes.append(contentsOf: Self.chatTail)
        case (.generate, false):
            bytes.append(contentsOf: Self.generateResponse)
            bytes.append(contentsOf: escapedToken)
            bytes.append(contentsOf: Self.generateTail)
        case (.generate, true):
            bytes.append(contentsOf: Self.generateThinking)
            bytes.append(contentsOf: escapedToken)
            bytes.append(contentsOf: Self.generateTail)
        }
    }

    /// The chunk carrying every tool call at once (chat only).
    func appendToolCalls(_ calls: [ScriptedToolCall], firstIndex: Int = 0, to bytes: inout [UInt8]) {
        appendHead(to: &bytes)
        bytes.append(contentsOf: ",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":".utf8)
        var writer = GoJSONWriter()
        writer.write(Self.toolCallsJSON(calls, firstIndex: firstIndex))
        bytes.append(contentsOf: writer.bytes)
        bytes.append(contentsOf: Self.chatTail)
    }

    /// The final line: `done:true`, `done_reason`, generate's `context`, then the statistics.
    func appendFinal(doneReason: String, statistics: GenerationStatistics, context: [Int], to bytes: inout [UInt8]) {
        appendHead(to: &bytes)
        switch endpoint {
        case .chat:
            bytes.append(contentsOf: ",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true".utf8)
        case .generate:
            bytes.append(contentsOf: ",\"response\":\"\",\"done\":true".utf8)
        }
        if !doneReason.isEmpty {
            bytes.append(contentsOf: ",\"done_reason\":".utf8)
            GoJSONWriter.appendEscaped(doneReason, to: &bytes)
        }
        if endpoint == .generate, !context.isEmpty {
            bytes.append(contentsOf: ",\"context\":[".utf8)
            for (index, id) in context.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: String(id).utf8)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        for (key, value) in statistics.members where value != 0 {
            bytes.append(contentsOf: ",\"\(key)\":\(value)".utf8)
        }
        bytes.append(contentsOf: "}\n".utf8)
    }

    static func toolCallsJSON(_ calls: [ScriptedToolCall], firstIndex: Int = 0) -> OrderedJSON {
        .array(calls.enumerated().map { offset, call in
            OrderedJSON.object([
                ("function", .object([
                    ("index", .int(firstIndex + offset)),
                    ("name", .string(call.name)),
                    ("arguments", .value(call.arguments)),
                ])),
            ])
        })
    }

    private static let chatContent = Array(",\"message\":{\"role\":\"assistant\",\"content\":".utf8)
    private static let chatThinking = Array(",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":".utf8)
    private static let chatTail = Array("},\"done\":false}\n".utf8)
    private static let generateResponse = Array(",\"response\":".utf8)
    private static let generateThinking = Array(",\"response\":\"\",\"thinking\":".utf8)
    private static let generateTail = Array(",\"done\":false}\n".utf8)
}

/// The statistics of a final chunk, in nanoseconds and tokens.
struct GenerationStatistics: Sendable {
    var totalDuration: Int64
    var loadDuration: Int64
    var promptEvalCount: Int64
    var promptEvalDuration: Int64
    var evalCount: Int64
    var evalDuration: Int64

    /// Members in Ollama's `Metrics` order; zero values are left out (`omitempty`).
    var members: [(String, Int64)] {
        [
            ("total_duration", totalDuration), ("load_duration", loadDuration),
            ("prompt_eval_count", promptEvalCount), ("prompt_eval_duration", promptEvalDuration),
            ("eval_count", evalCount), ("eval_duration", evalDuration),
        ]
    }
}
