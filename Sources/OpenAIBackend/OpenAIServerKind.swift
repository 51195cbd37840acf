import TachikomaCore

extension ServerKind {
    /// OpenAI's chat completions API, as llama-server, vLLM, LM Studio and hosted APIs speak it.
    public static let openai: ServerKind = "openai"
}

extension ServerKindDescription {
    /// What the config file takes for a server of kind `openai`: the API base as OpenAI's clients
    /// take it, an absolute `http(s)://` URL such as `http://127.0.0.1:8080/v1` (llama-server's
    /// default), a key variable and a CA file.
    public static let openai = ServerKindDescription(
        kind: .openai, urlForm: .httpURL, urlExamples: ["http://127.0.0.1:8080/v1"],
        defaultURL: "http://127.0.0.1:8080/v1", optionalKeys: [.apiKeyEnvironmentVariable, .caFile, .visionModels],
        apiKeyVariableExample: "OPENAI_API_KEY")
}
