import Foundation
import TachikomaCore
import ToolKit

/// The tools of every configured MCP server. Servers start together on the first `tools()` call; one
/// that fails to start, times out or dies is reported as one problem and the others go on.
public struct MCPToolProvider: ToolProviding {
    private let connections: [MCPServerConnection]

    public init(_ servers: [MCPServerConfig], environment: [String: String] = ProcessInfo.processInfo.environment) {
        connections = servers.map { MCPServerConnection($0, environment: environment) }
    }

    /// For tests: each call limited to `callTimeout` seconds while starting keeps the config's `timeout`.
    public init(_ servers: [MCPServerConfig], callTimeout: Double?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        connections = servers.map { MCPServerConnection($0, environment: environment, callTimeout: callTimeout) }
    }

    public func tools() async -> (tools: [any Tool], problems: [ToolError]) {
        // Started at once, listed in the config's order.
        let results = await withTaskGroup(of: (Int, [any Tool], ToolError?).self) { group in
            for (index, connection) in connections.enumerated() {
                group.addTask {
                    switch await connection.tools() {
                    case .success(let listed):
                        return (index, listed.map { MCPTool($0, server: connection.config.name, connection: connection) }, nil)
                    case .failure(let problem):
                        return (index, [], problem)
                    }
                }
            }
            var results: [(Int, [any Tool], ToolError?)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        return (results.flatMap(\.1), results.compactMap(\.2))
    }

    /// Stops every server process; returns once they are all gone.
    public func shutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask { await connection.shutdown() }
            }
        }
    }
}
