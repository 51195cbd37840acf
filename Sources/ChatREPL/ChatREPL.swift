import Foundation
import TachikomaCore

/// The interactive chat: reads the prompt, runs slash commands, streams answers.
///
/// Talks to any `Backend`; model listing, details and pulls use `ModelManaging` when the backend
/// offers it. Create one, then `await run()` and exit with the code it returns.
public final class ChatREPL {
    let backend: any Backend
    var settings: ChatSettings {
        didSet {
            conversation.model = settings.model
            conversation.systemPrompt = settings.systemPrompt
        }
    }
    var conversation: Conversation
    let input: any ChatInput
    let output: any ChatOutput
    let reader: InputReader
    let modelNames: ModelNameCache
    let commands: CommandTable
    /// Cancels the answer being streamed; Ctrl-C calls it, and tests may.
    let interrupter = TurnInterrupter()
    private let handlesSignals: Bool
    var handlesSignalsForTurns: Bool { handlesSignals }
    private let terminationWatcher = SignalWatcher()

    var style: TerminalStyle { TerminalStyle(enabled: settings.color) }
    var modelManager: (any ModelManaging)? { backend as? any ModelManaging }

    /// - Parameters:
    ///   - backend: where answers come from.
    ///   - settings: the model, options and display preferences to start with.
    ///   - input: the line editor (or a script in tests).
    ///   - output: where everything is written; `StandardOutput()` for the terminal.
    ///   - handlesSignals: watch SIGINT while an answer streams and SIGTERM/SIGHUP throughout;
    ///     off in tests, which interrupt through `interrupter` instead.
    public init(
        backend: any Backend, settings: ChatSettings, input: any ChatInput, output: any ChatOutput = StandardOutput(),
        handlesSignals: Bool = true
    ) {
        self.backend = backend
        self.settings = settings
        self.conversation = Conversation(model: settings.model, systemPrompt: settings.systemPrompt)
        self.input = input
        self.output = output
        self.reader = InputReader(input)
        self.modelNames = ModelNameCache(backend: backend as? any ModelManaging)
        self.commands = CommandTable.builtin
        self.handlesSignals = handlesSignals
    }

    /// Runs until /bye, Ctrl-D or a termination signal. Returns the exit code: 0 when the user left,
    /// 128 + the signal number after SIGTERM or SIGHUP.
    public func run() async -> Int32 {
        installCompletion()
        if handlesSignals {
            terminationWatcher.start([SIGTERM, SIGHUP]) { [reader, interrupter] signalNumber in
                interrupter.recordTermination(signalNumber)
                interrupter.interrupt()
                reader.terminate(signalNumber)
            }
        }
        let terminalMode = TerminalModeGuard()
        defer {
            terminationWatcher.stop()
            input.restoreTerminal()
        }
        await showBanner()
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
                if let signalNumber = interrupter.terminationSignal {
                    output.write(style.reset)
                    return 128 + signalNumber
                }
            }
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
        return await command.action(self, parsed)
    }

    /// Sends a user message and streams the answer.
    func send(_ text: String) async {
        conversation.appendUser(text)
        await generateAnswer()
    }

    // MARK: - Writing

    /// Writes one line.
    func say(_ line: String) {
        output.write(line + "\n")
    }

    /// Writes a line explaining what went wrong.
    func complain(_ line: String) {
        say(style.error("error: ") + line)
    }

    func warn(_ line: String) {
        say(style.warning("warning: ") + line)
    }

    // MARK: - Start

    private func showBanner() async {
        do {
            let health = try await backend.healthCheck()
            // Piped input gets answers only, as with `ollama run`.
            if input.isInteractive {
                let version = health.version.map { " (server \($0))" } ?? ""
                say(style.bold("tachikoma") + " · " + style.accent(settings.model) + version)
                say(style.dim("Type /? for help, Ctrl-D or /bye to exit."))
            }
            await checkModelIsPresent()
        } catch {
            if input.isInteractive { say(style.bold("tachikoma") + " · " + style.accent(settings.model)) }
            warn("\(Self.describe(error)); the next message will try again.")
        }
    }

    /// Says so at once when the model is not on the server, rather than at the first message.
    private func checkModelIsPresent() async {
        guard modelManager != nil, let models = try? await modelNames.refresh() else { return }
        let names = models.map(\.name)
        if !names.isEmpty, ModelNames.match(settings.model, in: names) == nil {
            warn("model '\(settings.model)' is not on the server; /model \(settings.model) pulls it, /model lists what is there.")
        }
    }

    private func installCompletion() {
        let table = commands
        let sources = CompletionSources(modelNames: { [modelNames] in modelNames.cachedNames() })
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

/// Model names as servers spell them: `llama3.2` and `llama3.2:latest` are the same model.
enum ModelNames {
    /// The server's spelling of `name`, when it has that model.
    static func match(_ name: String, in names: [String]) -> String? {
        if names.contains(name) { return name }
        if !name.contains(":"), names.contains(name + ":latest") { return name + ":latest" }
        return nil
    }

    static func same(_ lhs: String, _ rhs: String) -> Bool {
        normalized(lhs) == normalized(rhs)
    }

    private static func normalized(_ name: String) -> String {
        name.contains(":") ? name : name + ":latest"
    }
}
