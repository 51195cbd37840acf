@testable import TachikomaCore

extension ServerKindRegistry {
    /// Two kinds shaped as the executable's backends register theirs (Core cannot import them):
    /// one that takes an address without a scheme and names the implicit server, one that takes
    /// only http(s) URLs. The backends' own tests check their real descriptions.
    static let forTests: ServerKindRegistry = {
        var kinds = ServerKindRegistry()
        kinds.register(.addressKind)
        kinds.register(.urlKind)
        kinds.setImplicitServer(named: "ollama", kind: .addressKind)
        return kinds
    }()
}

extension ServerKindDescription {
    static let addressKind = ServerKindDescription(
        kind: "ollama", urlForm: .httpURLOrAddress, urlExamples: ["http://127.0.0.1:11434", "127.0.0.1:11434"],
        defaultURL: "http://127.0.0.1:11434", apiKeyVariableExample: "OLLAMA_API_KEY",
        addressEnvironmentVariable: "OLLAMA_HOST")

    static let urlKind = ServerKindDescription(
        kind: "openai", urlForm: .httpURL, urlExamples: ["http://127.0.0.1:8080/v1"],
        defaultURL: "http://127.0.0.1:8080/v1", apiKeyVariableExample: "OPENAI_API_KEY")
}
