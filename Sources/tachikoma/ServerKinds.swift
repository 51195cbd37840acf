import OllamaBackend
import OpenAIBackend
import TachikomaCore

extension ServerKindRegistry {
    /// The kinds of server this build speaks, each as its backend describes it, and the implicit
    /// server: `ollama`, the Ollama server that `--host`, `OLLAMA_HOST` and the `host` key describe,
    /// as `ollama` itself finds its server.
    static let tachikoma: ServerKindRegistry = {
        var kinds = ServerKindRegistry()
        kinds.register(.ollama)
        kinds.register(.openai)
        kinds.setImplicitServer(named: ServerCatalog.implicitOllamaName, kind: .ollama)
        return kinds
    }()
}
