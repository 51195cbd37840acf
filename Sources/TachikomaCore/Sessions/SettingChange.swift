/// A change of what later requests are sent with, recorded in the session's timeline so that a
/// replay sends every turn with the settings it was first sent with.
///
/// JSON (the store's `setting_change.value` and the export's `change`): `{"kind": K, "value": V}`
/// with K `model` (V a string), `systemPrompt` (a string or null), `options` (a `GenerationOptions`
/// object: every option in force after the change), `think` (true, false, a level string, or null)
/// and `format` (`"json"`, a JSON-schema object, or null).
public enum SettingChange: Sendable, Hashable {
    case model(String)
    /// nil: the system prompt was removed.
    case systemPrompt(String?)
    /// The options in force after the change (all of them, not a difference).
    case options(GenerationOptions)
    case think(ThinkSetting?)
    case format(ResponseFormat?)

    /// The JSON `kind`, also the store's `kind` column.
    public var kind: String {
        switch self {
        case .model: "model"
        case .systemPrompt: "systemPrompt"
        case .options: "options"
        case .think: "think"
        case .format: "format"
        }
    }
}

extension SettingChange: Codable {
    private enum CodingKeys: String, CodingKey { case kind, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "model":
            self = .model(try container.decode(String.self, forKey: .value))
        case "systemPrompt":
            self = .systemPrompt(try container.decodeIfPresent(String.self, forKey: .value))
        case "options":
            self = .options(try container.decode(GenerationOptions.self, forKey: .value))
        case "think":
            let value = try container.decodeIfPresent(JSONValue.self, forKey: .value) ?? .null
            switch value {
            case .null: self = .think(nil)
            case .bool(let enabled): self = .think(.enabled(enabled))
            case .string(let level): self = .think(.level(level))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .value, in: container, debugDescription: "think is true, false, a level or null")
            }
        case "format":
            let value = try container.decodeIfPresent(JSONValue.self, forKey: .value) ?? .null
            switch value {
            case .null: self = .format(nil)
            case .string("json"): self = .format(.json)
            case .object: self = .format(.schema(value))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .value, in: container, debugDescription: "format is \"json\", a schema object or null")
            }
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown setting kind \"\(kind)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .model(let model): try container.encode(model, forKey: .value)
        case .systemPrompt(let prompt): try container.encode(prompt, forKey: .value)
        case .options(let options): try container.encode(options, forKey: .value)
        case .think(nil): try container.encodeNil(forKey: .value)
        case .think(.enabled(let enabled)?): try container.encode(enabled, forKey: .value)
        case .think(.level(let level)?): try container.encode(level, forKey: .value)
        case .format(nil): try container.encodeNil(forKey: .value)
        case .format(.json?): try container.encode("json", forKey: .value)
        case .format(.schema(let schema)?): try container.encode(schema, forKey: .value)
        }
    }
}

/// The settings in force at one point of a session: its setting changes folded in order.
public struct SessionSettings: Sendable, Hashable {
    public var model: String?
    public var systemPrompt: String?
    public var options: GenerationOptions
    public var think: ThinkSetting?
    public var format: ResponseFormat?

    public init(
        model: String? = nil, systemPrompt: String? = nil, options: GenerationOptions = GenerationOptions(),
        think: ThinkSetting? = nil, format: ResponseFormat? = nil
    ) {
        self.model = model
        self.systemPrompt = systemPrompt
        self.options = options
        self.think = think
        self.format = format
    }

    public mutating func apply(_ change: SettingChange) {
        switch change {
        case .model(let model): self.model = model
        case .systemPrompt(let prompt): systemPrompt = prompt
        case .options(let options): self.options = options
        case .think(let think): self.think = think
        case .format(let format): self.format = format
        }
    }
}
