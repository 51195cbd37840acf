import TachikomaCore

/// The rest of Ollama's model and runner options (its `api.Options` and `Runner`), which `ollama run`'s
/// `/set parameter` accepts: each is checked here and sent under its own name in the request's options.
extension SettingParameter {
    static let ollamaOptions: [SettingParameter] = [
        .option("num_keep", .whole(SettingLimits.numKeep), "prompt tokens kept when the context shifts; -1 all"),
        .option("typical_p", .decimal(SettingLimits.typicalP), "locally typical sampling; 1 turns it off"),
        .option("presence_penalty", .decimal(SettingLimits.presencePenalty), "penalizes tokens already present"),
        .option("frequency_penalty", .decimal(SettingLimits.frequencyPenalty), "penalizes tokens by how often they appeared"),
        .option("penalize_newline", .flag, "whether newlines count for the repeat penalty"),
        .option("mirostat", .whole(SettingLimits.mirostat), "0 off, 1 Mirostat, 2 Mirostat 2.0"),
        .option("mirostat_tau", .decimal(SettingLimits.mirostatTau), "Mirostat's target entropy, e.g. 5"),
        .option("mirostat_eta", .decimal(SettingLimits.mirostatEta), "Mirostat's learning rate, e.g. 0.1"),
        .option("num_batch", .whole(SettingLimits.numBatch), "prompt tokens processed at once, e.g. 512"),
        .option("num_gpu", .whole(SettingLimits.numGPU), "layers on the GPU; -1 lets Ollama decide, 0 CPU only"),
        .option("main_gpu", .whole(SettingLimits.mainGPU), "the GPU for small tensors when a model is split"),
        .option("num_thread", .whole(SettingLimits.numThread), "CPU threads; 0 lets Ollama decide"),
        .option("numa", .flag, "NUMA-aware memory placement"),
        .option("use_mmap", .flag, "map the model file into memory instead of reading it"),
        .option("use_mlock", .flag, "lock the model in memory so it is never swapped out"),
    ]

    /// What an extra option's value is.
    enum OptionKind: Sendable {
        case whole(NumericLimit)
        case decimal(NumericLimit)
        /// `true`/`false` and Go's other spellings (`1`, `t`, `F`, …), as Ollama's `strconv.ParseBool`.
        case flag
    }

    /// Spellings of true and false that Go's `strconv.ParseBool` accepts, plus on/yes/no.
    private static let trueWords: Set<String> = ["1", "t", "T", "true", "TRUE", "True", "on", "yes"]
    private static let falseWords: Set<String> = ["0", "f", "F", "false", "FALSE", "False", "no"]

    static func option(_ name: String, _ kind: OptionKind, _ note: String) -> SettingParameter {
        let valueHelp: String
        let suggested: [String]
        switch kind {
        case .whole(let limit), .decimal(let limit):
            valueHelp = "\(limit.rangeText); \(note)"
            suggested = []
        case .flag:
            valueHelp = "true or false; \(note)"
            suggested = ["true", "false", "off"]
        }
        return SettingParameter(
            name: name, valueHelp: valueHelp, suggestedValues: suggested,
            apply: { settings, words throws(SettingError) in
                guard let word = try single(name, words) else {
                    settings.options.extraOptions[name] = nil
                    return "Cleared parameter '\(name)'"
                }
                let value: JSONValue
                switch kind {
                case .whole(let limit):
                    guard let number = Int(word), limit.accepts(number) else {
                        throw SettingError("\(name) must be \(limit.description), not '\(word)'")
                    }
                    value = .number(Double(number))
                case .decimal(let limit):
                    guard let number = decimalValue(word), limit.accepts(number) else {
                        throw SettingError("\(name) must be \(limit.description), not '\(word)'")
                    }
                    value = .number(number)
                case .flag:
                    if trueWords.contains(word) {
                        value = .bool(true)
                    } else if falseWords.contains(word) {
                        value = .bool(false)
                    } else {
                        throw SettingError("\(name) takes true or false (off resets it), not '\(word)'")
                    }
                }
                settings.options.extraOptions[name] = value
                return "Set parameter '\(name)' to '\(word)'"
            },
            current: { settings in
                switch settings.options.extraOptions[name] {
                case nil: return nil
                case .bool(let flag)?: return String(flag)
                case .number(let number)?: return NumericLimit.format(number)
                case let other?: return String(describing: other)
                }
            })
    }
}
