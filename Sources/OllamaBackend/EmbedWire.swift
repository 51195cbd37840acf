import TachikomaCore

/// `POST /api/embed`'s body: `truncate` and `dimensions` only when set, as `ollama run` sends them.
public struct EmbedRequestWire: Encodable, Sendable, Hashable {
    public var model: String
    public var input: String
    public var truncate: Bool?
    public var dimensions: Int?
    public var keepAlive: KeepAlive?

    enum CodingKeys: String, CodingKey {
        case model, input, truncate, dimensions
        case keepAlive = "keep_alive"
    }

    public init(_ request: EmbeddingRequest, keepAlive: KeepAlive? = nil) {
        model = request.model
        input = request.input
        truncate = request.truncate
        dimensions = request.dimensions.flatMap { $0 > 0 ? $0 : nil }
        self.keepAlive = keepAlive
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(input, forKey: .input)
        try container.encodeIfPresent(truncate, forKey: .truncate)
        try container.encodeIfPresent(dimensions, forKey: .dimensions)
        try container.encodeIfPresent(keepAlive, forKey: .keepAlive)
    }
}

/// `/api/embed`'s answer: one vector per input (the counts and durations are not used).
struct EmbedResponseWire: Decodable {
    var embeddings: [[Float]]
}
