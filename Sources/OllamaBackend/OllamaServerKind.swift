import TachikomaCore

extension ServerKind {
    /// Ollama's own API (`/api/chat`, `/api/tags`, …).
    public static let ollama: ServerKind = "ollama"
}

extension ServerKindDescription {
    /// What the config file takes for a server of kind `ollama`: a URL, or an address read the way
    /// `OLLAMA_HOST` is (`host`, `host:port`, `:port`; `OllamaServerConfig.parseHost` reads it in full
    /// when the backend is built), a key variable and a CA file. `OLLAMA_HOST` also says where the
    /// implicit server is when it is of this kind.
    public static let ollama = ServerKindDescription(
        kind: .ollama, urlForm: .httpURLOrAddress, urlExamples: ["http://127.0.0.1:11434", "127.0.0.1:11434"],
        defaultURL: OllamaServerConfig.defaultBaseURL, optionalKeys: [.apiKeyEnvironmentVariable, .caFile, .visionModels],
        apiKeyVariableExample: "OLLAMA_API_KEY", addressEnvironmentVariable: "OLLAMA_HOST")
}
