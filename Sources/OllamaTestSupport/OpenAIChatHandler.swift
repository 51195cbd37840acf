import Foundation
import TachikomaCore

/// The OpenAI-compatible routes: `GET /v1/models` and `POST /v1/chat/completions`, with OpenAI's
/// error bodies and the scripted answer streamed as Server-Sent Events (or whole).
struct OpenAIChatHandler {
    let state: SharedServerState
    let request: RecordedRequest
    let response: ResponseChannel
    let script: ServerScript

    /// Returns false when the connection must not be used again.
    func run(method: String) async throws -> Bool {
        if let key = script.openAI.requiredAPIKey {
            let header = request.header("Authorization") ?? ""
            guard header.hasPrefix("Bearer ") else {
                try await fail(OpenAIFailure(
                    status: 401,
                    message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."))
                return true
            }
            let given = String(header.dropFirst("Bearer ".count))
            guard given == key else {
                try await fail(OpenAIFailure(
                    status: 401, message: "Incorrect API key provided: \(Self.masked(given)).", code: "invalid_api_key"))
                return true
            }
        }
        let failure: OpenAIFailure? = state.withLock { shared in
            shared.script.openAI.failures.isEmpty ? nil : shared.script.openAI.failures.removeFirst()
        }
        if let failure {
            try await fail(failure)
            return true
        }
        do {
            switch (method, request.path) {
            case ("GET", "/v1/models"):
                try await response.sendJSON(status: 200, .object([
                    ("object", .string("list")),
                    ("data", .array(script.models.map { model in
                        var members: [(String, OrderedJSON)] = [
                            ("id", .string(model.name)), ("object", .string("model")), ("created", .int(1_729_418_400)),
                            ("owned_by", .string("library")),
                        ]
                        if script.openAI.servesProps {
                            members.append(("meta", .object([("n_ctx_train", .int(Int64(model.contextLength))), ("size", .int(model.size))])))
                        }
                        if script.openAI.listsModelTypes { members.append(("type", .string(Self.modelType(model)))) }
                        return .object(members)
                    })),
                ]))
                return true
            case ("GET", "/props") where script.openAI.servesProps:
                let model = script.models.first
                try await response.sendJSON(status: 200, .object([
                    ("model_path", .string("/models/" + (model?.name ?? "none") + ".gguf")),
                    ("modalities", .object([
                        ("vision", .bool(model?.supports("vision") ?? false)), ("audio", .bool(model?.supports("audio") ?? false)),
                    ])),
                ]))
                return true
            case ("POST", "/v1/chat/completions"):
                return try await chat()
            case ("POST", "/v1/embeddings"):
                try await EmbedHandler(request: request, response: response, script: script).openAI()
                return true
            default:
                try await fail(OpenAIFailure(status: 404, message: "Invalid URL (\(method) \(request.path))"))
                return true
            }
        } catch let rejection as RequestRejection {
            try await fail(OpenAIFailure(status: rejection.status, message: rejection.message))
            return true
        }
    }

    private func chat() async throws -> Bool {
        let body = try RequestBody(bytes: request.body, goType: "ChatCompletionRequest")
        let requested = try body.string("model") ?? ""
        let model: ScriptedModel
        if requested.isEmpty {
            // llama.cpp's server answers with the model it serves whatever the request names.
            guard let first = script.models.first else {
                throw RequestRejection(status: 400, message: "you must provide a model parameter")
            }
            model = first
        } else {
            guard let found = script.models.first(where: { $0.name == requested }) else {
                try await fail(OpenAIFailure(
                    status: 404, message: "The model `\(requested)` does not exist or you do not have access to it.",
                    code: "model_not_found"))
                return true
            }
            model = found
        }
        let messages = try body.array("messages", goElementType: "Message") ?? []
        guard !messages.isEmpty else {
            throw RequestRejection(status: 400, message: "'messages' must contain at least one message")
        }
        let stream = try body.bool("stream") ?? false
        let includeUsage = body.members["stream_options"]?.objectValue?["include_usage"] == .bool(true)
        let tools = try body.array("tools", goElementType: "Tool") ?? []
        let maxTokens = body.members["max_tokens"]?.intValue ?? body.members["max_completion_tokens"]?.intValue ?? -1

        let texts = messages.compactMap { Self.text(of: $0) }
        let lastUser = messages.last { $0.objectValue?["role"]?.stringValue == "user" }
        // Pictures must be data URLs of real pictures; a model scripted with vision names them.
        var seen: String?
        do {
            _ = try ImageInspection.inspect(try ImageInspection.dataURLImages(messages), model: model, refusedWithoutVision: false)
            seen = try ImageInspection.inspect(
                try ImageInspection.dataURLImages(lastUser.map { [$0] } ?? []), model: model, refusedWithoutVision: false)
        } catch let rejection as RequestRejection {
            try await fail(OpenAIFailure(status: rejection.status, message: rejection.message))
            return true
        }
        let echoed = [lastUser.flatMap(Self.text(of:)) ?? "", seen ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        let promptText = ([model.system] + texts).joined(separator: "\n")
        let promptTokens = max(1, (promptText.utf8.count + 3) / 4 + 4 * messages.count + 2)
        // llama-server continues a trailing assistant message.
        let last = messages.last?.objectValue
        let continuing = last?["role"]?.stringValue == "assistant" ? messages.last.flatMap(Self.text(of:)) : nil

        let streamer = OpenAIReplyStreamer(
            state: state, response: response, modelName: model.name, reply: script.reply, settings: script.openAI,
            plan: TokenPlan(
                reply: script.reply, thinking: model.supports("thinking") && continuing == nil, echoed: echoed,
                continuing: continuing),
            sendToolCalls: !tools.isEmpty, maxTokens: maxTokens, promptTokens: promptTokens, includeUsage: includeUsage)
        return stream ? try await streamer.stream() : try await streamer.answerWhole()
    }

    /// LM Studio's word for what a model is.
    private static func modelType(_ model: ScriptedModel) -> String {
        if model.capabilities == ["embedding"] { return "embeddings" }
        return model.supports("vision") ? "vlm" : "llm"
    }

    /// A message's text: a string, or the text parts of a content array.
    private static func text(of message: JSONValue) -> String? {
        switch message.objectValue?["content"] {
        case .string(let text): return text
        case .array(let parts):
            return parts.compactMap { $0.objectValue?["text"]?.stringValue }.joined(separator: "\n")
        default: return nil
        }
    }

    private func fail(_ failure: OpenAIFailure) async throws {
        try await response.sendFull(
            status: failure.status, contentType: ContentType.json,
            body: OpenAIErrorBody.json(message: failure.message, type: failure.type, code: failure.code),
            extraHeaders: failure.retryAfter.map { [("Retry-After", $0)] } ?? [])
    }

    /// OpenAI shows the first three and last four characters of a wrong key.
    static func masked(_ key: String) -> String {
        guard key.count > 8 else { return "****" }
        return String(key.prefix(3)) + "*****" + String(key.suffix(4))
    }
}
