import Foundation

/// Settings as a person reads and types them: by their `/set` names (`temperature 0.2, num_ctx 8192`),
/// for transcripts, `/history` and Markdown exports. Never the stored JSON.
///
/// Options take the names `ollama run`'s `/set parameter` uses (`num_predict`, not `max_tokens`), the
/// chat's default; a backend's further options keep their own wire names.
public enum SettingText {
    /// `temperature 0.2, top_k 40, num_ctx 8192`, in the order `/set` lists them; "model defaults" when none is set.
    public static func options(_ options: GenerationOptions) -> String {
        var pairs: [String] = []
        func add(_ name: String, _ value: Double?) {
            if let value { pairs.append("\(name) \(NumericLimit.format(value))") }
        }
        add("temperature", options.temperature)
        add("top_p", options.topP)
        add("top_k", options.topK.map(Double.init))
        add("min_p", options.minP)
        add("num_predict", options.maxTokens.map(Double.init))
        add("num_ctx", options.contextLength.map(Double.init))
        add("repeat_penalty", options.repeatPenalty)
        add("repeat_last_n", options.repeatLastN.map(Double.init))
        add("seed", options.seed.map(Double.init))
        if let stop = options.stop, !stop.isEmpty {
            pairs.append("stop " + stop.map(QuotedString.of).joined(separator: " "))
        }
        for (name, value) in options.extraOptions.sorted(by: { $0.key < $1.key }) {
            pairs.append("\(name) \(text(value))")
        }
        return pairs.isEmpty ? "model defaults" : pairs.joined(separator: ", ")
    }

    /// `on`, `off` or the level: what `/set think` takes.
    public static func think(_ think: ThinkSetting?) -> String {
        switch think {
        case nil: "model default"
        case .enabled(true): "on"
        case .enabled(false): "off"
        case .level(let level): level
        }
    }

    /// A value as `/set` takes it: `8192`, `0.05`, `true`, text as it is.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .bool(let flag): String(flag)
        case .number(let number): NumericLimit.format(number)
        case .string(let text): text
        default: (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? ""
        }
    }
}
