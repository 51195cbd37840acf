import TachikomaCore

extension OllamaNaming {
    /// What `ollama run`'s `/set parameter` accepts: the common sampling options, the context window
    /// (`num_ctx`, chosen per request) and the rest of Ollama's model and runner options (its
    /// `api.Options` and `Runner`), each sent under its own name in the request's options.
    public static let requestParameters = RequestParameterTable(
        serverKind: "Ollama",
        parameters: [
            RequestParameter("top_k", .whole(SettingLimits.topK), field: .topK, note: "e.g. 40; 0 turns it off"),
            RequestParameter("min_p", .decimal(SettingLimits.minP), field: .minP, note: "e.g. 0.05"),
            RequestParameter(
                "num_predict", aliases: ["max_tokens"], .whole(SettingLimits.numPredict), field: .maxTokens,
                note: "tokens to generate; -1 unlimited, -2 fill the context"),
            RequestParameter(
                "num_ctx", .whole(SettingLimits.contextLength), field: .contextLength,
                note: "the context window in tokens, e.g. 8192"),
            RequestParameter(
                "repeat_penalty", .decimal(SettingLimits.repeatPenalty), field: .repeatPenalty, note: "e.g. 1.1; 1 is no penalty"),
            RequestParameter(
                "repeat_last_n", .whole(SettingLimits.repeatLastN), field: .repeatLastN,
                note: "tokens to look back; -1 the whole context, 0 off"),
        ] + runnerOptions,
        contextWindowHint: "chosen per request with num_ctx, or by OLLAMA_CONTEXT_LENGTH where the server is started")

    /// Rarely changed: `/set` lists these only once set.
    static let runnerOptions: [RequestParameter] = [
        extra("num_keep", .whole(OllamaOptionLimits.numKeep), "prompt tokens kept when the context shifts; -1 all"),
        extra("typical_p", .decimal(OllamaOptionLimits.typicalP), "locally typical sampling; 1 turns it off"),
        extra("presence_penalty", .decimal(OllamaOptionLimits.presencePenalty), "penalizes tokens already present"),
        extra("frequency_penalty", .decimal(OllamaOptionLimits.frequencyPenalty), "penalizes tokens by how often they appeared"),
        extra("penalize_newline", .flag, "whether newlines count for the repeat penalty"),
        extra("mirostat", .whole(OllamaOptionLimits.mirostat), "0 off, 1 Mirostat, 2 Mirostat 2.0"),
        extra("mirostat_tau", .decimal(OllamaOptionLimits.mirostatTau), "Mirostat's target entropy, e.g. 5"),
        extra("mirostat_eta", .decimal(OllamaOptionLimits.mirostatEta), "Mirostat's learning rate, e.g. 0.1"),
        extra("num_batch", .whole(OllamaOptionLimits.numBatch), "prompt tokens processed at once, e.g. 512"),
        extra("num_gpu", .whole(OllamaOptionLimits.numGPU), "layers on the GPU; -1 lets Ollama decide, 0 CPU only"),
        extra("main_gpu", .whole(OllamaOptionLimits.mainGPU), "the GPU for small tensors when a model is split"),
        extra("num_thread", .whole(OllamaOptionLimits.numThread), "CPU threads; 0 lets Ollama decide"),
        extra("numa", .flag, "NUMA-aware memory placement"),
        extra("use_mmap", .flag, "map the model file into memory instead of reading it"),
        extra("use_mlock", .flag, "lock the model in memory so it is never swapped out"),
    ]

    private static func extra(_ name: String, _ kind: RequestParameter.Kind, _ note: String) -> RequestParameter {
        RequestParameter(name, kind, field: .extra, note: note, listedWhenUnset: false)
    }
}

/// What Ollama's further options accept: ranges a model or machine can use, so a typo is caught
/// when it is set rather than by the server mid-chat.
public enum OllamaOptionLimits {
    /// Tokens of the prompt kept when the context is shifted; -1 keeps them all.
    public static let numKeep = NumericLimit(whole: -1...16_777_216, unit: "tokens")
    /// The batch size for prompt processing.
    public static let numBatch = NumericLimit(whole: 1...1_048_576, unit: "tokens")
    /// Layers sent to the GPU; -1 lets Ollama decide, 0 keeps the model on the CPU.
    public static let numGPU = NumericLimit(whole: -1...1_000_000, unit: "layers")
    /// The GPU that holds small tensors when a model is split.
    public static let mainGPU = NumericLimit(whole: 0...1024)
    /// CPU threads; 0 lets Ollama decide.
    public static let numThread = NumericLimit(whole: 0...4096, unit: "threads")
    /// 0 off, 1 Mirostat, 2 Mirostat 2.0.
    public static let mirostat = NumericLimit(whole: 0...2)
    public static let mirostatTau = NumericLimit(decimal: 0...100)
    public static let mirostatEta = NumericLimit(decimal: 0...1)
    public static let typicalP = NumericLimit(decimal: 0...1)
    /// Negative values encourage repetition, positive ones discourage it.
    public static let presencePenalty = NumericLimit(decimal: -2...2)
    public static let frequencyPenalty = NumericLimit(decimal: -2...2)
}
