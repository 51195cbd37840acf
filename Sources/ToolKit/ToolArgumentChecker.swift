import TachikomaCore

/// Checks a call's arguments against its tool's JSON schema before anything runs, so every tool
/// (built-in, command, MCP) refuses malformed arguments with the same kind of one-line reason.
///
/// Covers what tool schemas use in practice: an object with `properties`, `required`,
/// `additionalProperties: false`, and per property `type` (a name or a list of names), `enum`,
/// `minimum`/`maximum`, `minLength`/`maxLength`, array `items` and nested objects. Keywords it does
/// not know are ignored, as a validator must.
public enum ToolArgumentChecker {
    /// The arguments as an object, checked against `schema`. Missing arguments (`null`) count as `{}`.
    /// Throws `ToolError.invalidArguments` naming the first problem found.
    public static func check(
        _ arguments: JSONValue, against schema: JSONValue, tool: String
    ) throws(ToolError) -> [String: JSONValue] {
        let object: [String: JSONValue]
        switch arguments {
        case .null: object = [:]
        case .object(let members): object = members
        default: throw .invalidArguments(tool: tool, reason: "expected a JSON object, got \(kind(of: arguments))")
        }
        if let problem = problem(with: .object(object), schema: schema, path: "") {
            throw .invalidArguments(tool: tool, reason: problem)
        }
        return object
    }

    /// The first way `value` fails `schema`, or nil when it fits. `path` names the value in the reason.
    public static func problem(with value: JSONValue, schema: JSONValue, path: String) -> String? {
        guard case .object(let rules) = schema else { return nil }
        let name = path.isEmpty ? "the arguments" : "'\(path)'"
        if let types = allowedTypes(rules["type"]), !types.contains(where: { matches(value, type: $0) }) {
            return "\(name) must be \(types.map(article).joined(separator: " or ")), not \(kind(of: value))"
        }
        if case .array(let choices) = rules["enum"], !choices.contains(value) {
            let listed = choices.map(describe).joined(separator: ", ")
            return "\(name) must be one of \(listed), not \(describe(value))"
        }
        switch value {
        case .number(let number):
            if case .number(let minimum) = rules["minimum"], number < minimum { return "\(name) must be at least \(format(minimum))" }
            if case .number(let maximum) = rules["maximum"], number > maximum { return "\(name) must be at most \(format(maximum))" }
        case .string(let text):
            if case .number(let minimum) = rules["minLength"], Double(text.count) < minimum {
                return "\(name) must have at least \(format(minimum)) characters"
            }
            if case .number(let maximum) = rules["maxLength"], Double(text.count) > maximum {
                return "\(name) must have at most \(format(maximum)) characters"
            }
        case .array(let items):
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() {
                    if let problem = problem(with: item, schema: itemSchema, path: "\(path)[\(index)]") { return problem }
                }
            }
        case .object(let members):
            return objectProblem(members, rules: rules, path: path)
        default:
            break
        }
        return nil
    }

    private static func objectProblem(_ members: [String: JSONValue], rules: [String: JSONValue], path: String) -> String? {
        let properties = rules["properties"]?.objectValue ?? [:]
        let prefix = path.isEmpty ? "" : path + "."
        if case .array(let required) = rules["required"] {
            for case .string(let key) in required where members[key] == nil || members[key] == .null {
                return "'\(prefix)\(key)' is required"
            }
        }
        for key in members.keys.sorted() {
            guard let value = members[key] else { continue }
            if let propertySchema = properties[key] {
                // A model often sends null for an optional argument it means to leave out.
                if value == .null, !isRequired(key, rules) { continue }
                if let problem = problem(with: value, schema: propertySchema, path: prefix + key) { return problem }
            } else if rules["additionalProperties"] == .bool(false) {
                let known = properties.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
                return "unknown argument '\(prefix)\(key)'" + (known.isEmpty ? " (it takes none)" : " (it takes \(known))")
            }
        }
        return nil
    }

    private static func isRequired(_ key: String, _ rules: [String: JSONValue]) -> Bool {
        guard case .array(let required) = rules["required"] else { return false }
        return required.contains(.string(key))
    }

    private static func allowedTypes(_ rule: JSONValue?) -> [String]? {
        switch rule {
        case .string(let type): return [type]
        case .array(let types):
            let names = types.compactMap(\.stringValue)
            return names.isEmpty ? nil : names
        default: return nil
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("null", .null),
            ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.rounded() == number && number.isFinite
        default:
            return false
        }
    }

    /// `a string`, `an integer`…
    private static func article(_ type: String) -> String {
        ["integer", "array", "object"].contains(type) ? "an \(type)" : "a \(type)"
    }

    /// What a value is, as a reason names it.
    public static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .number(let number): format(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        default: kind(of: value)
        }
    }

    static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// A string argument the schema check has let through; nil when it was left out.
    func string(_ key: String) -> String? { self[key]?.stringValue }

    /// A whole-number argument the schema check has let through; nil when it was left out.
    func integer(_ key: String) -> Int? {
        guard case .number(let number) = self[key], number.isFinite, abs(number) < 1e15 else { return nil }
        return Int(number)
    }
}
