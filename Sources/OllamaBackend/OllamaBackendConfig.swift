import TachikomaCore

/// How `OllamaBackend` talks to its server by default.
public struct OllamaBackendConfig: Sendable, Hashable {
    public static let defaultModel = "llama3.1:8b"

    public var server: OllamaServerConfig
    /// Used when a request names no model.
    public var model: String
    /// The context window sent as `num_ctx` when a request does not set one. Ollama's own default
    /// is small (2048 to 4096 depending on version), so it is always sent.
    public var numCtx: Int
    /// How long the server keeps the model loaded after a request: a Go duration ("5m", "1h"),
    /// whole seconds ("300"), "0" to unload at once or a negative number to keep it forever.
    public var keepAlive: String
    /// Whether the tools of a request are sent at all; off for models that reject them.
    public var toolsEnabled: Bool

    public init(
        server: OllamaServerConfig = OllamaServerConfig(), model: String = OllamaBackendConfig.defaultModel,
        numCtx: Int = 4096, keepAlive: String = "5m", toolsEnabled: Bool = true
    ) {
        self.server = server
        self.model = model
        self.numCtx = numCtx
        self.keepAlive = keepAlive
        self.toolsEnabled = toolsEnabled
    }
}
