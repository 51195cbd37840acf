import TachikomaCore

/// `/set`: Tachikoma's `PARAM VALUE` form and every form `ollama run` accepts.
enum SetCommand {
    /// Ollama's one-word forms and the parameter and value they stand for.
    static let keywords: [String: (parameter: String, value: String?)] = [
        "think": ("think", nil), "nothink": ("think", "off"),
        "verbose": ("verbose", nil), "quiet": ("verbose", "off"),
        "wordwrap": ("wordwrap", nil), "nowordwrap": ("wordwrap", "off"),
        "noformat": ("format", "off"),
        "history": ("history", nil), "nohistory": ("history", "off"),
    ]

    static var help: String {
        var lines = [
            "/set PARAM VALUE changes a parameter for the rest of the session; VALUE off resets one",
            "to the model's default. Ollama's forms work too: /set parameter NAME VALUE, /set system TEXT,",
            "/set think|nothink, /set verbose|quiet, /set wordwrap|nowordwrap, /set history|nohistory,",
            "/set format json or a JSON schema, /set noformat. Quote a value with spaces: /set stop a \"c d\".",
            "",
        ]
        let width = SettingParameter.names.map(\.count).max() ?? 0
        for parameter in SettingParameter.all {
            lines.append("  " + parameter.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + parameter.valueHelp)
        }
        lines.append("  " + "system".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "the system prompt")
        return lines.joined(separator: "\n")
    }

    /// Tab candidates after `/set`.
    static func completions(previous: [String]) -> [String] {
        var previous = previous.map { $0.lowercased() }
        if previous.first == "parameter" { previous.removeFirst() }
        guard let name = previous.first else {
            return SettingParameter.names + ["system", "parameter"] + keywords.keys
        }
        guard previous.count == 1, let parameter = SettingParameter.named(name) else { return [] }
        return parameter.suggestedValues
    }

    /// What `/set …` means: which parameter gets which words, or the system prompt's text.
    enum Target: Equatable {
        /// `/set` alone: show what is set.
        case overview
        case parameter(String, [String])
        case system(String)
    }

    static func target(of command: ParsedCommand) throws(SettingError) -> Target {
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
        guard SettingParameter.named(name) != nil else {
            let known = SettingParameter.names + ["system"] + keywords.keys
            let hint = Suggestions.closest(to: name, among: known).map { " Did you mean \($0)?" } ?? ""
            throw SettingError("Unknown parameter '\(name)'.\(hint) /help set lists them.")
        }
        // A JSON schema has quotes and spaces of its own: it is one value, taken as typed.
        if name == "format" { return .parameter(name, rest.isEmpty ? [] : [rest]) }
        return .parameter(name, QuotedWords.split(rest))
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

extension ChatREPL {
    func setCommand(_ command: ParsedCommand) -> CommandOutcome {
        do {
            switch try SetCommand.target(of: command) {
            case .system(let text):
                guard !text.isEmpty else {
                    say("/set system needs the text of the system prompt.")
                    return .continue
                }
                return systemCommand(text)
            case .overview:
                // Ollama's further options (num_gpu, mirostat, …) are listed only once set.
                let shown = SettingParameter.all.compactMap { parameter -> (String, String)? in
                    let value = parameter.current(settings)
                    if value == nil, SettingParameter.ollamaOptions.contains(where: { $0.name == parameter.name }) { return nil }
                    return (parameter.name, value ?? style.dim("model default"))
                }
                for row in SettingParameter.table(shown) { say("  " + row) }
                say("/set PARAM VALUE changes one; /help set explains them.")
            case .parameter(let name, let words):
                guard let parameter = SettingParameter.named(name) else { return .continue }
                var settings = self.settings
                say(try parameter.apply(&settings, words))
                self.settings = settings
                if parameter.name == "num_ctx", let warning = contextLengthWarning() { warn(warning) }
            }
        } catch {
            say(error.description)
        }
        return .continue
    }
}
