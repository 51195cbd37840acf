import ChatEngine
import Foundation
import SignalRouting
import TachikomaCore
import TerminalText

/// The interactive chat: reads the prompt, dispatches slash commands from the command table (each
/// runs against a `CommandContext`, not the chat), and renders the answers as they stream.
///
/// Talks to any `Backend`; model listing, details and pulls use `ModelListing`, `ModelDescribing`
/// and `ModelPulling` when the backend offers them. Create one, then `await run()` and exit with
/// the code it returns.
public final class ChatREPL {
    /// The conversation, its recorder, the backend and the tools: what every turn goes through.
    let session: ChatSession
    /// Where everything is written; every write goes through the gate Ctrl-C shuts.
    let screen: Screen
    let input: any ChatInput
    let reader: InputReader
    /// Cancels the answer being streamed; Ctrl-C calls it, and tests may.
    let interrupter: TurnInterrupter
    private let handlesSignals: Bool
    /// Runs answers, commands and the start-up checks so that Ctrl-C stops them.
    let work: InterruptibleWork
    let commands: CommandTable
    // What commands reach besides the session and the screen (`CommandContext`).
    let prompt: Prompt
    let history: InputHistory
    let serverSelection: ServerSelection
    let carryOver: ParameterCarryOver
    let modelNames: ModelNameCache
    let contextWindow: ContextWindowKnowledge
    let compareMode: CompareMode
    let attachments = ChatAttachments()

    /// The limits of one message's attachments and the models the config marks as seeing.
    public var attachmentSettings: AttachmentSettings {
        get { attachments.settings }
        set { attachments.settings = newValue }
    }
    /// Where `/copy` puts text (`copy_command`, else the terminal's clipboard sequence).
    private(set) var clipboard = Clipboard.terminalSequence

    /// What a command works with: the session, the screen and the chat's services for commands.
    var commandContext: CommandContext {
        CommandContext(
            session: session, screen: screen, prompt: prompt, history: history, work: work, answers: answering,
            servers: serverSelection, carryOver: carryOver, modelNames: modelNames, contextWindow: contextWindow,
            compareMode: compareMode, commands: commands, attachments: attachments, clipboard: clipboard)
    }

    /// The conversation's settings; setting them goes through `record(_:)`, which saves the change.
    var settings: ChatSettings {
        get { conversation.settings }
        set { record(.settings(newValue)) }
    }
    /// Changed only by `record(_:)`.
    var conversation: Conversation { session.conversation }
    var output: OutputGate { screen.output }
    var style: TerminalStyle { screen.style }
    /// The servers `/server` switches between and the current one's name; nil when the chat has
    /// only the backend it was given.
    var servers: ServerChoice? { serverSelection.choice }
    /// The models each message goes to at once while `/compare` is on; nil otherwise.
    var comparing: [CompareTarget]? { compareMode.targets }

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
        let session = ChatSession(backend: backend, conversation: conversation, saving: saving)
        self.session = session
        self.input = input
        let interrupter = TurnInterrupter()
        self.interrupter = interrupter
        // Nobody reads any more: stop what is under way (closing its request) and leave.
        let screen = Screen(
            output: OutputGate(output, onFailure: { _ in interrupter.interrupt() }), colored: { session.settings.color })
        self.screen = screen
        let reader = InputReader(input)
        self.reader = reader
        self.handlesSignals = handlesSignals
        self.work = InterruptibleWork(screen: screen, interrupter: interrupter, input: input, handlesSignals: handlesSignals)
        self.commands = CommandTable.builtin
        self.prompt = Prompt(reader: reader, input: input, interrupter: interrupter)
        self.history = InputHistory(input: input, session: session, screen: screen)
        self.serverSelection = ServerSelection(servers, timeout: startupTimeout)
        self.carryOver = ParameterCarryOver(session: session)
        self.modelNames = ModelNameCache(
            backend: backend as? any ModelListing, showTopics: backend.modelTopics, parameters: backend.requestParameters)
        self.contextWindow = ContextWindowKnowledge(session: session)
        self.compareMode = CompareMode()
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
        session.recorder.attach(to: transcript.session)
        // A model named on the command line is a switch, recorded like /model.
        if let modelOverride, !backend.modelNaming.same(modelOverride, self.settings.model) { self.settings.model = modelOverride }
    }

    /// Offers the tools of `setup` to the model (while tool calling is on: `ChatSettings.toolsEnabled`,
    /// `/tools on`). Call before `run()`.
    public func useTools(_ setup: ToolSetup) {
        session.useTools(setup)
    }

    /// Has `/copy` put text where `clipboard` says. Call before `run()`.
    public func useClipboard(_ clipboard: Clipboard) {
        self.clipboard = clipboard
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
        history.reportProblem()
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
                screen.say(style.dim("Use Ctrl-D or /bye to exit."))
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
        history.record(line)
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
            screen.say(commands.unknownCommandMessage(parsed.name))
            return .continue
        }
        // Ctrl-C stops the command and returns to the prompt.
        let context = commandContext
        let (outcome, interrupted, _) = await work.run { _ in await command.action(context, parsed) }
        return interrupted ? .continue : outcome
    }

    /// A pasted block or a `"""` block: a message as it stands, even when it starts with `/`.
    func handleMessage(_ text: String) async {
        guard !text.trimmingWhitespace().isEmpty else { return }
        history.record(text)
        await send(text)
    }

    /// Sends a user message and streams the answer.
    func send(_ text: String) async {
        if let comparing {
            await CompareCommand.send(text, to: comparing, in: commandContext)
            return
        }
        if session.knownToEmbedOnly(settings.model) {
            screen.sayMessage(ModelAbilityCheck.embeddingLine(settings.model))
            return
        }
        let context = commandContext
        guard let message = await context.composeMessage(text), await context.makeRoom(for: message) else { return }
        record(.userMessage(message))
        await generateAnswer()
    }

    // MARK: - Changing the conversation

    /// The one place the conversation changes (see `CommandContext.record(_:)`).
    @discardableResult
    func record(_ change: ConversationChange) -> Bool {
        commandContext.record(change)
    }

    /// Why the chat ended early, when writing its output failed; the caller says so.
    public var outputFailure: OutputFailure? { output.writeFailure }

    /// Sends `transcript`'s user messages to `model` one by one (`ReplayCommand.replay`), and goes
    /// on in the new session. Returns false when a turn failed or was interrupted.
    @discardableResult
    public func replay(_ transcript: SessionTranscript, with model: String) async -> Bool {
        await ReplayCommand.replay(transcript, with: model, in: commandContext)
    }

    // MARK: - Start

    /// The banner at once, then the checks of the server, bounded by the start-up timeout and
    /// stopped by Ctrl-C, so the prompt never waits long on a server that does not answer.
    private func start() async {
        // Piped input gets answers only, as with `ollama run`.
        if input.isInteractive {
            // The server is named when there is a choice of them, so a person knows where they are.
            let server = serverSelection.recordedName.map { " · " + TerminalSanitizer.clean($0) } ?? ""
            screen.say(style.bold("tachikoma") + " · " + style.accent(TerminalSanitizer.clean(settings.model)) + server)
            if let failure = session.recorder.takeUnreportedFailure() {
                screen.warn("\(failure.description); this chat is not saved.")
            } else if let name = session.recorder.sessionName {
                screen.sayNote("Resumed \"\(TerminalSanitizer.clean(name))\": \(conversation.entries.count) messages. /history shows them.")
            }
        }
        let timeout = serverSelection.timeout
        let context = commandContext
        let (version, interrupted, _) = await work.run { _ -> String? in
            await ServerCheck.run(within: timeout, in: context)
        }
        guard input.isInteractive else { return }
        if interrupted {
            screen.sayNote("Skipped the server checks. Type /? for help, Ctrl-D or /bye to exit.")
        } else {
            ModelAbilityCheck.report(in: context)
            let server = version.map { "Server \(TerminalSanitizer.clean($0)). " } ?? ""
            screen.sayNote(server + "Type /? for help, Ctrl-D or /bye to exit.")
        }
    }

    private func installCompletion() {
        let table = commands
        let sources = CompletionSources.chat(session: session, modelNames: modelNames, servers: servers)
        input.setCompletionHandler { context in
            CommandCompletion.candidates(for: context, table: table, sources: sources)
        }
    }
}
