/// A tool that runs a program, declared under `command_tools` in the config.
public struct CommandToolConfig: Sendable, Hashable {
    /// How the arguments reach the program besides the argv placeholders.
    public enum Input: String, Sendable, Hashable, CaseIterable {
        /// Standard input is empty.
        case none
        /// The arguments object, as one line of JSON, on standard input.
        case json
    }

    public var name: String
    public var description: String
    /// A JSON schema object for the arguments, as sent to the model.
    public var parameters: JSONValue
    /// The program and its arguments; `{name}` placeholders become exactly that argument.
    public var argv: [ArgvTemplateElement]
    public var input: Input
    /// Where the program runs; nil is the chat's working directory. `~` is expanded when it runs.
    public var workingDirectory: String?
    /// Added to (or replacing) the chat's environment.
    public var environment: [String: String]
    /// Seconds before the program (and its process group) is stopped.
    public var timeout: Double
    /// Bytes of standard output kept; the rest is cut with a note and the program is stopped.
    public var maxOutput: Int

    public init(
        name: String, description: String, parameters: JSONValue = ["type": "object", "properties": [:]],
        argv: [ArgvTemplateElement], input: Input = .none, workingDirectory: String? = nil,
        environment: [String: String] = [:], timeout: Double = ToolSourceLimits.defaultTimeout,
        maxOutput: Int = ToolSourceLimits.defaultMaxOutput
    ) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.argv = argv
        self.input = input
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.timeout = timeout
        self.maxOutput = maxOutput
    }
}

/// An MCP server reached over stdio, declared under `mcp_servers` in the shape other MCP clients use:
/// `{"name": {"command": "…", "args": […], "env": {…}}}`.
public struct MCPServerConfig: Sendable, Hashable {
    public var name: String
    /// The program; a bare name is looked up in `PATH`. `~` is expanded when it starts.
    public var command: String
    public var arguments: [String]
    public var environment: [String: String]
    public var workingDirectory: String?
    /// Seconds allowed for starting (initialize), listing tools and each call.
    public var timeout: Double

    public init(
        name: String, command: String, arguments: [String] = [], environment: [String: String] = [:],
        workingDirectory: String? = nil, timeout: Double = ToolSourceLimits.defaultTimeout
    ) {
        self.name = name
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
    }
}

/// What `command_tools` and `mcp_servers` accept, in one place for parsing, defaults and the README.
public enum ToolSourceLimits {
    /// `timeout`: long enough for a build or a slow server, short enough that a hung one is noticed.
    public static let timeout = NumericLimit(decimal: 0.1...3600, unit: "seconds")
    public static let defaultTimeout: Double = 30
    /// `max_output`: what a model's context can use; 16 MiB is far beyond any.
    public static let maxOutput = NumericLimit(whole: 1...16_777_216, unit: "bytes")
    public static let defaultMaxOutput = 65_536

    static let commandToolKeys = ["name", "description", "parameters", "argv", "stdin", "cwd", "env", "timeout", "max_output"]
    // `type` is accepted (as "stdio") because pasted server maps from other clients carry it.
    static let mcpServerKeys = ["command", "args", "env", "cwd", "timeout", "type"]
}

extension ConfigReader {
    /// `command_tools`: a list of tool objects with unique names.
    func commandTools(_ value: JSONValue) throws(ConfigError) -> [CommandToolConfig] {
        guard case .array(let items) = value else {
            throw wrongType("command_tools", "a list of objects, each with name, description, parameters and argv")
        }
        var tools: [CommandToolConfig] = []
        for (index, item) in items.enumerated() {
            let tool = try commandTool(item, at: "command_tools[\(index)]")
            if tools.contains(where: { $0.name == tool.name }) {
                throw .invalidValue(path: file, key: "command_tools[\(index)].name", reason: "\"\(tool.name)\" is used by an earlier command tool; give each a different name")
            }
            tools.append(tool)
        }
        return tools
    }

    private func commandTool(_ value: JSONValue, at place: String) throws(ConfigError) -> CommandToolConfig {
        guard case .object(let members) = value else {
            throw wrongType(place, "an object with name, description, parameters and argv")
        }
        for key in members.keys.sorted() where !ToolSourceLimits.commandToolKeys.contains(key) {
            throw .unknownKey(path: file, key: "\(place).\(key)", known: ToolSourceLimits.commandToolKeys.map { "\(place).\($0)" })
        }
        let name = try toolName("\(place).name", members["name"] ?? .null)
        let description = try nonEmptyString("\(place).description", members["description"] ?? .null)
        let parameters = try parameterSchema("\(place).parameters", members["parameters"])
        let argv = try argvTemplate("\(place).argv", members["argv"] ?? .null, parameters: parameters)
        let scriptCheck = ScriptPlaceholderCheck()
        if let finding = scriptCheck.finding(in: argv) {
            throw .invalidValue(
                path: file, key: "\(place).argv[\(finding.scriptIndex)]",
                reason: "(tool \"\(name)\") " + scriptCheck.reason(for: finding, argv: argv))
        }
        var tool = CommandToolConfig(name: name, description: description, parameters: parameters, argv: argv)
        if let stdin = members["stdin"], stdin != .null {
            tool.input = CommandToolConfig.Input(rawValue: try oneOf("\(place).stdin", stdin, ["json"])) ?? .none
        }
        if let cwd = members["cwd"] { tool.workingDirectory = try optionalPath("\(place).cwd", cwd) }
        if let env = members["env"] { tool.environment = try environment("\(place).env", env) }
        if let timeout = members["timeout"], timeout != .null {
            tool.timeout = try number("\(place).timeout", timeout, ToolSourceLimits.timeout)
        }
        if let maxOutput = members["max_output"], maxOutput != .null {
            tool.maxOutput = try integer("\(place).max_output", maxOutput, ToolSourceLimits.maxOutput)
        }
        return tool
    }

    /// Names the model calls tools by: the chat APIs this client speaks accept `^[A-Za-z0-9_-]{1,64}$`.
    private func toolName(_ key: String, _ value: JSONValue) throws(ConfigError) -> String {
        let name = try nonEmptyString(key, value)
        let allowed = name.unicodeScalars.count <= 64 && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
        }
        guard allowed else {
            throw .invalidValue(path: file, key: key, reason: "\"\(name)\" is not a tool name; use up to 64 letters, digits, _ and -")
        }
        return name
    }

    /// A JSON schema object; absent means no parameters.
    private func parameterSchema(_ key: String, _ value: JSONValue?) throws(ConfigError) -> JSONValue {
        guard let value, value != .null else { return ["type": "object", "properties": [:]] }
        guard case .object(let schema) = value else {
            throw wrongType(key, "a JSON schema object such as {\"type\": \"object\", \"properties\": {…}, \"required\": […]}")
        }
        if let type = schema["type"], type != "object" {
            throw .invalidValue(path: file, key: "\(key).type", reason: "must be \"object\": tool arguments are always an object")
        }
        if let properties = schema["properties"], properties.objectValue == nil {
            throw wrongType("\(key).properties", "an object mapping each parameter name to its schema")
        }
        if let required = schema["required"] {
            guard case .array(let names) = required, names.allSatisfy({ $0.stringValue != nil }) else {
                throw wrongType("\(key).required", "a list of parameter names")
            }
        }
        return value
    }

    /// A non-empty list of strings whose first element names the program and whose placeholders name
    /// declared parameters.
    private func argvTemplate(_ key: String, _ value: JSONValue, parameters: JSONValue) throws(ConfigError) -> [ArgvTemplateElement] {
        let expected = "a non-empty list of strings: the program, then its arguments (e.g. [\"grep\", \"-n\", \"{pattern}\", \"{file}\"])"
        guard case .array(let items) = value, !items.isEmpty else { throw wrongType(key, expected) }
        let declared = parameters.objectValue?["properties"]?.objectValue ?? [:]
        var elements: [ArgvTemplateElement] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else { throw wrongType(key, expected) }
            let element = ArgvTemplateElement(parsing: text)
            if index == 0, element.parameterNames.isEmpty == false || text.isEmpty {
                throw .invalidValue(path: file, key: "\(key)[0]", reason: "must name the program itself, without placeholders")
            }
            for name in element.parameterNames where declared[name] == nil {
                throw .invalidValue(
                    path: file, key: "\(key)[\(index)]",
                    reason: "uses {\(name)}, which is not in parameters.properties; declare it there, or write {{\(name)}} for literal braces")
            }
            elements.append(element)
        }
        return elements
    }

    /// `env`: an object of strings.
    private func environment(_ key: String, _ value: JSONValue) throws(ConfigError) -> [String: String] {
        if value == .null { return [:] }
        guard case .object(let members) = value else { throw wrongType(key, "an object of strings, e.g. {\"LANG\": \"C\"}") }
        var environment: [String: String] = [:]
        for (name, item) in members {
            guard case .string(let text) = item else { throw wrongType("\(key).\(name)", "a string") }
            guard !name.isEmpty, !name.contains("="), !name.contains("\0"), !text.contains("\0") else {
                throw .invalidValue(path: file, key: "\(key).\(name)", reason: "is not a usable environment variable (no empty name, '=' or NUL)")
            }
            environment[name] = text
        }
        return environment
    }

    /// `mcp_servers`: server name → `{command, args, env}`, listed by name.
    func mcpServers(_ value: JSONValue) throws(ConfigError) -> [MCPServerConfig] {
        guard case .object(let members) = value else {
            throw wrongType("mcp_servers", "an object mapping each server name to {\"command\": …, \"args\": […], \"env\": {…}}")
        }
        var servers: [MCPServerConfig] = []
        for name in members.keys.sorted() {
            let place = "mcp_servers.\(name)"
            guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw .invalidValue(path: file, key: place, reason: "a server needs a name without control characters")
            }
            guard case .object(let entry) = members[name] ?? .null else {
                throw wrongType(place, "an object {\"command\": …, \"args\": […], \"env\": {…}}")
            }
            for key in entry.keys.sorted() where !ToolSourceLimits.mcpServerKeys.contains(key) {
                throw .unknownKey(path: file, key: "\(place).\(key)", known: ToolSourceLimits.mcpServerKeys.map { "\(place).\($0)" })
            }
            if let type = entry["type"], type != .null, type != "stdio" {
                throw .invalidValue(path: file, key: "\(place).type", reason: "only \"stdio\" servers (a command to start) are supported")
            }
            var server = MCPServerConfig(name: name, command: try nonEmptyString("\(place).command", entry["command"] ?? .null))
            if let args = entry["args"], args != .null {
                guard case .array(let items) = args else { throw wrongType("\(place).args", "a list of strings") }
                for item in items {
                    guard case .string(let text) = item else { throw wrongType("\(place).args", "a list of strings") }
                    server.arguments.append(text)
                }
            }
            if let env = entry["env"] { server.environment = try environment("\(place).env", env) }
            if let cwd = entry["cwd"] { server.workingDirectory = try optionalPath("\(place).cwd", cwd) }
            if let timeout = entry["timeout"], timeout != .null {
                server.timeout = try number("\(place).timeout", timeout, ToolSourceLimits.timeout)
            }
            servers.append(server)
        }
        return servers
    }

    private func wrongType(_ key: String, _ expected: String) -> ConfigError {
        .wrongType(path: file, key: key, expected: expected)
    }
}
