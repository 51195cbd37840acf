/// Reads typed values out of a config file's JSON, naming the key and the expected type on error.
struct ConfigReader {
    let file: String

    private func wrong(_ key: String, _ expected: String) -> ConfigError {
        .wrongType(path: file, key: key, expected: expected)
    }

    func optionalString(_ key: String, _ value: JSONValue) throws(ConfigError) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        default: throw wrong(key, "a string or null")
        }
    }

    func nonEmptyString(_ key: String, _ value: JSONValue) throws(ConfigError) -> String {
        guard case .string(let text) = value, !text.isEmpty else { throw wrong(key, "a non-empty string") }
        return text
    }

    func bool(_ key: String, _ value: JSONValue) throws(ConfigError) -> Bool {
        guard case .bool(let flag) = value else { throw wrong(key, "true or false") }
        return flag
    }

    func integer(_ key: String, _ value: JSONValue, minimum: Int) throws(ConfigError) -> Int {
        guard case .number(let number) = value, number.rounded() == number, number >= Double(minimum),
            number < 1e15
        else { throw wrong(key, "a whole number ≥ \(minimum)") }
        return Int(number)
    }

    func number(_ key: String, _ value: JSONValue, minimum: Double) throws(ConfigError) -> Double {
        guard case .number(let number) = value, number >= minimum else { throw wrong(key, "a number ≥ \(minimum)") }
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
        case .string(let text) where !text.isEmpty: return text
        case .number(let seconds) where seconds.rounded() == seconds: return String(Int(seconds))
        default: throw wrong(key, "a duration such as \"5m\" or \"1h\", or whole seconds")
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
            case "temperature": options.temperature = try number(path, item, minimum: 0)
            case "top_p": options.topP = try number(path, item, minimum: 0)
            case "top_k": options.topK = try integer(path, item, minimum: 0)
            case "min_p": options.minP = try number(path, item, minimum: 0)
            case "num_predict": options.maxTokens = try integer(path, item, minimum: -2)
            case "seed": options.seed = try integer(path, item, minimum: Int(Int32.min))
            case "repeat_penalty": options.repeatPenalty = try number(path, item, minimum: 0)
            case "repeat_last_n": options.repeatLastN = try integer(path, item, minimum: -1)
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
