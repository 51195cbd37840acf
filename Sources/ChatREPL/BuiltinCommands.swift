import TachikomaCore
import TerminalText

extension CommandTable {
    /// Every slash command, in the order `/help` lists them.
    static let builtin = CommandTable([
        SlashCommand(
            name: "model", arguments: .optional("NAME"),
            summary: "List the server's models, or switch to NAME keeping the conversation",
            help: """
                /model lists the models on the server and marks the current one.
                /model NAME switches to NAME; the conversation stays, and the next message sends
                the whole of it to the new model. A model the server lacks can be pulled on the spot.
                """,
            complete: { previous, _, sources in previous.isEmpty ? sources.modelNames() : [] },
            action: { context, command in await ModelCommand.run(command, in: context) })
    ] + ServerCommand.slashCommands + [
        SlashCommand(
            name: "ctx", aliases: ["context"], arguments: .optional("N"),
            summary: "Show how much of the context window the conversation uses, or set it to N tokens",
            help: ContextHelp.text(for: .chatSettingsOnly),
            currentHelp: { context in ContextHelp.text(for: context.session.backend.requestParameters) },
            complete: { previous, _, sources in
                if previous.isEmpty {
                    // Sizes only where a request can set the window.
                    guard sources.settingTable().server.contextWindowParameter != nil else { return ["policy"] }
                    return ["policy", "off", "2048", "4096", "8192", "16384", "32768"]
                }
                return previous == ["policy"] ? ContextPolicy.allCases.map(\.rawValue) : []
            },
            action: { context, command in await BuiltinCommands.contextWindow(command, in: context) }),
        SlashCommand(
            name: "set", arguments: .required("PARAM VALUE"),
            summary: "Set a parameter: temperature, top_p, seed, think, hidethinking, verbose, format…",
            help: SetCommand.help(for: SettingTable(.chatSettingsOnly)),
            currentHelp: { context in SetCommand.help(for: context.settingTable) },
            complete: { previous, _, sources in SetCommand.completions(previous: previous, table: sources.settingTable()) },
            action: { context, command in await SetCommand.run(command, in: context) }),
        SlashCommand(
            name: "system", arguments: .optional("TEXT"),
            summary: "Show the system prompt, or set it to TEXT",
            help: """
                /system shows the system prompt; /system TEXT replaces it (it is sent first with every
                message from now on); /system off removes it. Same as /set system TEXT.
                """,
            action: { context, command in BuiltinCommands.system(command.argumentText, in: context) }),
        SlashCommand(
            name: "show", arguments: .optional("info|parameters|template|system|modelfile|license"),
            summary: "Show what the server says about the current model",
            help: """
                /show info          architecture, size, context length, capabilities
                /show parameters    the model's parameters and the ones you set
                /show template      the prompt template
                /show system        the system prompt
                /show modelfile     the Modelfile
                /show license       the license
                """,
            complete: { previous, _, sources in previous.isEmpty ? sources.showTopics() : [] },
            action: { context, command in await ShowCommand.run(command, in: context) }),
        ToolsCommand.slashCommand,
        AttachCommand.slashCommand,
        CopyCommand.slashCommand,
        SlashCommand(
            name: "clear",
            summary: "Forget the conversation (the system prompt stays; the session stays saved)",
            help: """
                /clear empties the conversation; the model and the system prompt stay. The session so far
                stays saved, and the next message starts a new one (like /new).
                """,
            action: { context, _ in BuiltinCommands.clear(in: context) }),
    ] + BranchCommands.slashCommands + CompareCommand.slashCommands + SessionCommands.slashCommands
        + SessionBrowsing.slashCommands + [
        SlashCommand(
            name: "help", aliases: ["?"], arguments: .optional("COMMAND"),
            summary: "List the commands, or explain one",
            help: "/help lists the commands; /help NAME explains one.",
            complete: { previous, _, sources in previous.isEmpty ? sources.commandNames : [] },
            action: { context, command in BuiltinCommands.help(command, in: context) }),
        SlashCommand(
            name: "bye", aliases: ["exit", "quit"],
            summary: "Leave (Ctrl-D on an empty line does too)",
            help: "/bye, /exit and /quit leave tachikoma; so does Ctrl-D on an empty line.",
            action: { _, _ in .exit }),
    ])
}

/// `/help`, `/system`, `/clear` and `/ctx`.
enum BuiltinCommands {
    static func help(_ command: ParsedCommand, in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        let commands = context.commands
        guard let topic = command.arguments.first else {
            let width = screen.columns()
            screen.say("Available commands:")
            // A long usage (e.g. /show's choices) gets its own line, so the summaries stay in one
            // narrow column instead of being pushed past the edge of an 80-column terminal.
            let column = min(commands.commands.map(\.usage.count).max() ?? 0, 18) + 4
            for entry in commands.commands {
                let aliases = entry.aliases.isEmpty ? "" : " (also " + entry.aliases.map { "/" + $0 }.joined(separator: ", ") + ")"
                var usage = "  " + entry.usage
                if usage.count + 2 > column {
                    screen.say(usage)
                    usage = ""
                }
                let row = usage.padding(toLength: column, withPad: " ", startingAt: 0) + entry.summary + aliases
                screen.say(width.map { HelpText.wrap(row, width: $0, hangingIndent: column).joined(separator: "\n") } ?? row)
            }
            screen.say("")
            screen.say(HelpText.layout(
                "Start a message with // to send one that begins with a slash. Ctrl-C stops an answer. Ctrl-J starts a new"
                    + " line in the message; Ctrl-G opens it in your editor ($OLLAMA_EDITOR, $VISUAL, $EDITOR or vi).", width: width))
            screen.say("/help COMMAND explains a command.")
            return .continue
        }
        let name = topic.hasPrefix("/") ? String(topic.dropFirst()) : topic
        guard let entry = commands.lookup(name) else {
            screen.say(commands.unknownCommandMessage(name))
            return .continue
        }
        screen.say(screen.style.bold(entry.usage) + " — " + entry.summary)
        if !entry.aliases.isEmpty { screen.say("Also: " + entry.aliases.map { "/" + $0 }.joined(separator: ", ")) }
        screen.say(HelpText.layout(entry.currentHelp?(context) ?? entry.help, width: screen.columns()))
        return .continue
    }

    static func system(_ text: String, in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        guard !text.isEmpty else {
            if let prompt = context.settings.systemPrompt, !prompt.isEmpty {
                screen.say(prompt)
            } else {
                screen.say("No system prompt is set. /system TEXT sets one.")
            }
            return .continue
        }
        if ["off", "none", "clear"].contains(text.lowercased()) {
            context.settings.systemPrompt = nil
            screen.say("Removed the system prompt.")
        } else {
            context.settings.systemPrompt = SetCommand.unquoteBlock(text)
            screen.say("Set system message.")
        }
        return .continue
    }

    static func clear(in context: CommandContext) -> CommandOutcome {
        context.record(.cleared)
        context.screen.say("Cleared session context.")
        return .continue
    }

    /// `/ctx`.
    static func contextWindow(_ command: ParsedCommand, in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        let knowledge = context.contextWindow
        if command.arguments.first?.lowercased() == "policy" {
            return contextPolicy(command.arguments.dropFirst().first, in: context)
        }
        if let word = command.arguments.first {
            let table = context.settingTable
            guard let parameter = table.server.contextWindowParameter.flatMap({ table.named($0.name) }) else {
                screen.sayMessage(table.server.fixedContextWindowLine)
                return .continue
            }
            var settings = context.settings
            do {
                screen.say(try parameter.apply(&settings, [word]))
                context.settings = settings
            } catch {
                screen.say(error.description)
                return .continue
            }
            if knowledge.server.modelMaximum == nil { await knowledge.learn() }
            if let warning = knowledge.lengthWarning() { screen.warn(warning) }
            return .continue
        }
        if knowledge.chosenLength == nil { await knowledge.learn() }
        let server = context.session.backend.requestParameters
        let advice = server.contextWindowParameter == nil ? "it is \(server.contextWindowHint)" : "/ctx N sets one"
        let conversation = context.conversation
        screen.sayMessage(ContextReport.describe(conversation.contextUsage, window: knowledge.window, unknownWindowAdvice: advice))
        screen.say(ContextReport.describePolicy(conversation.settings.contextPolicy, conversation: conversation))
        return .continue
    }

    private static func contextPolicy(_ word: String?, in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        guard let word else {
            screen.say(ContextReport.describePolicy(context.settings.contextPolicy, conversation: context.conversation))
            return .continue
        }
        guard let policy = ContextPolicy(rawValue: word.lowercased()) else {
            screen.say("/ctx policy takes warn, trim or summarize, not '\(word)'.")
            return .continue
        }
        context.settings.contextPolicy = policy
        screen.say("Context policy: \(policy.rawValue).")
        return .continue
    }
}
