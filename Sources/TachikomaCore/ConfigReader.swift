/// Reads typed values out of a config file's JSON, naming the key and the expected type on error.
struct ConfigReader {
    let file: String

    func wrong(_ key: String, _ expected: String) -> ConfigError {
        .wrongType(path: file, key: key, expected: expected)
    }

    func optionalString(_ key: String, _ value: JSONValue) throws(ConfigError) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        default: throw wrong(key, "a string or null")
        }
    }

    /// A file path, or null for the default; an empty string is neither.
    func optionalPath(_ key: String, _ value: JSONValue) throws(ConfigError) -> String? {
        switch value {
        case .null: return nil
        case .string(let text) where !text.isEmpty: return text
        default: throw wrong(key, "a file path (~ is your home directory), or null for the default")
        }
    }

    /// A list of folder paths (`~` is expanded later); empty strings are not paths.
    func pathList(_ key: String, _ value: JSONValue) throws(ConfigError) -> [String] {
        guard case .array(let items) = value else { throw wrong(key, "a list of folder paths, e.g. [\"~/notes\", \".\"]") }
        var paths: [String] = []
        for item in items {
            guard case .string(let text) = item, !text.isEmpty else {
                throw wrong(key, "a list of folder paths (non-empty strings), e.g. [\"~/notes\", \".\"]")
            }
            paths.append(text)
        }
        return paths
    }

    /// A program and its arguments, run without a shell: a non-empty list of strings, the first non-empty.
    func argv(_ key: String, _ value: JSONValue) throws(ConfigError) -> [String] {
        let expected = "a program and its arguments as a list of strings, e.g. [\"xclip\", \"-selection\", \"clipboard\"], or null"
        guard case .array(let items) = value, !items.isEmpty else { throw wrong(key, expected) }
        var words: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw wrong(key, expected) }
            words.append(text)
        }
        guard !words[0].isEmpty else { throw wrong(key, expected) }
        return words
    }

    /// Tool name → "ask", "auto" or "off".
    func toolPolicies(_ key: String, _ value: JSONValue) throws(ConfigError) -> [String: ToolPolicy] {
        guard case .object(let members) = value else {
            throw wrong(key, "an object of tool name → \"ask\", \"auto\" or \"off\", e.g. {\"read_file\": \"auto\"}")
        }
        var policies: [String: ToolPolicy] = [:]
        for name in members.keys.sorted() {
            let word = try oneOf(key + "." + name, members[name] ?? .null, ToolPolicy.allCases.map(\.rawValue))
            policies[name] = ToolPolicy(rawValue: word)
        }
        return policies
    }

    func nonEmptyString(_ key: String, _ value: JSONValue) throws(ConfigError) -> String {
        guard case .string(let text) = value, !text.isEmpty else { throw wrong(key, "a non-empty string") }
        return text
    }

    func bool(_ key: String, _ value: JSONValue) throws(ConfigError) -> Bool {
        guard case .bool(let flag) = value else { throw wrong(key, "true or false") }
        return flag
    }

    /// true or a thinking level; false or null leave it to the model (as `false` always has: the
    /// example config has it, so it cannot start meaning "do not think").
    func think(_ key: String, _ value: JSONValue) throws(ConfigError) -> ThinkSetting? {
        switch value {
        case .null, .bool(false): return nil
        case .bool(true): return .enabled(true)
        case .string(let word) where ThinkSetting.levels.contains(word): return .level(word)
        default: throw wrong(key, "true, false or one of " + ThinkSetting.levels.map { "\"\($0)\"" }.joined(separator: ", "))
        }
    }

    /// A whole number within `limit`; a fraction or a number outside it names the value and the range.
    func integer(_ key: String, _ value: JSONValue, _ limit: NumericLimit) throws(ConfigError) -> Int {
        Int(try number(key, value, limit))
    }

    /// A number within `limit` (whole when the limit says so).
    func number(_ key: String, _ value: JSONValue, _ limit: NumericLimit) throws(ConfigError) -> Double {
        guard case .number(let number) = value else { throw wrong(key, limit.description) }
        guard limit.accepts(number) else {
            throw .outOfRange(path: file, key: key, value: NumericLimit.format(number), allowed: limit.description)
        }
        return number
    }

    func oneOf(_ key: String, _ value: JSONValue, _ choices: [String]) throws(ConfigError) -> String {
        guard case .string(let text) = value, choices.contains(text) else {
            throw wrong(key, "one of " + choices.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return text
    }

    func keepAlive(_ key: String, _ value: JSONValue) throws(ConfigError) -> String {
        switch value {
        case .string(let text) where GoDuration.seconds(text) != nil: return text
        case .string(let text) where Int(text).map(SettingLimits.keepAliveSeconds.accepts) == true: return text
        case .number: return String(try integer(key, value, SettingLimits.keepAliveSeconds))
        default: throw wrong(key, "a duration such as \"5m\", \"1h30m\" or \"-1\" (Go's syntax), or whole seconds")
        }
    }

    static let optionKeys = [
        "temperature", "top_p", "top_k", "min_p", "num_predict", "seed", "stop", "repeat_penalty", "repeat_last_n",
    ]

    func options(_ value: JSONValue) throws(ConfigError) -> GenerationOptions {
        guard case .object(let members) = value else { throw wrong("options", "an object { … }") }
        var options = GenerationOptions()
        for key in members.keys.sorted() {
            let item = members[key] ?? .null
            let path = "options." + key
            if item == .null { continue }
            switch key {
            case "temperature": options.temperature = try number(path, item, SettingLimits.temperature)
            case "top_p": options.topP = try number(path, item, SettingLimits.topP)
            case "top_k": options.topK = try integer(path, item, SettingLimits.topK)
            case "min_p": options.minP = try number(path, item, SettingLimits.minP)
            case "num_predict": options.maxTokens = try integer(path, item, SettingLimits.numPredict)
            case "seed": options.seed = try integer(path, item, SettingLimits.seed)
            case "repeat_penalty": options.repeatPenalty = try number(path, item, SettingLimits.repeatPenalty)
            case "repeat_last_n": options.repeatLastN = try integer(path, item, SettingLimits.repeatLastN)
            case "stop":
                guard case .array(let items) = item else { throw wrong(path, "an array of strings") }
                var stops: [String] = []
                for entry in items {
                    guard case .string(let text) = entry else { throw wrong(path, "an array of strings") }
                    stops.append(text)
                }
                options.stop = stops
            default:
                throw ConfigError.unknownKey(path: file, key: path, known: Self.optionKeys.map { "options." + $0 })
            }
        }
        return options
    }
}
