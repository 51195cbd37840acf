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
            action: { repl, command in await repl.modelCommand(command) })
    ] + serverCommands + [
        SlashCommand(
            name: "ctx", aliases: ["context"], arguments: .optional("N"),
            summary: "Show how much of the context window the conversation uses, or set it to N tokens",
            help: ContextHelp.text(for: .chatSettingsOnly),
            currentHelp: { repl in ContextHelp.text(for: repl.backend.requestParameters) },
            complete: { previous, _, sources in
                if previous.isEmpty {
                    // Sizes only where a request can set the window.
                    guard sources.settingTable().server.contextWindowParameter != nil else { return ["policy"] }
                    return ["policy", "off", "2048", "4096", "8192", "16384", "32768"]
                }
                return previous == ["policy"] ? ContextPolicy.allCases.map(\.rawValue) : []
            },
            action: { repl, command in await repl.contextCommand(command) }),
        SlashCommand(
            name: "set", arguments: .required("PARAM VALUE"),
            summary: "Set a parameter: temperature, top_p, seed, think, verbose, wordwrap, format…",
            help: SetCommand.help(for: SettingTable(.chatSettingsOnly)),
            currentHelp: { repl in SetCommand.help(for: repl.settingTable) },
            complete: { previous, _, sources in SetCommand.completions(previous: previous, table: sources.settingTable()) },
            action: { repl, command in repl.setCommand(command) }),
        SlashCommand(
            name: "system", arguments: .optional("TEXT"),
            summary: "Show the system prompt, or set it to TEXT",
            help: """
                /system shows the system prompt; /system TEXT replaces it (it is sent first with every
                message from now on); /system off removes it. Same as /set system TEXT.
                """,
            action: { repl, command in repl.systemCommand(command.argumentText) }),
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
            action: { repl, command in await repl.showCommand(command) }),
        ChatREPL.toolsSlashCommand,
        SlashCommand(
            name: "clear",
            summary: "Forget the conversation (the system prompt stays; the session stays saved)",
            help: """
                /clear empties the conversation; the model and the system prompt stay. The session so far
                stays saved, and the next message starts a new one (like /new).
                """,
            action: { repl, _ in repl.clearCommand() }),
    ] + branchCommands + compareCommands + sessionCommands + sessionBrowsingCommands + [
        SlashCommand(
            name: "help", aliases: ["?"], arguments: .optional("COMMAND"),
            summary: "List the commands, or explain one",
            help: "/help lists the commands; /help NAME explains one.",
            complete: { previous, _, sources in previous.isEmpty ? sources.commandNames : [] },
            action: { repl, command in repl.helpCommand(command) }),
        SlashCommand(
            name: "bye", aliases: ["exit", "quit"],
            summary: "Leave (Ctrl-D on an empty line does too)",
            help: "/bye, /exit and /quit leave tachikoma; so does Ctrl-D on an empty line.",
            action: { _, _ in .exit }),
    ])
}

extension ChatREPL {
    func helpCommand(_ command: ParsedCommand) -> CommandOutcome {
        guard let topic = command.arguments.first else {
            let width = output.columns()
            say("Available commands:")
            // A long usage (e.g. /show's choices) gets its own line, so the summaries stay in one
            // narrow column instead of being pushed past the edge of an 80-column terminal.
            let column = min(commands.commands.map(\.usage.count).max() ?? 0, 18) + 4
            for entry in commands.commands {
                let aliases = entry.aliases.isEmpty ? "" : " (also " + entry.aliases.map { "/" + $0 }.joined(separator: ", ") + ")"
                var usage = "  " + entry.usage
                if usage.count + 2 > column {
                    say(usage)
                    usage = ""
                }
                let row = usage.padding(toLength: column, withPad: " ", startingAt: 0) + entry.summary + aliases
                say(width.map { HelpText.wrap(row, width: $0, hangingIndent: column).joined(separator: "\n") } ?? row)
            }
            say("")
            say(HelpText.layout(
                "Start a message with // to send one that begins with a slash. Ctrl-C stops an answer.", width: width))
            say("/help COMMAND explains a command.")
            return .continue
        }
        let name = topic.hasPrefix("/") ? String(topic.dropFirst()) : topic
        guard let entry = commands.lookup(name) else {
            say(commands.unknownCommandMessage(name))
            return .continue
        }
        say(style.bold(entry.usage) + " — " + entry.summary)
        if !entry.aliases.isEmpty { say("Also: " + entry.aliases.map { "/" + $0 }.joined(separator: ", ")) }
        say(HelpText.layout(entry.currentHelp?(self) ?? entry.help, width: output.columns()))
        return .continue
    }

    func systemCommand(_ text: String) -> CommandOutcome {
        guard !text.isEmpty else {
            if let prompt = settings.systemPrompt, !prompt.isEmpty {
                say(prompt)
            } else {
                say("No system prompt is set. /system TEXT sets one.")
            }
            return .continue
        }
        if ["off", "none", "clear"].contains(text.lowercased()) {
            settings.systemPrompt = nil
            say("Removed the system prompt.")
        } else {
            settings.systemPrompt = SetCommand.unquoteBlock(text)
            say("Set system message.")
        }
        return .continue
    }

    func clearCommand() -> CommandOutcome {
        record(.cleared)
        say("Cleared session context.")
        return .continue
    }

    func contextCommand(_ command: ParsedCommand) async -> CommandOutcome {
        if command.arguments.first?.lowercased() == "policy" {
            return contextPolicyCommand(command.arguments.dropFirst().first)
        }
        if let word = command.arguments.first {
            let table = settingTable
            guard let parameter = table.server.contextWindowParameter.flatMap({ table.named($0.name) }) else {
                sayMessage(table.server.fixedContextWindowLine)
                return .continue
            }
            var settings = self.settings
            do {
                say(try parameter.apply(&settings, [word]))
                self.settings = settings
            } catch {
                say(error.description)
                return .continue
            }
            if serverContext.modelMaximum == nil { await learnServerContext() }
            if let warning = contextLengthWarning() { warn(warning) }
            return .continue
        }
        if chosenContextLength == nil { await learnServerContext() }
        let server = backend.requestParameters
        let advice = server.contextWindowParameter == nil ? "it is \(server.contextWindowHint)" : "/ctx N sets one"
        sayMessage(ContextReport.describe(conversation.contextUsage, window: contextWindow, unknownWindowAdvice: advice))
        say(ContextReport.describePolicy(settings.contextPolicy, conversation: conversation))
        return .continue
    }

    private func contextPolicyCommand(_ word: String?) -> CommandOutcome {
        guard let word else {
            say(ContextReport.describePolicy(settings.contextPolicy, conversation: conversation))
            return .continue
        }
        guard let policy = ContextPolicy(rawValue: word.lowercased()) else {
            say("/ctx policy takes warn, trim or summarize, not '\(word)'.")
            return .continue
        }
        settings.contextPolicy = policy
        say("Context policy: \(policy.rawValue).")
        return .continue
    }
}
