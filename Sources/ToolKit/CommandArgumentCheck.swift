import TachikomaCore

/// The minimal schema check command tools need before anything runs: an object, required keys present,
/// each declared property of its declared type, `enum` respected, and `additionalProperties: false`.
///
/// Same signature as the fuller `ToolArgumentChecker` the built-in tools use on another branch; when
/// both exist, this one is meant to give way to it.
enum CommandArgumentCheck {
    /// The arguments as an object (`null` counts as `{}`), or `ToolError.invalidArguments` naming the
    /// first problem.
    static func check(_ arguments: JSONValue, against schema: JSONValue, tool: String) throws(ToolError) -> [String: JSONValue] {
        let members: [String: JSONValue]
        switch arguments {
        case .null: members = [:]
        case .object(let object): members = object
        default: throw .invalidArguments(tool: tool, reason: "expected a JSON object, got \(kind(of: arguments))")
        }
        let rules = schema.objectValue ?? [:]
        let properties = rules["properties"]?.objectValue ?? [:]
        if case .array(let required) = rules["required"] {
            for case .string(let key) in required where (members[key] ?? .null) == .null {
                throw .invalidArguments(tool: tool, reason: "'\(key)' is required")
            }
        }
        for key in members.keys.sorted() {
            let value = members[key] ?? .null
            guard let property = properties[key]?.objectValue else {
                if rules["additionalProperties"] == .bool(false) {
                    throw .invalidArguments(tool: tool, reason: "unknown argument '\(key)'")
                }
                continue
            }
            // A model often sends null for an optional argument it means to leave out.
            if value == .null { continue }
            if let types = allowedTypes(property["type"]), !types.contains(where: { matches(value, $0) }) {
                throw .invalidArguments(tool: tool, reason: "'\(key)' must be \(types.joined(separator: " or ")), not \(kind(of: value))")
            }
            if case .array(let choices) = property["enum"], !choices.contains(value) {
                throw .invalidArguments(tool: tool, reason: "'\(key)' is not one of the allowed values")
            }
        }
        return members
    }

    private static func allowedTypes(_ rule: JSONValue?) -> [String]? {
        switch rule {
        case .string(let type): [type]
        case .array(let types): types.compactMap(\.stringValue)
        default: nil
        }
    }

    private static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("null", .null), ("number", .number):
            true
        case ("integer", .number(let number)):
            number.isFinite && number.rounded() == number
        default:
            false
        }
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
