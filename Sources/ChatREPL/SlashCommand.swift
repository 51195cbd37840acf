/// What a command takes after its name.
enum ArgumentShape: Sendable, Hashable {
    case none
    /// An argument that may be left out, e.g. `[NAME]`.
    case optional(String)
    /// An argument that must be given, e.g. `PARAM VALUE`.
    case required(String)
    /// Several parts, shown as written, e.g. `[NAME] [--all]`.
    case shown(String)

    var usage: String {
        switch self {
        case .none: return ""
        case .optional(let label): return "[\(label)]"
        case .required(let label), .shown(let label): return label
        }
    }
}

/// What the REPL does after a command.
enum CommandOutcome: Sendable, Hashable {
    case `continue`
    case exit
}

/// A slash command as it was typed: `/set temperature 0.7` → name `set`, arguments `temperature`, `0.7`.
struct ParsedCommand: Sendable, Hashable {
    /// Without the slash, lowercased.
    var name: String
    /// Everything after the name, trimmed; kept whole for commands taking free text (`/system`).
    var argumentText: String
    /// `argumentText` split at whitespace.
    var arguments: [String]

    /// Parses a line that starts with `/`; nil for anything else.
    init?(_ line: String) {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.first == "/" else { return nil }
        let body = trimmed.dropFirst()
        let nameEnd = body.firstIndex { $0.isWhitespace } ?? body.endIndex
        name = body[..<nameEnd].lowercased()
        argumentText = String(body[nameEnd...]).trimmingWhitespace()
        arguments = argumentText.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}

/// One slash command: everything `/help`, Tab completion, suggestions and dispatch need.
struct SlashCommand: Sendable {
    /// Without the slash.
    var name: String
    var aliases: [String] = []
    var arguments: ArgumentShape = .none
    /// One line for the `/help` list.
    var summary: String
    /// What `/help NAME` adds.
    var help: String
    /// What `/help NAME` adds on the server the chat is on, when that differs by server (the
    /// parameters `/set` takes); `help` is the text for a server that declares none.
    var currentHelp: (@Sendable (CommandContext) -> String)? = nil
    /// Candidates for the argument being typed: given the arguments before it and its prefix.
    var complete: @Sendable (_ previous: [String], _ prefix: String, _ sources: CompletionSources) -> [String] = { _, _, _ in [] }
    /// What the command does, with what it may reach of the chat (`CommandContext`).
    var action: @Sendable (CommandContext, ParsedCommand) async -> CommandOutcome

    /// `/name [ARG]` as help shows it.
    var usage: String {
        let arguments = self.arguments.usage
        return arguments.isEmpty ? "/\(name)" : "/\(name) \(arguments)"
    }

    var allNames: [String] { [name] + aliases }
}

/// Where completion finds what is not fixed: the server's models and the command table itself.
struct CompletionSources: Sendable {
    var modelNames: @Sendable () -> [String]
    var sessionNames: @Sendable () -> [String] = { [] }
    /// The chat's tool names, once loaded (`/tools enable|disable`).
    var toolNames: @Sendable () -> [String] = { [] }
    /// The configured servers' names, for `/server`.
    var serverNames: @Sendable () -> [String] = { [] }
    /// The current server's `/show` topics; by default every topic `/show` can render.
    var showTopics: @Sendable () -> [String] = { ShowCommand.topics }
    /// What `/set` takes on the current server; by default only the chat's own settings.
    var settingTable: @Sendable () -> SettingTable = { SettingTable(.chatSettingsOnly) }
    /// Every command name and alias, without slashes; filled in from the table being completed.
    var commandNames: [String] = []
}

/// The commands, looked up by name or alias.
struct CommandTable: Sendable {
    let commands: [SlashCommand]

    init(_ commands: [SlashCommand]) {
        self.commands = commands
    }

    func lookup(_ name: String) -> SlashCommand? {
        let name = name.lowercased()
        return commands.first { $0.allNames.contains(name) }
    }

    /// The closest command to a mistyped name, with its slash; nil when nothing is close.
    func suggestion(for name: String) -> String? {
        Suggestions.closest(to: name.lowercased(), among: commands.flatMap(\.allNames)).map { "/" + $0 }
    }

    /// The line a user sees for an unknown command.
    func unknownCommandMessage(_ name: String) -> String {
        if let suggestion = suggestion(for: name) {
            return "Unknown command '/\(name)'. Did you mean \(suggestion)? Type /? for help."
        }
        return "Unknown command '/\(name)'. Type /? for help."
    }
}
