import ChatEngine
import TachikomaCore

/// A backend's `RequestParameter` as `/set` takes it: the value checked against its kind and kept
/// in the settings' field for it, whatever the server calls it.
extension SettingParameter {
    init(_ parameter: RequestParameter) {
        let name = parameter.name
        let valueHelp: String
        var suggested: [String] = []
        switch parameter.kind {
        case .whole(let limit), .decimal(let limit):
            valueHelp = "\(limit.rangeText); \(parameter.note)"
        case .flag:
            valueHelp = "true or false; \(parameter.note)"
            suggested = ["true", "false", "off"]
        }
        self.init(
            name: name, valueHelp: valueHelp, suggestedValues: suggested,
            apply: { settings, words throws(SettingError) in
                guard let word = try SettingParameter.single(name, words) else {
                    RequestParameterValue.store(nil, for: parameter, in: &settings)
                    return parameter.field == .contextLength
                        ? "Cleared parameter '\(name)'; the server's own applies" : "Cleared parameter '\(name)'"
                }
                let value = try RequestParameterValue.parse(word, for: parameter)
                RequestParameterValue.store(value, for: parameter, in: &settings)
                // A whole number as read (`+5` is 5); anything else as typed.
                let shown = if case .whole = parameter.kind { RequestParameterValue.text(value) } else { word }
                return "Set parameter '\(name)' to '\(shown)'"
            },
            current: { settings in RequestParameterValue.read(parameter, from: settings).map(RequestParameterValue.text) })
        aliases = parameter.aliases
    }
}

/// Reading, keeping and showing the value of a backend's parameter.
enum RequestParameterValue {
    /// The typed word as the parameter's value, checked against its kind and range.
    static func parse(_ word: String, for parameter: RequestParameter) throws(SettingError) -> JSONValue {
        let name = parameter.name
        switch parameter.kind {
        case .whole(let limit):
            guard let number = Int(word), limit.accepts(number) else {
                throw SettingError("\(name) must be \(limit.description), not '\(word)'")
            }
            return .number(Double(number))
        case .decimal(let limit):
            guard let number = SettingParameter.decimalValue(word), limit.accepts(number),
                parameter.field.holdsDecimal || number.rounded(.towardZero) == number
            else {
                throw SettingError("\(name) must be \(limit.description), not '\(word)'")
            }
            return .number(number)
        case .flag:
            if trueWords.contains(word) { return .bool(true) }
            if falseWords.contains(word) { return .bool(false) }
            throw SettingError("\(name) takes true or false (off resets it), not '\(word)'")
        }
    }

    /// Spellings of true and false that Go's `strconv.ParseBool` accepts, plus on/yes/no.
    private static let trueWords: Set<String> = ["1", "t", "T", "true", "TRUE", "True", "on", "yes"]
    private static let falseWords: Set<String> = ["0", "f", "F", "false", "FALSE", "False", "no"]

    /// Keeps `value` (nil clears it) where requests take it from.
    static func store(_ value: JSONValue?, for parameter: RequestParameter, in settings: inout ChatSettings) {
        var number: Double?
        if case .number(let value)? = value { number = value }
        let whole = number.flatMap { Int(exactly: $0) }
        switch parameter.field {
        case .topK: settings.options.topK = whole
        case .minP: settings.options.minP = number
        case .maxTokens: settings.options.maxTokens = whole
        case .repeatPenalty: settings.options.repeatPenalty = number
        case .repeatLastN: settings.options.repeatLastN = whole
        case .contextLength: settings.contextLength = whole
        case .extra: settings.options.extraOptions[parameter.name] = value
        }
    }

    /// The value set for `parameter`; nil when unset.
    static func read(_ parameter: RequestParameter, from settings: ChatSettings) -> JSONValue? {
        let options = settings.options
        switch parameter.field {
        case .topK: return options.topK.map { .number(Double($0)) }
        case .minP: return options.minP.map { .number($0) }
        case .maxTokens: return options.maxTokens.map { .number(Double($0)) }
        case .repeatPenalty: return options.repeatPenalty.map { .number($0) }
        case .repeatLastN: return options.repeatLastN.map { .number(Double($0)) }
        case .contextLength: return settings.contextLength.map { .number(Double($0)) }
        case .extra: return options.extraOptions[parameter.name]
        }
    }

    /// A value as `/set` shows it: `8192`, `0.05`, `true`.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .bool(let flag): return String(flag)
        case .number(let number): return NumericLimit.format(number)
        case .string(let text): return text
        default: return String(describing: value)
        }
    }
}

extension RequestParameter.Field {
    /// Whether the settings keep this field's value as a fraction rather than a whole number.
    var holdsDecimal: Bool {
        switch self {
        case .minP, .repeatPenalty, .extra: return true
        case .topK, .maxTokens, .repeatLastN, .contextLength: return false
        }
    }
}
