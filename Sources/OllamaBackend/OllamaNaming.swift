import TachikomaCore

/// Ollama's own words and rules, which the chat learns through `Backend` and never spells itself.
public enum OllamaNaming {
    /// What an error says when nothing answers at the server's address.
    public static let serverHint = ServerHint(
        serverName: "Ollama", startAdvice: "Start it with `ollama serve` or set OLLAMA_HOST")

    /// A name without a tag means `:latest`, so `llama3.2` and `llama3.2:latest` are the same model.
    public static let modelNaming = TaggedModelNaming(defaultTag: "latest")

    /// What `/show` can print, as `ollama run`'s `/show` does; `info` first, the default.
    public static let modelTopics = ["info", "parameters", "template", "system", "modelfile", "license"]
}
