import ChatEngine
import TerminalText

/// Tab candidates, read from the command table: command names after `/`, then each command's own
/// candidates for its arguments.
enum CommandCompletion {
    /// Candidates that replace `context.word`, sorted, without duplicates.
    static func candidates(
        for context: ChatCompletionContext, table: CommandTable, sources: CompletionSources
    ) -> [String] {
        let before = context.textBeforeCursor
        guard before.first == "/" else { return [] }
        let word = context.word
        let fields = before.split(whereSeparator: \.isWhitespace).map(String.init)
        let typingFirstWord = fields.count <= 1 && !(before.last?.isWhitespace ?? false)
        if typingFirstWord {
            let prefix = word.hasPrefix("/") ? String(word.dropFirst()).lowercased() : word.lowercased()
            let names = table.commands.flatMap { command in
                command.allNames.filter { $0.hasPrefix(prefix) }
            }
            return unique(names.map { "/" + $0 })
        }
        guard let name = fields.first?.dropFirst(), let command = table.lookup(String(name)) else { return [] }
        // The arguments already complete, without the one being typed.
        var previous = Array(fields.dropFirst())
        if !word.isEmpty, previous.last == word { previous.removeLast() }
        var sources = sources
        sources.commandNames = table.commands.flatMap(\.allNames)
        let found = command.complete(previous, word, sources).filter { $0.hasPrefix(word) }
        return unique(found)
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }.sorted()
    }
}

extension CompletionSources {
    /// What a chat completes from: the server's models (cached), the saved sessions, the tools, the
    /// configured servers, the current server's `/show` topics and `/set` parameters. The line
    /// editor prints candidates as they are: a name the terminal would act on is not offered.
    static func chat(session: ChatSession, modelNames: ModelNameCache, servers: ServerChoice?) -> CompletionSources {
        let recorder = session.recorder
        let toolCatalog = session.tools
        let serverNames = (servers?.provider.servers.map(\.name) ?? []).filter(TerminalSanitizer.isClean)
        return CompletionSources(
            modelNames: { modelNames.cachedNames().filter(TerminalSanitizer.isClean) },
            sessionNames: { recorder.savedSessionNames().filter(TerminalSanitizer.isClean) },
            toolNames: { toolCatalog.names.filter(TerminalSanitizer.isClean) },
            serverNames: { serverNames },
            showTopics: { modelNames.showTopics() },
            settingTable: { SettingTable(modelNames.requestParameters()) })
    }
}
