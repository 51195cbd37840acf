import ChatEngine
import ChatREPL
import TachikomaCore
import ToolKit

/// Builds the chat's tool sources from the config.
enum ToolWiring {
    static func setup(_ config: TachikomaConfig, unattended: UnattendedConfirmation = .refuse) -> ToolSetup {
        // Command tools (`command_tools`) and MCP servers (`mcp_servers`) come after the built-ins: the
        // first tool of a name wins, so none can shadow a built-in.
        let providers: [any ToolProviding] =
            [BuiltinTools.provider(roots: ToolRoots(config.toolRoots))] + ToolKit.configuredToolProviders(config)
        return ToolSetup(
            provider: CombinedToolProvider(providers), policies: config.toolPolicy, rounds: config.toolRounds,
            unattended: unattended)
    }
}
