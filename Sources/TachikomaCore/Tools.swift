/// A tool the model may call: a function with a JSON-schema for its parameters.
public struct ToolDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    /// A JSON schema object describing the arguments.
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue = ["type": "object", "properties": [:]]) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// A call the model asked for.
public struct ToolCall: Sendable, Hashable, Codable {
    /// Stable within a conversation: the server's id when it sends one, else one assigned on receipt.
    public var id: String
    public var name: String
    /// The arguments, a JSON object.
    public var arguments: JSONValue

    public init(id: String, name: String, arguments: JSONValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
