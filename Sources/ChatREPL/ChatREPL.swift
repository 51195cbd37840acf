import ChatEngine
import Foundation
import SignalRouting
import TachikomaCore
import TerminalText

/// The interactive chat: reads the prompt, runs slash commands, streams answers.
///
/// Talks to any `Backend`; model listing, details and pulls use `ModelListing`, `ModelDescribing`
/// and `ModelPulling` when the backend offers them. Create one, then `await run()` and exit with
/// the code it returns.
public final class ChatREPL {
    /// The conversation, its recorder, the backend and the tools: what every turn goes through.
    let session: ChatSession
    /// Where answers come from now; only `/server` replaces it (`ServerCommand.swift`).
    var backend: any Backend {
        get { session.backend }
        set { session.backend = newValue }
    }
    /// The servers `/server` switches between and the current one's name; nil when the chat has
    /// only the backend it was given.
    var servers: ServerChoice?
    /// The conversation's settings; setting them goes through `record(_:)`, which saves the change.
    var settings: ChatSettings {
        get { conversation.settings }
        set { record(.settings(newValue)) }
    }
    /// Changed only by `record(_:)`.
    var conversation: Conversation { session.conversation }
    /// Saves every change `record(_:)` makes.
    var recorder: SessionRecorder { session.recorder }
    /// The current model's context as the server reported it.
    var serverContext = ServerContext()
    let input: any ChatInput
    /// Every write goes through this gate, which Ctrl-C shuts while work is interrupted.
    let output: OutputGate
    let reader: InputReader
    let modelNames: ModelNameCache
    let commands: CommandTable
    /// Cancels the answer being streamed; Ctrl-C calls it, and tests may.
    let interrupter: TurnInterrupter
    private let handlesSignals: Bool
    var handlesSignalsForTurns: Bool { handlesSignals }
    let startupTimeout: Duration
    /// The tools the model may call, and their policies; `useTools` sets them before `run()`.
    var toolCatalog: ToolCatalog { session.tools }
    /// The models each message goes to at once while `/compare` is on; nil otherwise.
    var comparing: [CompareTarget]?
    /// The parameters of every server this chat has been on, so a value set on one is named when
    /// another does not take it (`ParameterCarryOver.swift`).
    var parametersSeen: [RequestParameter]

    var style: TerminalStyle { TerminalStyle(enabled: settings.color) }
    var modelLister: (any ModelListing)? { backend as? any ModelListing }
    var modelDescriber: (any ModelDescribing)? { backend as? any ModelDescribing }
    var modelPuller: (any ModelPulling)? { backend as? any ModelPulling }
    /// The server saved with each answer: the current one's name when there is a choice of servers;
    /// with one, sessions read as they always have.
    var recordedServerName: String? {
        guard let servers, servers.provider.servers.count > 1 else { return nil }
        return servers.current
    }
    /// Which names the current server takes to be the same model.
    var modelNaming: any ModelNaming { backend.modelNaming }
    /// What `/set` takes on the current server.
    var settingTable: SettingTable { SettingTable(backend.requestParameters) }

    /// - Parameters:
    ///   - backend: where answers come from.
    ///   - conversation: the settings (model, options, display preferences) and the messages to
    ///     start with: empty for a new chat, a saved session's to resume one.
    ///   - saving: where the conversation is saved.
    ///   - input: the line editor (or a script in tests).
    ///   - output: where everything is written; `StandardOutput()` for the terminal.
    ///   - handlesSignals: watch SIGINT while an answer streams or a command runs, and SIGTERM/SIGHUP
    ///     throughout; off in tests, which interrupt through `interrupter` instead.
    ///   - startupTimeout: the longest the start-up checks wait for the server before the prompt
    ///     shows (the connect timeout).
    ///   - servers: the servers `/server` can switch to, `backend` being the current one's.
    public init(
        backend: any Backend, conversation: Conversation, saving: SessionSaving = .off, input: any ChatInput,
        output: any TextOutput = StandardOutput(), handlesSignals: Bool = true, startupTimeout: Duration = .seconds(5),
        servers: ServerChoice? = nil
    ) {
        self.session = ChatSession(backend: backend, conversation: conversation, saving: saving)
        self.servers = servers
        self.input = input
        let interrupter = TurnInterrupter()
        self.interrupter = interrupter
        // Nobody reads any more: stop what is under way (closing its request) and leave.
        self.output = OutputGate(output, onFailure: { _ in interrupter.interrupt() })
        self.reader = InputReader(input)
        self.modelNames = ModelNameCache(
            backend: backend as? any ModelListing, showTopics: backend.modelTopics, parameters: backend.requestParameters)
        self.parametersSeen = backend.requestParameters.parameters
        self.commands = CommandTable.builtin
        self.handlesSignals = handlesSignals
        self.startupTimeout = startupTimeout
    }

    /// A new chat with `settings`.
    public convenience init(
        backend: any Backend, settings: ChatSettings, saving: SessionSaving = .off, input: any ChatInput,
        output: any TextOutput = StandardOutput(), handlesSignals: Bool = true, startupTimeout: Duration = .seconds(5),
        servers: ServerChoice? = nil
    ) {
        self.init(
            backend: backend, conversation: Conversation(settings: settings), saving: saving, input: input, output: output,
            handlesSignals: handlesSignals, startupTimeout: startupTimeout, servers: servers)
    }

    /// Continues a saved session: its messages and the settings it ended with.
    public convenience init(
        backend: any Backend, resuming transcript: SessionTranscript, settings: ChatSettings, modelOverride: String? = nil,
        store: any SessionStoring, input: any ChatInput, output: any TextOutput = StandardOutput(), handlesSignals: Bool = true,
        startupTimeout: Duration = .seconds(5), servers: ServerChoice? = nil
    ) {
        self.init(
            backend: backend, conversation: Conversation(resuming: transcript, settings: settings), saving: .store(store),
            input: input, output: output, handlesSignals: handlesSignals, startupTimeout: startupTimeout, servers: servers)
        recorder.attach(to: transcript.session)
        // A model named on the command line is a switch, recorded like /model.
        if let modelOverride, !backend.modelNaming.same(modelOverride, self.settings.model) { self.settings.model = modelOverride }
    }

    /// Offers the tools of `setup` to the model (while tool calling is on: `ChatSettings.toolsEnabled`,
    /// `/tools on`). Call before `run()`.
    public func useTools(_ setup: ToolSetup) {
        session.useTools(setup)
    }

    /// Runs until /bye, Ctrl-D or a termination signal. Returns the exit code: 0 when the user left,
    /// 128 + the signal number after SIGTERM or SIGHUP. Tools' processes (MCP servers) are stopped.
    public func run() async -> Int32 {
        let code = await runChat()
        await session.shutdown()
        return code
    }

    private func runChat() async -> Int32 {
        installCompletion()
        var termination: SignalSubscription?
        if handlesSignals {
            termination = SignalRouter.shared.subscribe(to: [SIGTERM, SIGHUP]) { [reader, interrupter] signalNumber in
                interrupter.recordTermination(signalNumber)
                interrupter.interrupt()
                reader.terminate(signalNumber)
            }
        }
        let terminalMode = TerminalModeGuard()
        defer {
            termination?.cancel()
            input.restoreTerminal()
        }
        await start()
        if let signalNumber = interrupter.terminationSignal {
            output.write(style.reset)
            return 128 + signalNumber
        }
        reportHistoryProblem()
        while true {
            switch await reader.read(prompt: ">>> ", continuationPrompt: "... ") {
            case .terminated(let signalNumber):
                // The line editor may be mid-read with the terminal in raw mode.
                terminalMode.restore(output: output)
                output.write(style.reset + "\n")
                return 128 + signalNumber
            case .input(.endOfFile):
                // The line editor has ended the line already.
                return 0
            case .input(.interrupted):
                say(style.dim("Use Ctrl-D or /bye to exit."))
            case .input(.text(let line)):
                if await handle(line) == .exit { return 0 }
            case .input(.message(let text)):
                await handleMessage(text)
            }
            if let signalNumber = interrupter.terminationSignal {
                output.write(style.reset)
                return 128 + signalNumber
            }
            if let failure = output.writeFailure { return failure.exitCode }
        }
    }

    /// One entered line: a slash command, or a message for the model.
    func handle(_ line: String) async -> CommandOutcome {
        guard !line.trimmingWhitespace().isEmpty else { return .continue }
        recordInHistory(line)
        let leading = line.drop { $0 == " " || $0 == "\t" }
        if leading.hasPrefix("//") {
            // A doubled slash sends a message that starts with one.
            await send(String(leading.dropFirst()))
            return .continue
        }
        guard let parsed = ParsedCommand(line) else {
            await send(line)
            return .continue
        }
        guard let command = commands.lookup(parsed.name) else {
            say(commands.unknownCommandMessage(parsed.name))
            return .continue
        }
        return await runInterruptibly(command, parsed)
    }

    /// A pasted block or a `"""` block: a message as it stands, even when it starts with `/`.
    func handleMessage(_ text: String) async {
        guard !text.trimmingWhitespace().isEmpty else { return }
        recordInHistory(text)
        await send(text)
    }

    /// Sends a user message and streams the answer.
    func send(_ text: String) async {
        if let comparing {
            await compare(text, with: comparing)
            return
        }
        guard await makeRoom(for: .user(text)) else { return }
        record(.userMessage(.user(text)))
        await generateAnswer()
    }

    // MARK: - Changing the conversation

    /// The one place the conversation changes: the session applies `change` and saves it; the chat
    /// forgets what it knew of the old model's context and says when saving stopped working.
    @discardableResult
    func record(_ change: ConversationChange) -> Bool {
        let oldModel = conversation.model
        session.serverName = recordedServerName
        let changed = session.record(change)
        if !modelNaming.same(oldModel, conversation.model) { serverContext = ServerContext() }
        if let failure = recorder.takeUnreportedFailure() {
            warn("\(failure.description); this chat is no longer saved.")
        }
        return changed
    }

    // MARK: - Writing

    /// Why the chat ended early, when writing its output failed; the caller says so.
    public var outputFailure: OutputFailure? { output.writeFailure }

    /// Writes one line.
    func say(_ line: String) {
        output.write(line + "\n")
    }

    /// Writes a line explaining what went wrong; it may quote the server, so it is sanitized.
    func complain(_ line: String) {
        sayMessage(TerminalSanitizer.clean(line), label: "error: ", styled: style.error("error: "))
    }

    /// Writes a warning; it may quote the server, so it is sanitized.
    func warn(_ line: String) {
        sayMessage(TerminalSanitizer.clean(line), label: "warning: ", styled: style.warning("warning: "))
    }

    /// Writes a dimmed note, broken between words at the terminal's width.
    func sayNote(_ text: String) {
        let lines = output.columns().map { HelpText.wrap(text, width: $0, hangingIndent: 0) } ?? [text]
        say(lines.map { style.dim($0) }.joined(separator: "\n"))
    }

    /// Writes one of our messages broken between words at the terminal's width, so no word is cut
    /// at the edge; `label` starts it, drawn as `styled`.
    func sayMessage(_ text: String, label: String = "", styled: String = "") {
        guard let width = output.columns() else {
            say(styled + text)
            return
        }
        var lines = (label + text).split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            HelpText.wrap(String(line), width: width, hangingIndent: 0)
        }
        if !label.isEmpty, let first = lines.first, first.hasPrefix(label.trimmingWhitespace()) {
            lines[0] = styled + first.dropFirst(min(label.count, first.count))
        }
        say(lines.joined(separator: "\n"))
    }

    // MARK: - Start

    /// The banner at once, then the checks of the server, bounded by `startupTimeout` and
    /// stopped by Ctrl-C, so the prompt never waits long on a server that does not answer.
    private func start() async {
        // Piped input gets answers only, as with `ollama run`.
        if input.isInteractive {
            // The server is named when there is a choice of them, so a person knows where they are.
            let server = recordedServerName.map { " · " + TerminalSanitizer.clean($0) } ?? ""
            say(style.bold("tachikoma") + " · " + style.accent(TerminalSanitizer.clean(settings.model)) + server)
            if let failure = recorder.takeUnreportedFailure() {
                warn("\(failure.description); this chat is not saved.")
            } else if let name = recorder.sessionName {
                sayNote("Resumed \"\(TerminalSanitizer.clean(name))\": \(conversation.entries.count) messages. /history shows them.")
            }
        }
        let timeout = startupTimeout
        let handle = REPLHandle(repl: self)
        let (version, interrupted, _) = await runInterruptibly { _ -> String? in
            await handle.repl.checkServer(within: timeout)
        }
        guard input.isInteractive else { return }
        if interrupted {
            sayNote("Skipped the server checks. Type /? for help, Ctrl-D or /bye to exit.")
        } else {
            let server = version.map { "Server \(TerminalSanitizer.clean($0)). " } ?? ""
            sayNote(server + "Type /? for help, Ctrl-D or /bye to exit.")
        }
    }

    /// Whether the server answers and has the model, within `timeout`; the server's version
    /// when it answered. Warns otherwise.
    private func checkServer(within timeout: Duration) async -> String? {
        let backend = self.backend
        let modelNames = self.modelNames
        let managesModels = modelLister != nil
        let model = settings.model
        let outcome = await Deadline.run(within: timeout) { () async throws -> (HealthStatus, [String]?, ServerContext) in
            let health = try await backend.healthCheck()
            // The rest go out together: start-up waits for the slowest, not for their sum.
            async let names = managesModels ? try? await modelNames.refresh().map(\.name) : nil
            async let context = Self.fetchServerContext(backend: backend, model: model)
            return (health, await names, await context)
        }
        switch outcome {
        case .finished(let (health, names, context)):
            if model == settings.model { serverContext = context }
            // Says so at once when the model is not on the server, rather than at the first message.
            if let names, !names.isEmpty, modelNaming.match(settings.model, in: names) == nil {
                let pulls = modelPuller != nil ? "/model \(settings.model) pulls it, " : ""
                warn("model '\(settings.model)' is not on the server; \(pulls)/model lists what is there.")
            }
            return health.version
        case .failed(let error):
            warn("\(Self.describe(error)); the next message will try again.")
        case .timedOut:
            warn("the server has not answered within \(Deadline.describe(timeout)); the next message will try again.")
        case .cancelled:
            break
        }
        return nil
    }

    private func installCompletion() {
        let table = commands
        // The line editor prints candidates as they are: a name the terminal would act on is not offered.
        let recorder = self.recorder
        let serverNames = (servers?.provider.servers.map(\.name) ?? []).filter(TerminalSanitizer.isClean)
        let sources = CompletionSources(
            modelNames: { [modelNames] in modelNames.cachedNames().filter(TerminalSanitizer.isClean) },
            sessionNames: { recorder.savedSessionNames().filter(TerminalSanitizer.isClean) },
            toolNames: { [toolCatalog] in toolCatalog.names.filter(TerminalSanitizer.isClean) },
            serverNames: { serverNames },
            showTopics: { [modelNames] in modelNames.showTopics() },
            settingTable: { [modelNames] in SettingTable(modelNames.requestParameters()) })
        input.setCompletionHandler { context in
            CommandCompletion.candidates(for: context, table: table, sources: sources)
        }
    }

    /// One line for any error: the backend's own description where it has one.
    static func describe(_ error: any Error) -> String {
        if let error = error as? BackendError { return error.description }
        return String(describing: error)
    }
}
