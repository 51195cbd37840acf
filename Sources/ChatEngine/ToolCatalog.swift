import Foundation
import Synchronization
import TachikomaCore

/// The tools a chat knows, each with the policy in force: the tool's default, else the config's
/// `tool_policy`, else what `/tools enable|disable` or an "always" answer changed this session.
///
/// Loaded once, when tools are first needed (MCP servers start then). Changed by the REPL's task
/// (or one it awaits); read by Tab completion on the input thread too, hence the lock.
public final class ToolCatalog: Sendable {
    public let setup: ToolSetup

    /// What changes while the chat runs: the tools once loaded, and the person's choices.
    private struct State {
        /// nil until `load` has run.
        var loaded: [any Tool]?
        /// Policies changed this session, by tool name.
        var sessionPolicies: [String: ToolPolicy] = [:]
        /// Tools the user answered "always" for.
        var alwaysAllowed: Set<String> = []
    }

    private let state = Mutex(State())

    public init(_ setup: ToolSetup) {
        self.setup = setup
    }

    /// Asks the provider for its tools the first time; returns the problems found then (to be said
    /// once), nothing after.
    public func load() async -> [ToolError] {
        guard !isLoaded else { return [] }
        let found = await setup.provider.tools()
        // The first tool of a name wins: a command or MCP tool cannot shadow a built-in.
        var seen: Set<String> = []
        let tools = found.tools.filter { seen.insert($0.definition.name).inserted }
        state.withLock { $0.loaded = tools }
        // A policy for a name no source has is most likely a typo: say so rather than ignore it.
        let strays = setup.policies.keys.filter { !seen.contains($0) }.sorted().map { name in
            ToolError.failed(tool: name, message: "tool_policy names it, but no tool has that name")
        }
        return found.problems + strays
    }

    /// Whether `load` has run.
    public var isLoaded: Bool { state.withLock { $0.loaded != nil } }

    /// Every tool, in the provider's order (empty before `load`).
    public var tools: [any Tool] { state.withLock { $0.loaded ?? [] } }

    /// The tools' names, for Tab.
    public var names: [String] { tools.map(\.definition.name) }

    public func tool(named name: String) -> (any Tool)? {
        tools.first { $0.definition.name == name }
    }

    /// The policy in force for a tool.
    public func policy(for tool: any Tool) -> ToolPolicy {
        let name = tool.definition.name
        return state.withLock { $0.sessionPolicies[name] } ?? setup.policies[name] ?? tool.defaultPolicy
    }

    /// The definitions sent with a request: every tool whose policy is not `off`.
    public var offeredDefinitions: [ToolDefinition] {
        tools.filter { policy(for: $0) != .off }.map(\.definition)
    }

    /// Whether a call must be confirmed first.
    public func needsConfirmation(_ tool: any Tool) -> Bool {
        policy(for: tool) == .ask && !state.withLock { $0.alwaysAllowed.contains(tool.definition.name) }
    }

    /// "Always" for this tool, until the chat ends.
    public func allowAlways(_ name: String) {
        _ = state.withLock { $0.alwaysAllowed.insert(name) }
    }

    /// Offers a tool again: the config's policy unless that is `off`, else `ask`.
    public func enable(_ tool: any Tool) {
        let name = tool.definition.name
        state.withLock { $0.sessionPolicies[name] = nil }
        if policy(for: tool) == .off { state.withLock { $0.sessionPolicies[name] = .ask } }
    }

    /// Stops offering a tool for this session.
    public func disable(_ tool: any Tool) {
        let name = tool.definition.name
        state.withLock { $0.sessionPolicies[name] = .off }
    }

    /// Stops whatever the provider started (MCP servers).
    public func shutdown() async {
        guard isLoaded else { return }
        await setup.provider.shutdown()
    }
}
