import Foundation
import TachikomaCore

extension ChatCompletionRequestWire {
    /// The wire request for a core request.
    ///
    /// Options OpenAI's API has no field for are left out: the context window (`contextLength`, set
    /// where the server is started), `repeatPenalty`, `repeatLastN` and Ollama's other options;
    /// `topK` and `minP` go out only when set, for llama.cpp and vLLM, which read them. A think
    /// level becomes `reasoning_effort`; on or off has no standard field and is left to the model.
    /// `OpenAIRequestParameters` is what `/set` offers of these.
    init(_ request: CompletionRequest, config: OpenAIBackendConfig, stream: Bool) {
        let model = request.model ?? config.model
        self.init(
            model: model.isEmpty ? nil : model,
            messages: request.messages.map(ChatMessageWire.init),
            stream: stream,
            streamOptions: stream ? StreamOptionsWire(includeUsage: true) : nil,
            temperature: request.options.temperature,
            topP: request.options.topP,
            topK: request.options.topK,
            minP: request.options.minP,
            // Ollama's -1 (unlimited) and -2 (fill the context) have no number here: left out, the
            // server generates until the model stops or the context is full.
            maxTokens: request.options.maxTokens.flatMap { $0 > 0 ? $0 : nil },
            seed: request.options.seed,
            stop: request.options.stop.flatMap { $0.isEmpty ? nil : $0 },
            responseFormat: request.format.map {
                switch $0 {
                case .json: return .jsonObject
                case .schema(let schema): return .jsonSchema(schema)
                }
            },
            tools: config.toolsEnabled && !request.tools.isEmpty
                ? request.tools.map { ToolWire(function: .init(name: $0.name, description: $0.description, parameters: $0.parameters)) }
                : nil,
            reasoningEffort: {
                if case .level(let level) = request.think { return level }
                return nil
            }())
    }
}

extension ChatMessageWire {
    /// A core message as OpenAI takes it: an assistant's tool calls with their arguments as a JSON
    /// text, a tool result paired with its call by `tool_call_id`, images as data URLs. The model's
    /// earlier reasoning is not sent back (OpenAI ignores it, and some servers refuse it).
    init(_ message: Message) {
        switch message.role {
        case .assistant:
            let calls = message.toolCalls.map { call in
                ToolCallWire(id: call.id, function: .init(name: call.name, arguments: Self.argumentsText(call.arguments)))
            }
            self.init(
                role: "assistant", content: calls.isEmpty || !message.content.isEmpty ? .text(message.content) : .none,
                toolCalls: calls)
        case .tool:
            self.init(role: "tool", content: .text(message.content), toolCallID: message.toolCallID ?? message.toolName ?? "")
        case .user where !message.images.isEmpty:
            self.init(role: "user", content: .parts(text: message.content, imageURLs: message.images.map(Self.dataURL)))
        case .user, .system:
            self.init(role: message.role.rawValue, content: .text(message.content))
        }
    }

    /// Arguments as the JSON text OpenAI expects; a call whose arguments arrived malformed (kept as
    /// a string, see `ToolCallAssembly`) goes back as that same text.
    static func argumentsText(_ arguments: JSONValue) -> String {
        if case .string(let raw) = arguments { return raw }
        return arguments.compactJSONText
    }

    /// A base64 image as a data URL, its type read from the first bytes (PNG, JPEG, GIF, WebP).
    static func dataURL(_ base64: String) -> String {
        if base64.hasPrefix("data:") { return base64 }
        let type: String
        if let head = Data(base64Encoded: String(base64.prefix(16))), let format = MediaFormat.sniff(head) {
            type = format.mediaType
        } else if base64.hasPrefix("iVBOR") {
            type = "image/png"
        } else if base64.hasPrefix("R0lGOD") {
            type = "image/gif"
        } else if base64.hasPrefix("UklGR") {
            type = "image/webp"
        } else {
            type = "image/jpeg"
        }
        return "data:\(type);base64,\(base64)"
    }
}

extension JSONValue {
    /// Compact JSON text with sorted keys (stable, so the same call is always sent the same way).
    var compactJSONText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
            return value.isFinite ? String(value) : "null"
        case .string(let value): return Self.quoted(value)
        case .array(let values): return "[" + values.map(\.compactJSONText).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ":" + $0.value.compactJSONText }
                .joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
