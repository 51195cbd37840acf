import Foundation
import TachikomaCore

/// The tool sources `config` declares besides the built-ins: its `command_tools` (ready at once) and its
/// `mcp_servers` (served by the `tachikoma-mcp` helper, started on the first `tools()` call; nothing is
/// started when there are none). Call `shutdown()` on each when the chat ends.
/// Called as `ToolKit.configuredToolProviders(config)` from the executable.
public func configuredToolProviders(
    _ config: TachikomaConfig, environment: [String: String] = ProcessInfo.processInfo.environment
) -> [any ToolProviding] {
    var providers: [any ToolProviding] = []
    if !config.commandTools.isEmpty {
        providers.append(FixedToolProvider(config.commandTools.map { CommandTool($0, environment: environment) }))
    }
    if !config.mcpServers.isEmpty {
        providers.append(MCPHelperProvider(config.mcpServers, environment: environment))
    }
    return providers
}
