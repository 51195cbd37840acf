/// Where a tool comes from, as `/tools` shows it.
public enum ToolSource: Sendable, Hashable, CustomStringConvertible {
    case builtIn
    /// Declared under `command_tools` in the config.
    case command
    /// Listed by the MCP server of this name (`mcp_servers`).
    case mcpServer(String)

    public var description: String {
        switch self {
        case .builtIn: "built-in"
        case .command: "command"
        case .mcpServer(let name): "mcp:\(name)"
        }
    }
}

/// Whether a call runs when the model asks for it.
public enum ToolPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Show exactly what will run and wait for yes, no or always.
    case ask
    /// Run without asking.
    case auto
    /// Never offered to the model.
    case off
}

/// A tool the model may call. Built-ins, command tools and MCP tools all conform, so the tool loop in
/// the chat knows only this protocol.
public protocol Tool: Sendable {
    /// Name, description and JSON schema, as sent to the model.
    var definition: ToolDefinition { get }
    var source: ToolSource { get }
    /// The policy when the config names none: `.ask` for anything that reads files, runs a command or
    /// uses the network.
    var defaultPolicy: ToolPolicy { get }
    /// Exactly what a call with these arguments will do (argv, path, URL), shown before asking.
    /// Throws `ToolError` when the arguments do not fit the schema.
    func preview(_ arguments: JSONValue) throws(ToolError) -> String
    /// Runs one call and returns the text the model reads. Cancelling the calling task stops it.
    func run(_ arguments: JSONValue) async throws(ToolError) -> String
}

/// Why a tool call gave no result. The message goes back to the model as the `tool` message, and a
/// one-line notice to the user.
public enum ToolError: Error, Sendable, Hashable {
    /// The model named a tool that is not offered.
    case unknownTool(String)
    /// The arguments do not match the tool's schema, or are not a JSON object.
    case invalidArguments(tool: String, reason: String)
    /// A path the model asked for leads outside the allowed roots (after resolving `..` and links).
    case outsideRoots(tool: String, path: String)
    /// The call took longer than its limit.
    case timedOut(tool: String, seconds: Double)
    /// The call ran and failed (a non-zero exit, an unreadable file, an HTTP error, an MCP error).
    case failed(tool: String, message: String)
    /// The user said no, or the policy forbids running it here.
    case refused(tool: String, reason: String)
    /// The MCP server behind the tool did not start, timed out or died.
    case serverUnavailable(server: String, reason: String)
    /// The call was cancelled (Ctrl-C).
    case cancelled(tool: String)
}

extension ToolError: CustomStringConvertible {
    /// One line, for the model and for the person.
    public var description: String {
        switch self {
        case .unknownTool(let name): "there is no tool named '\(name)'"
        case .invalidArguments(let tool, let reason): "\(tool): invalid arguments: \(reason)"
        case .outsideRoots(let tool, let path): "\(tool): '\(path)' is outside the folders tools may read (tool_roots)"
        case .timedOut(let tool, let seconds): "\(tool): no result within \(Int(seconds.rounded(.up))) s"
        case .failed(let tool, let message): "\(tool): \(message)"
        case .refused(let tool, let reason): "\(tool): not run: \(reason)"
        case .serverUnavailable(let server, let reason): "MCP server '\(server)' is unavailable: \(reason)"
        case .cancelled(let tool): "\(tool): cancelled"
        }
    }
}

/// The tools a chat may offer, however they are found. The chat asks for them when tools are first
/// needed (MCP servers start then) and shuts the provider down when the chat ends.
public protocol ToolProviding: Sendable {
    /// Every tool, in the order `/tools` lists them. A source that fails (an MCP server that does not
    /// start) is left out and reported in `problems`.
    func tools() async -> (tools: [any Tool], problems: [ToolError])
    /// Stops whatever was started (MCP server processes).
    func shutdown() async
}
