import Foundation

/// Settings from the config file, environment and flags, resolved in that order of precedence:
/// flag > environment > file > default.
public struct TachikomaConfig: Sendable, Hashable {
    /// Where the implicit server is (`ServerKindRegistry.implicitServer`); its kind's address
    /// variable overrides it, and nil means that variable, else the kind's default URL.
    public var host: String?
    public var model: String = "llama3.1:8b"
    public var system: String?
    /// The context window sent as `num_ctx`; nil sends none, so the server's own choice holds
    /// (its configured default, or the model's own).
    public var contextLength: Int?
    /// How long the server keeps the model loaded: a Go duration (`5m`) or seconds; nil sends none,
    /// so the server's own default holds.
    public var keepAlive: String?
    public var connectTimeout: Double = 5
    public var requestTimeout: Double = 300
    /// `think`: true or a level (`ThinkSetting.levels`); nil (false, null or absent) leaves it to the model.
    public var think: ThinkSetting?
    public var verbose: Bool = false
    public var wordWrap: Bool = true
    public var color: Bool = true
    /// Render answers' Markdown on a terminal with colours (`--no-markdown` turns it off for one run).
    public var markdown: Bool = true
    /// The program `/copy` gives the text to on its standard input (`["wl-copy"]`); nil writes the
    /// terminal's clipboard sequence (OSC 52) instead.
    public var copyCommand: [String]?
    public var editMode: String = "emacs"
    public var historySize: Int = 1000
    /// Input history file; nil means `$XDG_STATE_HOME/tachikoma/history` or `~/.local/state/…`.
    public var historyFile: String?
    public var tools: Bool = false
    /// The most rounds of tool calls one message may lead to.
    public var toolRounds: Int = 8
    /// Folders the file tools may read (`~` expanded); empty means the working directory.
    public var toolRoots: [String] = []
    /// Policies by tool name, over each tool's own default.
    public var toolPolicy: [String: ToolPolicy] = [:]
    public var options = GenerationOptions()
    /// Whether chats are saved in the session store (`--no-save` turns it off for one chat).
    public var saveSessions: Bool = true
    /// What happens before a message that would not fit the context window.
    public var contextPolicy: ContextPolicy = .warn
    /// Programs offered as tools (`command_tools`).
    public var commandTools: [CommandToolConfig] = []
    /// stdio MCP servers whose tools are offered (`mcp_servers`), by name.
    public var mcpServers: [MCPServerConfig] = []
    /// Named servers from the config file; the implicit server (`host`, its kind's address variable,
    /// `--host`) is there too unless this defines one of that name. See `ServerKindRegistry`.
    public var servers: [String: ServerEntry] = [:]
    /// The server a chat or command uses when no `--server` is given; nil means the implicit one.
    public var defaultServer: String?
    /// `max_attachment_bytes`: how much one message may carry.
    public var attachmentLimits = AttachmentLimits.standard
    /// `vision_models`: models that can see, for servers that do not say (a server's own list in
    /// `servers` comes first).
    public var visionModels: [String] = []

    public init() {}

    /// The default file: `$XDG_CONFIG_HOME/tachikoma/config.json`, else `~/.config/tachikoma/config.json`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            return xdg + "/tachikoma/config.json"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/tachikoma/config.json"
    }

    /// Reads the file at `explicitPath`, else the default path; a missing default file means defaults,
    /// a missing explicit one is an error. Then applies the environment (the implicit server's
    /// address variable, `TACHIKOMA_MODEL`, `NO_COLOR`).
    /// `~` in `explicitPath` and in `history_file` is expanded.
    /// - Parameter kinds: the kinds of server `servers` may name, and the implicit server.
    public static func load(
        explicitPath: String?, environment: [String: String], kinds: ServerKindRegistry
    ) throws(ConfigError) -> TachikomaConfig {
        var config = TachikomaConfig()
        var chosenPath = defaultPath(environment: environment)
        if let explicitPath {
            do {
                chosenPath = try HomeDirectoryPath.expand(explicitPath, environment: environment)
            } catch {
                throw ConfigError.unreadable(path: explicitPath, reason: error.description)
            }
        }
        if let path = chosenPath {
            if FileManager.default.fileExists(atPath: path) { try ConfigFilePermissions.check(path) }
            if let bytes = try readFile(path) {
                config = try parse(bytes: bytes, file: path, kinds: kinds)
                if let historyFile = config.historyFile {
                    do {
                        config.historyFile = try HomeDirectoryPath.expand(historyFile, environment: environment)
                    } catch {
                        throw ConfigError.unusablePath(path: path, key: "history_file", value: historyFile, reason: error.description)
                    }
                }
                do {
                    config.toolRoots = try config.toolRoots.map { root throws(HomeDirectoryPath.Failure) in
                        try HomeDirectoryPath.expand(root, environment: environment)
                    }
                } catch {
                    throw ConfigError.unusablePath(
                        path: path, key: "tool_roots", value: config.toolRoots.first { $0.hasPrefix("~") } ?? "~",
                        reason: error.description)
                }
                for (name, server) in config.servers {
                    guard let caFile = server.caFile else { continue }
                    do {
                        config.servers[name]?.caFile = try HomeDirectoryPath.expand(caFile, environment: environment)
                    } catch {
                        throw ConfigError.unusablePath(path: path, key: "servers.\(name).ca_file", value: caFile, reason: error.description)
                    }
                }
            } else if explicitPath != nil {
                throw ConfigError.missingFile(path: path)
            }
        }
        config.applyEnvironment(environment, kinds: kinds)
        return config
    }

    /// The environment's layer: above the file, below flags.
    public mutating func applyEnvironment(_ environment: [String: String], kinds: ServerKindRegistry) {
        if let variable = kinds.implicitServer?.kind.addressEnvironmentVariable, let host = environment[variable],
            !host.trimmingCharacters(in: .whitespaces).isEmpty
        {
            self.host = host
        }
        if let model = environment["TACHIKOMA_MODEL"], !model.isEmpty { self.model = model }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { color = false }
    }

    private static func readFile(_ path: String) throws(ConfigError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.unreadable(path: path, reason: "permission denied or not a regular file")
        }
        return [UInt8](data)
    }

    /// Parses a config file's bytes, which must be UTF-8; `file` names it in errors. `kinds` are the
    /// kinds of server `servers` may name (none by default: every server is refused).
    public static func parse(
        bytes: [UInt8], file: String, kinds: ServerKindRegistry = ServerKindRegistry()
    ) throws(ConfigError) -> TachikomaConfig {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError.unreadable(path: file, reason: "not UTF-8 text")
        }
        return try parse(text, file: file, kinds: kinds)
    }

    /// Parses config JSON text; `file` names it in errors. `kinds` are the kinds of server `servers`
    /// may name (none by default: every server is refused).
    public static func parse(
        _ text: String, file: String, kinds: ServerKindRegistry = ServerKindRegistry()
    ) throws(ConfigError) -> TachikomaConfig {
        let root: JSONValue
        do {
            root = try JSONTextParser.parse(text)
        } catch {
            throw ConfigError.invalidJSON(path: file, line: error.line, column: error.column, reason: error.reason)
        }
        guard case .object(let members) = root else {
            throw ConfigError.wrongType(path: file, key: "(top level)", expected: "an object { … }")
        }
        let reader = ConfigReader(file: file)
        var config = TachikomaConfig()
        for key in members.keys.sorted() {
            let value = members[key] ?? .null
            switch key {
            case "host": config.host = try reader.optionalString(key, value)
            case "model": config.model = try reader.nonEmptyString(key, value)
            case "system": config.system = try reader.optionalString(key, value)
            case "num_ctx":
                config.contextLength = value == .null ? nil : try reader.integer(key, value, SettingLimits.contextLength)
            case "keep_alive": config.keepAlive = value == .null ? nil : try reader.keepAlive(key, value)
            case "connect_timeout": config.connectTimeout = try reader.number(key, value, SettingLimits.timeout)
            case "request_timeout": config.requestTimeout = try reader.number(key, value, SettingLimits.timeout)
            case "think": config.think = try reader.think(key, value)
            case "verbose": config.verbose = try reader.bool(key, value)
            case "word_wrap": config.wordWrap = try reader.bool(key, value)
            case "color": config.color = try reader.bool(key, value)
            case "markdown": config.markdown = try reader.bool(key, value)
            case "copy_command": config.copyCommand = value == .null ? nil : try reader.argv(key, value)
            case "edit_mode": config.editMode = try reader.oneOf(key, value, ["emacs", "vi"])
            case "history_size": config.historySize = try reader.integer(key, value, SettingLimits.historySize)
            case "history_file": config.historyFile = try reader.optionalPath(key, value)
            case "tools": config.tools = try reader.bool(key, value)
            case "tool_rounds": config.toolRounds = try reader.integer(key, value, SettingLimits.toolRounds)
            case "tool_roots": config.toolRoots = try reader.pathList(key, value)
            case "tool_policy": config.toolPolicy = try reader.toolPolicies(key, value)
            case "options": config.options = try reader.options(value)
            case "save_sessions": config.saveSessions = try reader.bool(key, value)
            case "context_policy":
                let word = try reader.oneOf(key, value, ContextPolicy.allCases.map(\.rawValue))
                config.contextPolicy = ContextPolicy(rawValue: word) ?? .warn
            case "command_tools": config.commandTools = try reader.commandTools(value)
            case "mcp_servers": config.mcpServers = try reader.mcpServers(value)
            case "servers": config.servers = try reader.servers(value, kinds: kinds)
            case "default_server": config.defaultServer = try reader.optionalString(key, value)
            case "max_attachment_bytes": config.attachmentLimits = try reader.attachmentLimits(key, value)
            case "vision_models": config.visionModels = try reader.modelNames(key, value)
            default:
                throw ConfigError.unknownKey(path: file, key: key, known: Self.knownKeys)
            }
        }
        if let chosen = config.defaultServer {
            let defined = Set(config.servers.keys).union([kinds.implicitServer?.name].compactMap { $0 }).sorted()
            guard defined.contains(chosen) else {
                throw ConfigError.undefinedName(path: file, key: "default_server", value: chosen, defined: defined)
            }
        }
        return config
    }

    /// The top-level keys a config file may have.
    public static let knownKeys = [
        "host", "model", "system", "num_ctx", "keep_alive", "connect_timeout", "request_timeout", "think",
        "verbose", "word_wrap", "color", "markdown", "copy_command", "edit_mode", "history_size", "history_file", "tools", "tool_rounds",
        "tool_roots", "tool_policy", "options",
        "save_sessions", "context_policy", "command_tools", "mcp_servers", "servers", "default_server",
        "max_attachment_bytes", "vision_models",
    ]
}
