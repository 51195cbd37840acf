import ChatEngine
import TachikomaCore
import TerminalText

/// `/show`: the server's description of the current model, laid out as `ollama run` prints it.
enum ShowCommand {
    /// Every topic this can render; a backend's `modelTopics` chooses among them.
    static let topics = ["info", "parameters", "template", "system", "modelfile", "license"]

    /// The text for one topic; nil for an unknown topic.
    static func render(_ topic: String, details: ModelDetails, settings: ChatSettings, table: SettingTable) -> String? {
        switch topic {
        case "info": return info(details)
        case "parameters": return parameters(details, settings: settings, table: table)
        case "template": return details.template.nonEmpty ?? "No prompt template was specified for this model."
        case "system":
            return settings.systemPrompt.nonEmpty ?? details.system.nonEmpty ?? "No system message was specified for this model."
        case "modelfile": return details.modelfile.nonEmpty ?? "The server did not send a Modelfile for this model."
        case "license": return details.license.nonEmpty ?? "No license was specified for this model."
        default: return nil
        }
    }

    static func info(_ details: ModelDetails) -> String {
        var rows: [(String, String)] = []
        if let value = details.architecture { rows.append(("architecture", value)) }
        if let value = details.parameterSize { rows.append(("parameters", value)) }
        if let value = details.contextLength { rows.append(("context length", String(value))) }
        if let value = details.embeddingLength { rows.append(("embedding length", String(value))) }
        if let value = details.quantization { rows.append(("quantization", value)) }
        var lines = ["  Model"]
        for (label, value) in rows {
            lines.append("    " + label.padding(toLength: 20, withPad: " ", startingAt: 0) + value)
        }
        if let capabilities = details.capabilities?.names, !capabilities.isEmpty {
            lines.append("")
            lines.append("  Capabilities")
            lines += capabilities.map { "    " + $0 }
        }
        if let parameters = details.parameters.nonEmpty {
            lines.append("")
            lines.append("  Parameters")
            lines += parameters.split(separator: "\n").map { "    " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// The model's parameters, then the ones set that the current server takes (`table`).
    static func parameters(_ details: ModelDetails, settings: ChatSettings, table: SettingTable) -> String {
        var lines: [String] = []
        if let parameters = details.parameters.nonEmpty {
            lines.append("Model defined parameters:")
            lines += parameters.split(separator: "\n").map(String.init)
        } else {
            lines.append("No parameters were specified for this model.")
        }
        let userSet = table.table(table.all.compactMap { parameter in
            parameter.current(settings).map { (parameter.name, $0) }
        })
        lines.append("")
        lines.append("User defined parameters:")
        lines += userSet
        return lines.joined(separator: "\n")
    }
}

extension Optional where Wrapped == String {
    /// The string, unless it is nil or only whitespace.
    var nonEmpty: String? {
        guard let self, !self.trimmingWhitespace().isEmpty else { return nil }
        return self
    }
}

extension ShowCommand {
    static func run(_ command: ParsedCommand, in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        let settings = context.settings
        // The server's backend says which topics it can describe.
        let topics = context.session.backend.modelTopics.filter(ShowCommand.topics.contains)
        let topic = command.arguments.first?.lowercased() ?? topics.first ?? "info"
        guard topics.contains(topic) else {
            let hint = Suggestions.closest(to: topic, among: topics).map { " Did you mean \($0)?" } ?? ""
            screen.say("Unknown /show topic '\(topic)'.\(hint) Topics: \(topics.joined(separator: ", ")).")
            return .continue
        }
        if topic == "system", let prompt = settings.systemPrompt.nonEmpty {
            screen.say(TerminalSanitizer.clean(prompt))
            return .continue
        }
        guard let manager = context.modelDescriber else {
            screen.say("This backend cannot describe its models.")
            return .continue
        }
        do {
            let details = try await manager.modelDetails(settings.model)
            // Template, license, Modelfile and parameters are the server's text.
            screen.say(TerminalSanitizer.clean(ShowCommand.render(topic, details: details, settings: settings, table: context.settingTable) ?? ""))
        } catch {
            screen.complain(Screen.describe(error))
        }
        return .continue
    }
}
