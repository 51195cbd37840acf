import Foundation
import TachikomaCore

/// What `tachikoma` and its `tachikoma-mcp` helper say to each other: one JSON object a line, on the
/// helper's standard input (requests) and standard output (replies).
///
/// The MCP SDK (and through it FoundationNetworking and libcurl) lives only in the helper, which is
/// started only when `mcp_servers` is configured; `tachikoma` itself starts faster without it.
///
/// Requests, in order:
/// - `{"type":"configure","servers":[{"name","command","args","env","cwd","timeout"}]}` first, once.
/// - `{"type":"list","id":N}`: every server's tools, starting the servers on the first one.
///   Answered `{"type":"tools","id":N,"tools":[{"server","name","description","input_schema"}],"problems":[error]}`.
/// - `{"type":"call","id":N,"server":S,"tool":T,"arguments":{...}}`. Answered
///   `{"type":"result","id":N,"text":"..."}` or `{"type":"failure","id":N,"error":error}`.
///   Calls may overlap; each is answered once, by its id.
/// - `{"type":"cancel","id":N}`: stop waiting for call N (the MCP server is sent
///   `notifications/cancelled`); the call is answered with a `cancelled` error.
/// - End of input: every MCP server is shut down and the helper exits.
///
/// An error is `{"kind":K, "tool"?, "server"?, "message"?, "seconds"?}`, one of `ToolError`'s cases.
package struct MCPHelperRequest: Codable, Sendable, Hashable {
    package enum Kind: String, Codable, Sendable {
        case configure, list, call, cancel
    }

    package var type: Kind
    package var id: Int?
    package var servers: [MCPHelperServer]?
    /// Tests only: a shorter limit for each call than the servers' `timeout`.
    package var callTimeout: Double?
    package var server: String?
    package var tool: String?
    package var arguments: JSONValue?

    package static func configure(_ servers: [MCPServerConfig], callTimeout: Double? = nil) -> Self {
        Self(type: .configure, servers: servers.map(MCPHelperServer.init), callTimeout: callTimeout)
    }

    package static func list(id: Int) -> Self { Self(type: .list, id: id) }

    package static func call(id: Int, server: String, tool: String, arguments: JSONValue) -> Self {
        Self(type: .call, id: id, server: server, tool: tool, arguments: arguments)
    }

    package static func cancel(id: Int) -> Self { Self(type: .cancel, id: id) }

    private enum CodingKeys: String, CodingKey {
        case type, id, servers, server, tool, arguments
        case callTimeout = "call_timeout"
    }
}

/// One of `mcp_servers`, as the helper is told of it.
package struct MCPHelperServer: Codable, Sendable, Hashable {
    package var name: String
    package var command: String
    package var args: [String]
    package var env: [String: String]
    package var cwd: String?
    package var timeout: Double

    package init(_ config: MCPServerConfig) {
        name = config.name
        command = config.command
        args = config.arguments
        env = config.environment
        cwd = config.workingDirectory
        timeout = config.timeout
    }

    package var config: MCPServerConfig {
        MCPServerConfig(name: name, command: command, arguments: args, environment: env, workingDirectory: cwd, timeout: timeout)
    }
}

/// What the helper answers.
package struct MCPHelperReply: Codable, Sendable, Hashable {
    package enum Kind: String, Codable, Sendable {
        case tools, result, failure
    }

    package var type: Kind
    package var id: Int
    package var tools: [MCPHelperTool]?
    package var problems: [MCPHelperError]?
    package var text: String?
    package var error: MCPHelperError?

    package static func tools(id: Int, _ tools: [MCPHelperTool], problems: [ToolError]) -> Self {
        Self(type: .tools, id: id, tools: tools, problems: problems.map(MCPHelperError.init))
    }

    package static func result(id: Int, _ text: String) -> Self { Self(type: .result, id: id, text: text) }

    package static func failure(id: Int, _ error: ToolError) -> Self { Self(type: .failure, id: id, error: MCPHelperError(error)) }
}

/// A tool one server listed.
package struct MCPHelperTool: Codable, Sendable, Hashable {
    package var server: String
    package var name: String
    package var description: String
    package var inputSchema: JSONValue

    package init(server: String, definition: ToolDefinition) {
        self.server = server
        name = definition.name
        description = definition.description
        inputSchema = definition.parameters
    }

    package var definition: ToolDefinition {
        ToolDefinition(name: name, description: description, parameters: inputSchema)
    }

    private enum CodingKeys: String, CodingKey {
        case server, name, description
        case inputSchema = "input_schema"
    }
}

/// A `ToolError` on the wire.
package struct MCPHelperError: Codable, Sendable, Hashable {
    package var kind: String
    package var tool: String?
    package var server: String?
    package var message: String?
    package var seconds: Double?

    package init(_ error: ToolError) {
        switch error {
        case .unknownTool(let name): kind = "unknown_tool"; tool = name
        case .invalidArguments(let name, let reason): kind = "invalid_arguments"; tool = name; message = reason
        case .outsideRoots(let name, let path): kind = "outside_roots"; tool = name; message = path
        case .timedOut(let name, let limit): kind = "timed_out"; tool = name; seconds = limit
        case .failed(let name, let text): kind = "failed"; tool = name; message = text
        case .refused(let name, let reason): kind = "refused"; tool = name; message = reason
        case .serverUnavailable(let name, let reason): kind = "server_unavailable"; server = name; message = reason
        case .cancelled(let name): kind = "cancelled"; tool = name
        }
    }

    /// The error; a kind this side does not know becomes `failed`, so nothing is lost in silence.
    package var toolError: ToolError {
        let tool = tool ?? "?"
        let message = message ?? ""
        switch kind {
        case "unknown_tool": return .unknownTool(tool)
        case "invalid_arguments": return .invalidArguments(tool: tool, reason: message)
        case "outside_roots": return .outsideRoots(tool: tool, path: message)
        case "timed_out": return .timedOut(tool: tool, seconds: seconds ?? 0)
        case "refused": return .refused(tool: tool, reason: message)
        case "server_unavailable": return .serverUnavailable(server: server ?? "?", reason: message)
        case "cancelled": return .cancelled(tool: tool)
        case "failed": return .failed(tool: tool, message: message)
        default: return .failed(tool: tool, message: "\(kind): \(message)")
        }
    }
}

extension JSONEncoder {
    /// One message as one line: compact, so no newline inside it.
    package static func helperLine<Message: Encodable>(_ message: Message) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(message)).map { [UInt8]($0) } ?? []
    }
}
