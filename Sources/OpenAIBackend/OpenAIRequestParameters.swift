import TachikomaCore

/// What an OpenAI-compatible server takes with a chat completion beyond the chat's own settings,
/// as `ChatCompletionRequestWire` sends it.
public enum OpenAIRequestParameters {
    /// `max_tokens` (also typed as `num_predict`), and `top_k` and `min_p`, which llama.cpp and
    /// vLLM read. The context window is fixed where the server is started, so no request sets it.
    public static let table = RequestParameterTable(
        serverKind: "the OpenAI-compatible server",
        parameters: [
            RequestParameter(
                "top_k", .whole(SettingLimits.topK), field: .topK, note: "e.g. 40; read by llama.cpp and vLLM, not by OpenAI"),
            RequestParameter(
                "min_p", .decimal(SettingLimits.minP), field: .minP, note: "e.g. 0.05; read by llama.cpp and vLLM, not by OpenAI"),
            RequestParameter(
                "max_tokens", aliases: ["num_predict"], .whole(maxTokens), field: .maxTokens,
                note: "the most tokens to generate"),
        ],
        contextWindowHint: "set where the server is started, e.g. llama-server -c 8192",
        contextWindowNames: ["num_ctx", "n_ctx", "ctx_size", "context_length"])

    /// At least one token: the API has no "unlimited" number; leaving it out is unlimited.
    public static let maxTokens = NumericLimit(whole: 1...Int(Int32.max), unit: "tokens")
}
