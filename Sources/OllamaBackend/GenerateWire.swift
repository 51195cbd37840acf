import TachikomaCore

/// The body of `POST /api/generate`, keys exactly as Ollama's `api.GenerateRequest`.
public struct GenerateRequest: Sendable, Hashable, Codable {
    public var model: String
    public var prompt: String
    public var system: String?
    public var suffix: String?
    public var images: [String]?
    public var format: JSONValue?
    public var options: WireOptions?
    public var raw: Bool?
    public var stream: Bool?
    public var keepAlive: KeepAlive?
    public var think: ThinkValue?

    public init(
        model: String, prompt: String, system: String? = nil, suffix: String? = nil, images: [String]? = nil,
        format: JSONValue? = nil, options: WireOptions? = nil, raw: Bool? = nil, stream: Bool? = nil,
        keepAlive: KeepAlive? = nil, think: ThinkValue? = nil
    ) {
        self.model = model
        self.prompt = prompt
        self.system = system
        self.suffix = suffix
        self.images = images
        self.format = format
        self.options = options
        self.raw = raw
        self.stream = stream
        self.keepAlive = keepAlive
        self.think = think
    }

    enum CodingKeys: String, CodingKey {
        case model, prompt, system, suffix, images, format, options, raw, stream, think
        case keepAlive = "keep_alive"
    }
}
