import TachikomaCore

/// `/api/chat` and `/api/generate`: the checks Ollama makes before generating, load and unload requests,
/// then the scripted answer.
struct GenerationHandler {
    let state: SharedServerState
    let request: RecordedRequest
    let response: ResponseChannel
    let script: ServerScript
    let endpoint: ChunkEncoder.Endpoint

    func run() async throws -> Bool {
        let body = try RequestBody(bytes: request.body, goType: endpoint == .chat ? "ChatRequest" : "GenerateRequest")
        let requestedName = try body.string("model") ?? ""
        guard ModelName.isValid(requestedName) else {
            // Ollama 0.12: chat says 400 "model is required", generate says 404 "model '' not found".
            if endpoint == .chat { throw RequestRejection(status: 400, message: "model is required") }
            throw RequestRejection(status: 404, message: "model '\(requestedName)' not found")
        }
        guard let model = script.model(named: requestedName) else {
            throw RequestRejection(status: 404, message: "model \"\(requestedName)\" not found, try pulling it first")
        }

        let stream = try body.bool("stream") ?? true
        let keepAlive = KeepAlive.parse(body.members["keep_alive"])
        let options = try body.object("options") ?? [:]
        let messages = endpoint == .chat ? try body.array("messages", goElementType: "api.Message") ?? [] : []
        let prompt = endpoint == .generate ? try body.string("prompt") ?? "" : ""
        let system = endpoint == .generate ? try body.string("system") ?? "" : ""
        let tools = endpoint == .chat ? try body.array("tools", goElementType: "api.Tool") ?? [] : []
        if let stray = messages.first(where: { $0.objectValue == nil }) {
            throw RequestRejection(
                status: 400,
                message: "json: cannot unmarshal \(RequestBody.kind(of: stray)) into Go struct field ChatRequest.messages of type api.Message")
        }
        let isLoadRequest = endpoint == .chat ? messages.isEmpty : prompt.isEmpty

        if isLoadRequest, keepAlive == .zero {
            state.withLock { shared in shared.script.running.removeAll { ModelName.sameModel($0.name, model.name) } }
            try await sendLoadAnswer(model: requestedName, doneReason: "unload")
            return true
        }

        if model.supports("embedding"), !model.supports("completion") {
            // An embedding model: Ollama refuses to chat or generate with it.
            throw RequestRejection(status: 400, message: "\"\(requestedName)\" does not support \(endpoint == .chat ? "chat" : "generate")")
        }
        let think = body.members["think"] ?? .null
        let thinking: Bool
        if model.supports("thinking") {
            // Ollama 0.12 turns thinking on for thinking models when the request does not say.
            thinking = think == .null ? true : think != .bool(false)
        } else {
            if think == .bool(true) {
                throw RequestRejection(status: 400, message: "\"\(requestedName)\" does not support thinking")
            }
            thinking = false
        }
        if !tools.isEmpty, !model.supports("tools") {
            throw RequestRejection(status: 400, message: "\(ModelName.qualified(model.name)) does not support tools")
        }

        // Every message's pictures are checked (they are sent again each turn); the answer names the last one's.
        let images = messages.flatMap { ImageInspection.strings($0.objectValue?["images"]) }
            + (endpoint == .generate ? (try body.array("images", goElementType: "api.ImageData") ?? []).compactMap(\.stringValue) : [])
        let seen = try ImageInspection.inspect(images, model: model)

        let numCtx = options["num_ctx"]?.intValue ?? 4096
        let wasLoaded = markRunning(model, keepAlive: keepAlive, contextLength: numCtx)
        if isLoadRequest {
            try await sendLoadAnswer(model: requestedName, doneReason: "load")
            return true
        }
        if case .string(let level) = think, !["gptoss", "gpt-oss"].contains(model.family) {
            throw RequestRejection(status: 400, message: "think value \"\(level)\" is not supported for this model")
        }

        let promptText: String
        let echoed: String
        var continuing: String?
        if endpoint == .chat {
            if let last = messages.last?.objectValue, last["role"]?.stringValue?.lowercased() == "assistant" {
                continuing = last["content"]?.stringValue
            }
            let texts = messages.compactMap { $0.objectValue?["content"]?.stringValue }
            promptText = ([model.system] + texts).joined(separator: "\n")
            let lastUser = messages.last { $0.objectValue?["role"]?.stringValue?.lowercased() == "user" }
            let lastImages = ImageInspection.strings(lastUser?.objectValue?["images"])
            let lastSeen = try ImageInspection.inspect(lastImages, model: model)
            echoed = [lastUser?.objectValue?["content"]?.stringValue ?? "", lastSeen ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        } else {
            promptText = (system.isEmpty ? model.system : system) + "\n" + prompt
            echoed = [prompt, seen ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        }
        // Like Ollama, the prompt never counts more than the window: a longer one was silently truncated.
        let messageCount = max(messages.count, 1)
        let promptTokens = min(max(1, (promptText.utf8.count + 3) / 4 + 4 * messageCount + 2), max(numCtx, 1))

        // After tool results the scripted model answers them (or calls again, as scripted).
        var reply = script.reply
        let toolResults = endpoint == .chat ? Self.trailingToolResults(messages) : []
        if !toolResults.isEmpty, reply.toolFollowUp == .echoResults {
            reply.content = .tokens(WordTokens.split("Tool results: " + toolResults.joined(separator: " | ")))
            reply.toolCalls = []
        }

        let generation = ReplyStreamer(
            state: state,
            response: response,
            modelName: requestedName,
            encoder: ChunkEncoder(endpoint: endpoint, model: requestedName),
            reply: reply,
            plan: TokenPlan(reply: reply, thinking: thinking && continuing == nil, echoed: echoed, continuing: continuing),
            sendToolCalls: !tools.isEmpty,
            numPredict: options["num_predict"]?.intValue ?? -1,
            promptTokens: promptTokens,
            modelWasLoaded: wasLoaded
        )
        let keepConnection = stream ? try await generation.stream() : try await generation.answerWhole()
        if keepAlive == .zero {
            state.withLock { shared in shared.script.running.removeAll { ModelName.sameModel($0.name, model.name) } }
        }
        return keepConnection
    }

    /// The contents of the `tool` messages that end the conversation, in order.
    static func trailingToolResults(_ messages: [JSONValue]) -> [String] {
        var results: [String] = []
        for message in messages.reversed() {
            guard let object = message.objectValue, object["role"]?.stringValue?.lowercased() == "tool" else { break }
            results.insert(object["content"]?.stringValue ?? "", at: 0)
        }
        return results
    }

    /// The `done:true` answer to a load or unload request (always a single JSON object).
    private func sendLoadAnswer(model: String, doneReason: String) async throws {
        var members: [(String, OrderedJSON)] = [("model", .string(model)), ("created_at", .string(GoTimestamp.nowUTC()))]
        if endpoint == .chat {
            members.append(("message", .object([("role", .string("assistant")), ("content", .string(""))])))
        } else {
            members.append(("response", .string("")))
        }
        members.append(("done", .bool(true)))
        members.append(("done_reason", .string(doneReason)))
        try await response.sendJSON(status: 200, .object(members))
    }

    /// Puts the model at the top of `/api/ps`; returns whether it was loaded already.
    private func markRunning(_ model: ScriptedModel, keepAlive: Duration?, contextLength: Int) -> Bool {
        let expiresAt = GoTimestamp.localTime(after: KeepAlive.effective(keepAlive))
        return state.withLock { shared in
            let wasLoaded = shared.script.running.contains { ModelName.sameModel($0.name, model.name) }
            shared.script.running.removeAll { ModelName.sameModel($0.name, model.name) }
            let memory = model.size + model.size / 3
            shared.script.running.insert(
                ScriptedRunningModel(name: model.name, size: memory, sizeVRAM: memory, expiresAt: expiresAt,
                                     contextLength: contextLength),
                at: 0
            )
            return wasLoaded
        }
    }
}

/// Ollama's `keep_alive`: a Go duration string or a number of seconds; negative keeps the model forever.
enum KeepAlive {
    static func parse(_ value: JSONValue?) -> Duration? {
        switch value {
        case .number(let seconds):
            return .nanoseconds(Int64(seconds * 1e9))
        case .string(let text):
            return GoDuration.parse(text)
        default:
            return nil
        }
    }

    /// How long the model stays in `/api/ps`: five minutes by default, "forever" for negative values.
    static func effective(_ keepAlive: Duration?) -> Duration {
        guard let keepAlive else { return .seconds(300) }
        return keepAlive < .zero ? .seconds(Int64(290) * 365 * 86_400) : keepAlive
    }
}

/// Go's `time.ParseDuration` for the forms people write: `5m`, `1h30m`, `2.5s`, `300ms`, `0`, `-1m`.
enum GoDuration {
    static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        var negative = false
        if rest.first == "-" || rest.first == "+" {
            negative = rest.first == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return .zero }
        guard !rest.isEmpty else { return nil }
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isNumber || $0 == ".") }
            guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        let nanoseconds = Int64(min(total, 9.2e18))
        return .nanoseconds(negative ? -nanoseconds : nanoseconds)
    }
}
