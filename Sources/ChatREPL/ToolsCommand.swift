import TachikomaCore
import TerminalText

/// `/tools`: the tools the model may call, tool calling on or off, one tool offered or withdrawn.
enum ToolsCommand {
    /// The `/tools` table entry.
    static var slashCommand: SlashCommand {
        SlashCommand(
            name: "tools", arguments: .optional("on|off|enable NAME|disable NAME"),
            summary: "List the tools the model may call; turn tool calling on or off, or one tool",
            help: """
                /tools lists every tool with its source (built-in, command, or the MCP server it comes
                from), whether it is enabled and its policy: auto runs when the model asks, ask shows
                exactly what will run and waits for yes, no or always (for this session), off is never
                offered. /tools on and /tools off switch tool calling for this chat; /tools enable NAME
                and /tools disable NAME offer or withdraw one tool. The config file's "tool_policy"
                sets policies for every chat, "tool_roots" the folders the file tools may read, and
                "tool_rounds" how many rounds of calls one message may lead to.
                """,
            complete: { previous, _, sources in
                if previous.isEmpty { return ["on", "off", "enable", "disable"] }
                if previous.count == 1, ["enable", "disable"].contains(previous[0].lowercased()) { return sources.toolNames() }
                return []
            },
            action: { context, command in await ToolsCommand.run(command, in: context) })
    }

    static func run(_ command: ParsedCommand, in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        let toolCatalog = context.session.tools
        let words = command.arguments
        switch words.first?.lowercased() {
        case nil:
            await loadTools(in: context)
            listTools(in: context)
        case "on":
            context.settings.toolsEnabled = true
            await loadTools(in: context)
            let count = toolCatalog.offeredDefinitions.count
            screen.say("Tool calling is on (\(Screen.count(count, "tool")) enabled).")
        case "off":
            context.settings.toolsEnabled = false
            screen.say("Tool calling is off.")
        case let verb? where verb == "enable" || verb == "disable":
            guard words.count == 2 else {
                screen.say("/tools \(verb) takes one tool name; /tools lists them.")
                return .continue
            }
            await loadTools(in: context)
            guard let tool = toolCatalog.tool(named: words[1]) else {
                let names = toolCatalog.tools.map(\.definition.name)
                let suggestion = Suggestions.closest(to: words[1], among: names).map { " Did you mean \($0)?" } ?? ""
                screen.say(TerminalSanitizer.clean("There is no tool named '\(words[1])'.\(suggestion) /tools lists them."))
                return .continue
            }
            if verb == "enable" { toolCatalog.enable(tool) } else { toolCatalog.disable(tool) }
            let name = TerminalSanitizer.clean(tool.definition.name)
            let policy = toolCatalog.policy(for: tool)
            screen.say(verb == "enable" ? "Enabled \(name) (policy \(policy.rawValue))." : "Disabled \(name).")
            if verb == "enable", !context.settings.toolsEnabled { screen.sayNote("Tool calling is off; /tools on turns it on.") }
        case let other?:
            screen.say(TerminalSanitizer.clean("/tools takes on, off, enable NAME or disable NAME, not '\(other)'."))
        }
        return .continue
    }

    private static func listTools(in context: CommandContext) {
        let screen = context.screen
        let toolCatalog = context.session.tools
        let toolsAreOn = context.settings.toolsEnabled
        let tools = toolCatalog.tools
        let state = "Tool calling is \(toolsAreOn ? "on" : "off")"
        guard !tools.isEmpty else {
            screen.say("\(state); no tools are available.")
            return
        }
        screen.say("\(state). \(Screen.count(tools.count, "tool")):")
        let rows = tools.map { tool -> [String] in
            let policy = toolCatalog.policy(for: tool)
            return [
                TerminalSanitizer.clean(tool.definition.name), TerminalSanitizer.clean(tool.source.description),
                policy == .off ? "disabled" : "enabled", policy.rawValue,
            ]
        }
        let widths = (0..<3).map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        for row in rows {
            let padded = (0..<3).map { row[$0] + String(repeating: " ", count: widths[$0] - DisplayWidth.of(row[$0])) }
            screen.say("  " + (padded + [row[3]]).joined(separator: "  "))
        }
        screen.sayNote("/tools enable NAME or /tools disable NAME changes one; /tools \(toolsAreOn ? "off" : "on") turns tool calling \(toolsAreOn ? "off" : "on").")
    }

    /// Loads the tools the first time they are needed, saying any source's problem in one line each.
    private static func loadTools(in context: CommandContext) async {
        let catalog = context.session.tools
        guard !catalog.isLoaded else { return }
        let (problems, interrupted, _) = await context.work.run { _ in await catalog.load() }
        if interrupted { return }
        for problem in problems { context.screen.warn(problem.description) }
    }
}
