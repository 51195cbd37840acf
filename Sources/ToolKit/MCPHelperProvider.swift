import Foundation
import TachikomaCore

/// The tools of every configured MCP server, served by the `tachikoma-mcp` helper process so that
/// `tachikoma` itself never links the MCP SDK (and FoundationNetworking, libcurl and their libraries,
/// which would slow every start). The helper starts on the first `tools()` call; each server in it
/// starts then too, and one that fails, times out or dies is one problem while the others go on.
public struct MCPHelperProvider: ToolProviding {
    private let servers: [MCPServerConfig]
    private let bridge: MCPHelperBridge

    /// - Parameter environment: given to the helper and through it to each server; its
    ///   `TACHIKOMA_MCP_HELPER` names the helper's path when set.
    public init(_ servers: [MCPServerConfig], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(servers, helperPath: MCPHelperLocation.path(environment: environment), environment: environment)
    }

    /// For tests: a helper path of their choosing, and each call limited to `callTimeout` seconds while
    /// starting keeps the config's `timeout`.
    init(
        _ servers: [MCPServerConfig], helperPath: String,
        environment: [String: String] = ProcessInfo.processInfo.environment, callTimeout: Double? = nil
    ) {
        self.servers = servers
        bridge = MCPHelperBridge(servers: servers, helperPath: helperPath, environment: environment, callTimeout: callTimeout)
    }

    /// The helper's process id while it runs (tests kill it).
    var helperProcessID: pid_t? { get async { await bridge.helperProcessID } }

    public func tools() async -> (tools: [any Tool], problems: [ToolError]) {
        switch await bridge.exchange({ .list(id: $0) }) {
        case .success(let reply):
            let tools = (reply.tools ?? []).map { MCPBridgedTool($0, bridge: bridge) as any Tool }
            return (tools, (reply.problems ?? []).map(\.toolError))
        case .failure(.helperGone(let reason)):
            return ([], servers.map { .serverUnavailable(server: $0.name, reason: reason) })
        case .failure(.cancelled):
            return ([], servers.map { .serverUnavailable(server: $0.name, reason: "listing its tools was cancelled") })
        }
    }

    /// Stops the helper, which stops every server process; returns once they are all gone.
    public func shutdown() async {
        await bridge.shutdown()
    }
}

/// A tool an MCP server listed, called like any other: arguments checked against its input schema
/// here, the call made by the helper, its content returned as text.
struct MCPBridgedTool: Tool {
    let definition: ToolDefinition
    let server: String
    private let bridge: MCPHelperBridge

    init(_ listed: MCPHelperTool, bridge: MCPHelperBridge) {
        var parameters = listed.inputSchema
        if parameters.objectValue == nil { parameters = ["type": "object", "properties": [:]] }
        definition = ToolDefinition(name: listed.name, description: listed.description, parameters: parameters)
        server = listed.server
        self.bridge = bridge
    }

    var source: ToolSource { .mcpServer(server) }
    /// What a server's tool does is the server's business: always asked unless the config says `auto`.
    var defaultPolicy: ToolPolicy { .ask }

    func preview(_ arguments: JSONValue) throws(ToolError) -> String {
        let members = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        return MCPToolPreview.text(tool: definition.name, server: server, members: members)
    }

    func run(_ arguments: JSONValue) async throws(ToolError) -> String {
        let members = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        let (server, tool) = (server, definition.name)
        let answer = await bridge.exchange { .call(id: $0, server: server, tool: tool, arguments: .object(members)) }
        switch answer {
        case .success(let reply):
            if reply.type == .result { return reply.text ?? "" }
            throw reply.error?.toolError ?? .failed(tool: tool, message: "the MCP helper gave no result")
        case .failure(.cancelled):
            throw .cancelled(tool: tool)
        case .failure(.helperGone(let reason)):
            throw .serverUnavailable(server: server, reason: reason)
        }
    }
}

/// What the confirmation shows for an MCP tool's call, in one place for the bridged tools and the
/// helper's own.
package enum MCPToolPreview {
    package static func text(tool: String, server: String, members: [String: JSONValue]) -> String {
        "\(tool) on MCP server '\(server)' with \(CommandInvocation.json(.object(members)))"
    }
}
