import ChatREPL
import TachikomaCore
import ToolKit

/// Builds the chat's tool sources from the config.
enum ToolWiring {
    static func setup(_ config: TachikomaConfig, unattended: UnattendedConfirmation = .refuse) -> ToolSetup {
        let providers: [any ToolProviding] = [
            BuiltinTools.provider(roots: ToolRoots(config.toolRoots)),
            // ▸ Command tools (`command_tools`) and MCP servers (`mcp_servers`) are added here, after
            //   the built-ins (the first tool of a name wins, so none can shadow a built-in).
        ]
        return ToolSetup(
            provider: CombinedToolProvider(providers), policies: config.toolPolicy, rounds: config.toolRounds,
            unattended: unattended)
    }
}
