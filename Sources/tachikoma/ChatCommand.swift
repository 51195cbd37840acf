import ChatEngine
import ArgumentParser
import ChatREPL
import Foundation
import LineEditor
import OllamaBackend
import SessionStore
import TachikomaCore

/// `tachikoma` / `tachikoma chat`: the interactive chat.
struct ChatCommand: AsyncParsableCommand, ConnectingCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Open the interactive chat (the default command).")

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var keepAlive: KeepAliveOption

    @Option(name: [.short, .long], help: "The model to chat with (default: the config file's, else llama3.1:8b).")
    var model: String?

    @Option(help: "A system prompt for the conversation.")
    var system: String?

    @OptionGroup var thinking: ThinkingOptions

    @Flag(help: "Print statistics after each answer.")
    var verbose = false

    @Flag(name: .customLong("no-color"), help: "No colour or dimming (also: NO_COLOR=1).")
    var noColor = false

    @Flag(name: .customLong("no-markdown"), help: "Show answers as the model wrote them, without rendering their Markdown (also: \"markdown\": false).")
    var noMarkdown = false

    @Flag(help: "Continue a saved session: the one named after it, else the most recent (see `tachikoma sessions`).")
    var resume = false

    @Argument(help: ArgumentHelp("With --resume, the session to continue.", valueName: "NAME"))
    var sessionName: String?

    @Flag(name: .customLong("no-save"), help: "Keep this chat out of the session store (also: \"save_sessions\": false).")
    var noSave = false

    @Flag(inversion: .prefixedNo, help: "Offer tools to the model, or not (default: the config file's \"tools\"; /tools switches).")
    var tools: Bool?

    func validate() throws {
        if let sessionName, !resume {
            throw ValidationError("unexpected argument '\(sessionName)'; to continue a saved session: tachikoma --resume \(sessionName)")
        }
    }

    func run() async throws {
        try await ChatLauncher(
            connection: connection, model: model, system: system, think: thinking.setting,
            hidesThinking: thinking.hideThinking, verbose: verbose, noColor: noColor,
            resume: resume ? (sessionName.map(SessionReference.named) ?? .latest) : nil, noSave: noSave, tools: tools,
            keepAlive: keepAlive.keepAlive, noMarkdown: noMarkdown
        ).run()
    }
}

/// Builds the backend, line editor and REPL from the settings, and runs the chat.
struct ChatLauncher {
    var connection: ConnectionOptions
    var model: String?
    var system: String?
    /// `--think`; nil leaves the config's `think`.
    var think: ThinkSetting?
    var hidesThinking = false
    var verbose: Bool
    var noColor: Bool
    var resume: SessionReference? = nil
    var noSave = false
    /// `--tools` / `--no-tools`; nil leaves the config's choice.
    var tools: Bool? = nil
    /// `--keepalive`; nil leaves the config's `keep_alive`.
    var keepAlive: String? = nil
    /// `--no-markdown`: answers as sent, whatever the config says.
    var noMarkdown = false

    func run() async throws {
        let chosen = try connection.makeBackend(model: model, keepAlive: keepAlive)
        let (backend, config) = (chosen.backend, chosen.config)
        let servers = ServerChoice(provider: chosen.catalog, current: chosen.server)
        let environment = ProcessInfo.processInfo.environment
        // One spelling of the model everywhere: the server's (`sloth` is `sloth:latest` on Ollama).
        let model = backend.modelNaming.canonical(chosen.model)
        var settings = Self.settings(
            model: model, config: config, system: system, think: think, hidesThinking: hidesThinking,
            verbose: verbose, noColor: noColor, noMarkdown: noMarkdown)
        settings.toolsEnabled = tools ?? config.tools
        // As `ollama run` takes it: set to anything, the chat starts as after `/set nohistory`.
        if let noHistory = environment["OLLAMA_NOHISTORY"], !noHistory.isEmpty { settings.recordsHistory = false }
        let saving = noSave || !config.saveSessions ? SessionSaving.off : SessionSaving.open(environment: environment)
        // A session that cannot be resumed is said before the terminal is touched.
        let transcript = try resume.map { resume in
            guard case .store(let store) = saving else {
                throw CommandFailure(message: resume.unavailableMessage(saving), exitCode: 1)
            }
            return (try resume.load(from: store), store)
        }
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
        let timeout = Duration.seconds(min(max(config.connectTimeout, 0), 3600))
        let repl: ChatREPL
        if let (transcript, store) = transcript {
            repl = ChatREPL(
                backend: backend, resuming: transcript, settings: settings,
                modelOverride: self.model.map { _ in model }, store: store, input: editor, startupTimeout: timeout,
                servers: servers)
        } else {
            repl = ChatREPL(
                backend: backend, settings: settings, saving: saving, input: editor, startupTimeout: timeout, servers: servers)
        }
        repl.useTools(ToolWiring.setup(config))
        repl.attachmentSettings = AttachmentWiring.settings(config)
        repl.useClipboard(config.copyCommand.map(Clipboard.command) ?? .terminalSequence)
        let code = await repl.run()
        if let failure = repl.outputFailure { throw CommandFailure.output(failure) }
        if code != 0 { throw ExitCode(code) }
    }

    /// The chat's settings from the config file and the command line.
    static func settings(
        model: String, config: TachikomaConfig, system: String? = nil, think: ThinkSetting? = nil,
        hidesThinking: Bool = false, verbose: Bool = false, noColor: Bool = false, noMarkdown: Bool = false
    ) -> ChatSettings {
        var settings = ChatSettings(
            model: model,
            systemPrompt: system ?? config.system,
            options: config.options,
            think: think ?? config.think,
            verbose: verbose || config.verbose,
            wordWrap: config.wordWrap,
            color: config.color && !noColor && Console.standardOutput.acceptsEscapeCodes,
            markdown: config.markdown && !noMarkdown,
            toolsEnabled: config.tools,
            contextLength: config.contextLength,
            contextPolicy: config.contextPolicy)
        settings.hidesThinking = hidesThinking
        return settings
    }
}
