import TachikomaCore

/// How `OllamaBackend` talks to its server by default.
public struct OllamaBackendConfig: Sendable, Hashable {
    public static let defaultModel = "llama3.1:8b"

    public var server: OllamaServerConfig
    /// Used when a request names no model.
    public var model: String
    /// `num_ctx` for requests that set none; nil sends none, so the server's own choice holds
    /// (`OLLAMA_CONTEXT_LENGTH`, the Modelfile's), and a loaded model is not reloaded for it.
    public var numCtx: Int?
    /// How long the server keeps the model loaded after a request: a Go duration ("5m", "1h"),
    /// whole seconds ("300"), "0" to unload at once or a negative number to keep it forever. Nil
    /// sends none, as `ollama run` without `--keepalive`: the server's `OLLAMA_KEEP_ALIVE` (default 5m) holds.
    public var keepAlive: String?
    /// Whether `info()` reports tool support (when the model has it). Requests carry their own tools
    /// regardless: the chat offers none when tool calling is off.
    public var toolsEnabled: Bool

    public init(
        server: OllamaServerConfig = OllamaServerConfig(), model: String = OllamaBackendConfig.defaultModel,
        numCtx: Int? = nil, keepAlive: String? = nil, toolsEnabled: Bool = true
    ) {
        self.server = server
        self.model = model
        self.numCtx = numCtx
        self.keepAlive = keepAlive
        self.toolsEnabled = toolsEnabled
    }
}
