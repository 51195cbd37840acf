import ChatEngine
import TachikomaCore

/// A value `/set` refused, in one line a person can act on.
struct SettingError: Error, Sendable, Hashable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One thing `/set NAME VALUE` can change: how to parse and check the value, and how to show it.
struct SettingParameter: Sendable {
    var name: String
    /// Shown in `/set` help, e.g. "0.0–2.0".
    var valueHelp: String
    /// Values Tab offers after the name.
    var suggestedValues: [String] = []
    /// Takes the words after the name; returns the confirmation line.
    var apply: @Sendable (inout ChatSettings, [String]) throws(SettingError) -> String
    /// The current value, for `/set` and `/show parameters`; nil when unset.
    var current: @Sendable (ChatSettings) -> String?

    /// Other names typed for it, e.g. `num_predict` for `max_tokens`.
    var aliases: [String] = []

    /// The chat's own sampling settings, which every server takes; listed first.
    static let sampling: [SettingParameter] = [
        .decimal("temperature", SettingLimits.temperature, "e.g. 0.8; higher is more creative", \.options.temperature),
        .decimal("top_p", SettingLimits.topP, "e.g. 0.9", \.options.topP),
    ]

    /// The chat's other settings, listed after the server's parameters.
    static let general: [SettingParameter] = [
        .whole("seed", SettingLimits.seed, "the same seed and prompt give the same answer", \.options.seed),
        SettingParameter(
            name: "stop", valueHelp: "one or more stop sequences, or off",
            apply: { settings, words throws(SettingError) in
                guard !words.isEmpty else { throw SettingError("stop needs one or more sequences, e.g. /set stop \"<|end|>\"; or /set stop off") }
                if words == ["off"] {
                    settings.options.stop = nil
                    return "Cleared parameter 'stop'"
                }
                let sequences = words
                settings.options.stop = sequences
                return "Set parameter 'stop' to '\(sequences.joined(separator: "', '"))'"
            },
            current: { $0.options.stop.map { $0.map(QuotedWords.quotedIfNeeded).joined(separator: " ") } }),
        SettingParameter(
            name: "think", valueHelp: "on, off, or how hard: low, medium, high or max",
            suggestedValues: ["on", "off"] + ThinkSetting.levels,
            apply: { settings, words throws(SettingError) in
                let word = words.first?.lowercased() ?? "on"
                guard words.count <= 1 else { throw SettingError("think takes one value: on, off, low, medium, high or max") }
                if word == "default" {
                    settings.think = nil
                    return "Thinking is left to the model."
                }
                guard let think = ThinkSetting(word: word) else {
                    throw SettingError("think takes on, off, low, medium, high or max, not '\(word)'")
                }
                settings.think = think
                switch think {
                case .enabled(let on): return on ? "Set 'think' mode." : "Set 'nothink' mode."
                case .level(let level): return "Set 'think' mode to '\(level)'."
                }
            },
            current: { settings in
                switch settings.think {
                case nil: return nil
                case .enabled(let on): return on ? "on" : "off"
                case .level(let level): return level
                }
            }),
        SettingParameter(
            name: "thinking", valueHelp: "shown or hidden (still saved); also /set hidethinking, /set showthinking",
            suggestedValues: ["shown", "hidden"],
            apply: { settings, words throws(SettingError) in
                switch words.first?.lowercased() ?? "" {
                case "hidden", "hide", "off":
                    settings.hidesThinking = true
                    return "Set 'hidethinking' mode: thinking is not shown (it is still saved)."
                case "shown", "show", "on":
                    settings.hidesThinking = false
                    return "Set 'showthinking' mode."
                case let other:
                    throw SettingError(other.isEmpty ? "thinking takes shown or hidden" : "thinking takes shown or hidden, not '\(other)'")
                }
            },
            current: { $0.hidesThinking ? "hidden" : "shown" }),
        .toggle("verbose", on: "Set 'verbose' mode.", off: "Set 'quiet' mode.", \.verbose),
        .toggle("wordwrap", on: "Set 'wordwrap' mode.", off: "Set 'nowordwrap' mode.", \.wordWrap),
        .toggle("markdown", on: "Answers are rendered as Markdown.", off: "Answers are shown as the model wrote them.", \.markdown),
        .toggle(
            "history", on: "Input history is on.", off: "Input history is off for this session; /set history turns it back on.",
            \.recordsHistory),
        SettingParameter(
            name: "format", valueHelp: "json, a JSON schema object, or off", suggestedValues: ["json", "off"],
            apply: { settings, words throws(SettingError) in
                let text = words.joined(separator: " ")
                switch text.lowercased() {
                case "json": settings.format = .json
                    return "Set format to 'json' mode."
                case "off", "none": settings.format = nil
                    return "Disabled format."
                default:
                    guard let schema = try? JSONTextParser.parse(text), schema.objectValue != nil else {
                        throw SettingError("format takes json, a JSON schema object such as {\"type\":\"object\"}, or off")
                    }
                    settings.format = .schema(schema)
                    return "Set format to the JSON schema given."
                }
            },
            current: { settings in
                switch settings.format {
                case nil: return nil
                case .json: return "json"
                case .schema: return "schema"
                }
            }),
    ]

    // MARK: - Kinds of parameter

    static func decimal(
        _ name: String, _ limit: NumericLimit, _ note: String,
        _ keyPath: WritableKeyPath<ChatSettings, Double?> & Sendable
    ) -> SettingParameter {
        SettingParameter(
            name: name, valueHelp: "\(limit.rangeText); \(note)",
            apply: { settings, words throws(SettingError) in
                guard let word = try single(name, words) else {
                    settings[keyPath: keyPath] = nil
                    return "Cleared parameter '\(name)'"
                }
                guard let value = decimalValue(word), limit.accepts(value) else {
                    throw SettingError("\(name) must be \(limit.description), not '\(word)'")
                }
                settings[keyPath: keyPath] = value
                return "Set parameter '\(name)' to '\(word)'"
            },
            current: { $0[keyPath: keyPath].map { String($0) } })
    }

    static func whole(
        _ name: String, _ limit: NumericLimit, _ note: String,
        _ keyPath: WritableKeyPath<ChatSettings, Int?> & Sendable
    ) -> SettingParameter {
        SettingParameter(
            name: name, valueHelp: "\(limit.rangeText); \(note)",
            apply: { settings, words throws(SettingError) in
                let value = try parseWhole(name, words, limit)
                settings[keyPath: keyPath] = value
                return value.map { "Set parameter '\(name)' to '\($0)'" } ?? "Cleared parameter '\(name)'"
            },
            current: { $0[keyPath: keyPath].map { String($0) } })
    }

    static func toggle(
        _ name: String, on: String, off: String, _ keyPath: WritableKeyPath<ChatSettings, Bool> & Sendable
    ) -> SettingParameter {
        SettingParameter(
            name: name, valueHelp: "on or off", suggestedValues: ["on", "off"],
            apply: { settings, words throws(SettingError) in
                switch words.first?.lowercased() ?? "on" {
                case "on", "true", "yes": settings[keyPath: keyPath] = true
                    return on
                case "off", "false", "no": settings[keyPath: keyPath] = false
                    return off
                case let other: throw SettingError("\(name) takes on or off, not '\(other)'")
                }
            },
            current: { $0[keyPath: keyPath] ? "on" : "off" })
    }

    /// The one value word; nil for `off`/`default`, which reset to the model's default.
    static func single(_ name: String, _ words: [String]) throws(SettingError) -> String? {
        guard words.count == 1, let word = words.first else {
            throw SettingError(words.isEmpty ? "\(name) needs a value, e.g. /set \(name) VALUE (off resets it)" : "\(name) takes one value")
        }
        return ["off", "default"].contains(word.lowercased()) ? nil : word
    }

    /// A whole number within `limit`, or nil for `off`; anything else names the value and the range.
    static func parseWhole(_ name: String, _ words: [String], _ limit: NumericLimit) throws(SettingError) -> Int? {
        guard let word = try single(name, words) else { return nil }
        guard let value = Int(word), limit.accepts(value) else {
            throw SettingError("\(name) must be \(limit.description), not '\(word)'")
        }
        return value
    }

    /// A number written in decimal, as Go's `strconv.ParseFloat` reads one: digits with an optional
    /// sign, point and exponent. Hexadecimal (`0x10`), `inf` and `nan` are not numbers here.
    static func decimalValue(_ word: String) -> Double? {
        var scalars = Substring(word).unicodeScalars[...]
        if scalars.first == "+" || scalars.first == "-" { scalars = scalars.dropFirst() }
        var digits = 0
        var sawPoint = false
        var sawExponent = false
        var exponentDigits = 0
        var previous: Unicode.Scalar?
        for scalar in scalars {
            switch scalar {
            case "0"..."9":
                if sawExponent { exponentDigits += 1 } else { digits += 1 }
            case ".":
                guard !sawPoint, !sawExponent else { return nil }
                sawPoint = true
            case "e", "E":
                guard !sawExponent, digits > 0 else { return nil }
                sawExponent = true
            case "+", "-":
                guard previous == "e" || previous == "E" else { return nil }
            default:
                return nil
            }
            previous = scalar
        }
        guard digits > 0, !sawExponent || exponentDigits > 0 else { return nil }
        return Double(word)
    }
}
