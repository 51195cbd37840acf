import TachikomaCore

/// `/set`: Tachikoma's `PARAM VALUE` form and the longer and one-word forms other chat clients use,
/// over the parameters of the server the chat is on.
enum SetCommand {
    /// The one-word forms and the parameter and value they stand for.
    static let keywords: [String: (parameter: String, value: String?)] = [
        "think": ("think", nil), "nothink": ("think", "off"),
        "hidethinking": ("thinking", "hidden"), "showthinking": ("thinking", "shown"),
        "verbose": ("verbose", nil), "quiet": ("verbose", "off"),
        "wordwrap": ("wordwrap", nil), "nowordwrap": ("wordwrap", "off"),
        "noformat": ("format", "off"),
        "history": ("history", nil), "nohistory": ("history", "off"),
    ]

    /// `/help set` on a server that takes `table`'s parameters.
    static func help(for table: SettingTable) -> String {
        var lines = [
            "/set PARAM VALUE changes a parameter for the rest of the session; VALUE off resets one",
            "to the model's default. Longer forms work too: /set parameter NAME VALUE, /set system TEXT,",
            "/set think [low|medium|high|max]|nothink, /set hidethinking|showthinking, /set verbose|quiet,",
            "/set wordwrap|nowordwrap, /set history|nohistory,",
            "/set format json or a JSON schema, /set noformat. Quote a value with spaces: /set stop a \"c d\".",
            "",
            "Parameters on \(table.server.serverKind):",
        ]
        let width = table.names.map(\.count).max() ?? 0
        for parameter in table.all {
            let aliases = parameter.aliases.isEmpty ? "" : " (also " + parameter.aliases.joined(separator: ", ") + ")"
            lines.append("  " + parameter.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + parameter.valueHelp + aliases)
        }
        lines.append("  " + "system".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "the system prompt")
        if table.server.contextWindowParameter == nil {
            lines.append("")
            lines.append("The context window is \(table.server.contextWindowHint).")
        }
        return lines.joined(separator: "\n")
    }

    /// Tab candidates after `/set`.
    static func completions(previous: [String], table: SettingTable) -> [String] {
        var previous = previous.map { $0.lowercased() }
        if previous.first == "parameter" { previous.removeFirst() }
        guard let name = previous.first else {
            return table.names + ["system", "parameter"] + keywords.keys
        }
        guard previous.count == 1, let parameter = table.named(name) else { return [] }
        return parameter.suggestedValues
    }

    /// What `/set …` means: which parameter gets which words, or the system prompt's text.
    enum Target: Equatable {
        /// `/set` alone: show what is set.
        case overview
        case parameter(String, [String])
        case system(String)
        /// A name for the context window, on a server where no request sets it.
        case fixedContextWindow
    }

    /// What `command` asks of `table`; a parameter by the name `table` knows it by.
    static func target(of command: ParsedCommand, table: SettingTable) throws(SettingError) -> Target {
        var words = command.arguments
        guard let first = words.first?.lowercased() else { return .overview }
        if first == "system" {
            return .system(textAfter(first: "system", in: command.argumentText))
        }
        var consumed = 1
        if first == "parameter" {
            words.removeFirst()
            consumed = 2
            guard words.first != nil else { throw SettingError("/set parameter needs a name and a value, e.g. /set parameter temperature 0.7") }
        }
        let name = words.removeFirst().lowercased()
        let rest = QuotedWords.dropping(consumed, wordsOf: command.argumentText)
        if let keyword = keywords[name] {
            if let value = keyword.value {
                guard rest.isEmpty else { throw SettingError("/set \(name) takes no value") }
                return .parameter(keyword.parameter, [value])
            }
            return .parameter(keyword.parameter, rest.isEmpty ? ["on"] : QuotedWords.split(rest))
        }
        guard let parameter = table.named(name) else {
            if table.server.namesContextWindow(name) { return .fixedContextWindow }
            let known = table.names + ["system"] + keywords.keys
            if let near = Suggestions.closest(to: name, among: known) {
                throw SettingError("Unknown parameter '\(name)'. Did you mean \(near)? /help set lists them.")
            }
            throw SettingError("\(table.server.capitalizedServerKind) takes no parameter '\(name)'; /help set lists the ones it does.")
        }
        // A JSON schema has quotes and spaces of its own: it is one value, taken as typed.
        if parameter.name == "format" { return .parameter(parameter.name, rest.isEmpty ? [] : [rest]) }
        return .parameter(parameter.name, QuotedWords.split(rest))
    }

    /// The text after a leading word, kept as typed (spaces and newlines included).
    private static func textAfter(first word: String, in text: String) -> String {
        guard let range = text.range(of: word, options: [.caseInsensitive, .anchored]) else { return text }
        return unquoteBlock(String(text[range.upperBound...]).trimmingWhitespace())
    }

    /// Removes surrounding `"""` or `"` quotes from free text.
    static func unquoteBlock(_ text: String) -> String {
        for quote in ["\"\"\"", "\""] where text.count >= 2 * quote.count && text.hasPrefix(quote) && text.hasSuffix(quote) {
            return String(text.dropFirst(quote.count).dropLast(quote.count)).trimmingWhitespace()
        }
        return text
    }
}

extension SetCommand {
    static func run(_ command: ParsedCommand, in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        do {
            let table = context.settingTable
            switch try SetCommand.target(of: command, table: table) {
            case .system(let text):
                guard !text.isEmpty else {
                    screen.say("/set system needs the text of the system prompt.")
                    return .continue
                }
                return BuiltinCommands.system(text, in: context)
            case .overview:
                // A server's rarely changed options (a runner's threads, GPU layers…) are listed only once set.
                let settings = context.settings
                let style = screen.style
                let shown = table.all.compactMap { parameter -> (String, String)? in
                    let value = parameter.current(settings)
                    if value == nil, !table.isListedWhenUnset(parameter.name) { return nil }
                    return (parameter.name, value ?? style.dim("model default"))
                }
                for row in table.table(shown) { screen.say("  " + row) }
                if let kept = context.carryOver.unsentParameterNote(on: table.server) { screen.sayNote(kept) }
                screen.say("/set PARAM VALUE changes one; /help set explains them.")
            case .fixedContextWindow:
                screen.sayMessage(table.server.fixedContextWindowLine)
            case .parameter(let name, let words):
                guard let parameter = table.named(name) else { return .continue }
                var settings = context.settings
                screen.say(try parameter.apply(&settings, words))
                context.settings = settings
                if parameter.name == table.server.contextWindowParameter?.name, let warning = context.contextWindow.lengthWarning() {
                    screen.warn(warning)
                }
                // As `ollama run` warns: thinking asked of a model that does not think.
                if parameter.name == "think", settings.think?.asksToThink == true {
                    _ = await context.session.capabilities(of: settings.model)
                    if let warning = context.session.thinkingWarning() { screen.warn(warning) }
                }
            }
        } catch {
            screen.say(error.description)
        }
        return .continue
    }
}
