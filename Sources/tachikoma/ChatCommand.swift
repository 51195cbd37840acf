import ArgumentParser
import ChatREPL
import Foundation
import LineEditor
import OllamaBackend
import TachikomaCore

/// `tachikoma` / `tachikoma chat`: the interactive chat.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Open the interactive chat (the default command).")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: [.short, .long], help: "The model to chat with (default: the config file's, else llama3.1:8b).")
    var model: String?

    @Option(help: "A system prompt for the conversation.")
    var system: String?

    @Flag(help: "Ask the model to think before answering (for thinking models).")
    var think = false

    @Flag(help: "Print statistics after each answer.")
    var verbose = false

    @Flag(name: .customLong("no-color"), help: "No colour or dimming (also: NO_COLOR=1).")
    var noColor = false

    func run() async throws {
        try await ChatLauncher(
            connection: connection, model: model, system: system, think: think, verbose: verbose, noColor: noColor
        ).run()
    }
}

/// Builds the backend, line editor and REPL from the settings, and runs the chat.
struct ChatLauncher {
    var connection: ConnectionOptions
    var model: String?
    var system: String?
    var think: Bool
    var verbose: Bool
    var noColor: Bool

    func run() async throws {
        let (backend, config) = try connection.makeBackend(model: model)
        let environment = ProcessInfo.processInfo.environment
        let editor: LineEditor
        do {
            editor = try LineEditor(
                configuration: LineEditorConfiguration(
                    programName: "tachikoma",
                    historyFile: config.historyFile ?? LineEditorConfiguration.defaultHistoryPath(environment: environment),
                    historyLimit: config.historySize,
                    editMode: EditMode(rawValue: config.editMode) ?? .emacs))
        } catch {
            throw CommandFailure(message: String(describing: error), exitCode: 1)
        }
        let settings = ChatSettings(
            model: backend.config.model,
            systemPrompt: system ?? config.system,
            options: config.options,
            think: (think || config.think) ? .enabled(true) : nil,
            verbose: verbose || config.verbose,
            wordWrap: config.wordWrap,
            color: config.color && !noColor && Console.standardOutput.acceptsEscapeCodes,
            toolsEnabled: config.tools,
            contextLength: config.contextLength)
        let repl = ChatREPL(
            backend: backend, settings: settings, input: editor,
            startupTimeout: .seconds(min(max(config.connectTimeout, 0), 3600)))
        let code = await repl.run()
        if let failure = repl.outputFailure { throw CommandFailure.output(failure) }
        if code != 0 { throw ExitCode(code) }
    }
}
