import TachikomaCore

/// Core requests and messages as Ollama's `/api/chat` wants them.
extension ChatRequest {
    /// The wire form of `request` under `config`: the request's model else the default, `num_ctx`
    /// from the request else the config. The request's tools are sent whenever it has any: the chat
    /// decides per request which tools to offer (none to a model without the `tools` capability).
    public init(_ request: CompletionRequest, config: OllamaBackendConfig, stream: Bool) {
        let options = request.options
        self.init(
            model: request.model ?? config.model,
            messages: request.messages.map(WireMessage.init),
            tools: request.tools.isEmpty ? nil : request.tools.map(WireTool.init),
            format: request.format.map(Self.wireFormat),
            options: WireOptions(
                temperature: options.temperature, topP: options.topP, topK: options.topK, minP: options.minP,
                numPredict: options.maxTokens, stop: options.stop, seed: options.seed,
                repeatPenalty: options.repeatPenalty, repeatLastN: options.repeatLastN,
                numCtx: options.contextLength ?? config.numCtx),
            stream: stream,
            keepAlive: config.keepAlive.map(KeepAlive.init),
            think: request.think.map(ThinkValue.init))
        if !options.extraOptions.isEmpty { self.options?.extra = options.extraOptions }
    }

    /// `"json"`, or the schema object itself.
    static func wireFormat(_ format: ResponseFormat) -> JSONValue {
        switch format {
        case .json: return "json"
        case .schema(let schema): return schema
        }
    }
}

extension WireMessage {
    /// A core message on the wire: empty lists and absent fields are left out.
    public init(_ message: Message) {
        self.init(
            role: message.role.rawValue,
            content: message.content,
            thinking: message.thinking.flatMap { $0.isEmpty ? nil : $0 },
            images: message.images.isEmpty ? nil : message.images,
            toolCalls: message.toolCalls.isEmpty ? nil : message.toolCalls.map(WireToolCall.init),
            toolName: message.role == .tool ? message.toolName : nil)
    }
}

extension WireToolCall {
    /// Arguments go out as a JSON object (an empty one when they are missing).
    public init(_ call: ToolCall) {
        let arguments: JSONValue = call.arguments == .null ? .object([:]) : call.arguments
        self.init(id: call.id, function: Function(name: call.name, arguments: arguments))
    }
}

extension WireTool {
    public init(_ tool: ToolDefinition) {
        self.init(function: Function(name: tool.name, description: tool.description, parameters: tool.parameters))
    }
}

extension ThinkValue {
    public init(_ setting: ThinkSetting) {
        switch setting {
        case .enabled(let flag): self = .enabled(flag)
        case .level(let level): self = .level(level)
        }
    }
}
