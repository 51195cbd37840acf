import ArgumentParser
import ChatEngine
import ChatREPL
import Foundation
import HTTPStreaming
import OllamaBackend
import TachikomaCore
import TerminalText

/// `tachikoma run MODEL [PROMPT…]`: one answer, streamed to stdout token by token.
struct RunCommand: AsyncParsableCommand, ConnectingCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Answer one prompt, streamed to stdout.",
        discussion: """
            The prompt is the words after the model; when stdin is not a terminal it is read from stdin \
            (and put before any words given). With no prompt on a terminal, opens the chat with MODEL. \
            A thinking model's thinking goes to stderr. With an embedding model, prints the embedding of \
            the text as one JSON array line instead.
            """)

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var keepAlive: KeepAliveOption

    @Argument(help: "The model, e.g. llama3.1:8b.")
    var model: String

    @Argument(help: "The prompt.")
    var prompt: [String] = []

    @Option(
        name: [.customShort("i"), .customLong("image")],
        help: ArgumentHelp("Attach a picture (JPEG, PNG, WebP; WAV for audio models); repeatable.", valueName: "file"))
    var images: [String] = []

    @Option(
        name: [.customShort("f"), .customLong("file")],
        help: ArgumentHelp("Attach a text file, or a folder's text files, as a fenced block; repeatable.", valueName: "file"))
    var files: [String] = []

    @Option(help: "A system prompt.")
    var system: String?

    @OptionGroup var thinking: ThinkingOptions

    @OptionGroup var embedding: EmbeddingOptions

    @Option(help: ArgumentHelp("The answer's format: json, or a JSON schema.", valueName: "json|schema"))
    var format: String?

    @Flag(help: "Print statistics (durations, token counts and rates) to stderr after the answer.")
    var verbose = false

    @Flag(name: .customLong("no-stream"), help: "Print the answer only once it is complete.")
    var noStream = false

    @Flag(
        help: """
            Write the model's text exactly as it came, even to a terminal. By default a terminal gets \
            it with escape sequences and control characters removed, so an answer cannot retitle the \
            window, write the clipboard or redraw the screen; a pipe or a file always gets it exactly.
            """)
    var raw = false

    @Flag(name: .customLong("no-markdown"), help: "On a terminal, show the answer as the model wrote it instead of rendering its Markdown (also: \"markdown\": false).")
    var noMarkdown = false

    @Flag(name: [.customShort("x"), .customLong("extract")], help: "Print only the contents of the answer's fenced code blocks, each ended by a newline (exit 1 when it has none).")
    var extract = false

    @Flag(name: .customLong("extract-last"), help: "Print only the contents of the answer's last fenced code block.")
    var extractLast = false

    @Flag(help: "Let the model call tools (the chat's built-ins and configured tools), as many rounds as tool_rounds allows.")
    var tools = false

    @Flag(help: "With --tools, run tools whose policy is ask without asking (by default they are refused here).")
    var yes = false

    func validate() throws {
        if yes, !tools { throw ValidationError("--yes only makes sense with --tools") }
        if extract, extractLast { throw ValidationError("use one of --extract and --extract-last") }
        if let format, format != "json", (try? JSONTextParser.parse(format))?.objectValue == nil {
            throw ValidationError("--format takes json or a JSON schema object, not '\(format)'")
        }
    }

    func run() async throws {
        let chosen = try connection.makeBackend(model: model, keepAlive: keepAlive.keepAlive)
        let (backend, config) = (chosen.backend, chosen.config)
        var text = prompt.joined(separator: " ")
        var piped: String?
        if isatty(STDIN_FILENO) == 0 {
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            piped = input
            text = [input, text].filter { !$0.isEmpty }.joined(separator: text.isEmpty ? "" : "\n")
        }
        let think = thinking.setting ?? config.think
        let settings = ChatSettings(
            model: chosen.model, systemPrompt: system ?? config.system, options: config.options,
            think: think, wordWrap: config.wordWrap, color: config.color,
            format: format.map { $0 == "json" ? .json : .schema((try? JSONTextParser.parse($0)) ?? .null) },
            contextLength: config.options.contextLength)
        let session = ChatSession(
            backend: backend, conversation: Conversation(settings: settings), saving: .off,
            tools: tools ? ToolWiring.setup(config, unattended: yes ? .approve : .refuse) : .noTools)
        // As `ollama run`: what the model is decides what happens (an embedding model embeds). Before
        // the chat opens, a server that does not answer is not waited for: the chat reports it.
        let opensChat = piped == nil && text.isEmpty && images.isEmpty && files.isEmpty
        let limit = opensChat ? Duration.seconds(min(max(config.connectTimeout, 0), 3600)) : nil
        if await Self.capabilities(of: chosen.model, in: session, within: limit)?.embedsOnly == true {
            await session.shutdown()
            try await embedding.run(text: EmbeddingOptions.text(arguments: prompt, piped: piped), model: chosen.model, on: backend)
            return
        }
        if opensChat {
            await session.shutdown()
            try await ChatLauncher(
                connection: connection, model: model, system: system, think: thinking.setting,
                hidesThinking: thinking.hideThinking, verbose: verbose, noColor: false, keepAlive: keepAlive.keepAlive,
                noMarkdown: noMarkdown
            ).run()
            return
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            await session.shutdown()
            throw CommandFailure.usage("no prompt: give one after the model name, or pipe it on stdin")
        }
        if let ignored = embedding.ignoredNote(model: chosen.model) { Console.standardError.writeMessage("warning: " + ignored) }
        if let warning = session.thinkingWarning() { Console.standardError.writeMessage("warning: " + warning) }
        let message = try await AttachmentWiring.runMessage(
            text, images: images, files: files, model: chosen.model, server: chosen.server, backend: backend, config: config)
        session.record(.userMessage(message))
        let stdout = Console.standardOutput
        let stderr = Console.standardError
        // Rendered on a terminal in colour, as the chat renders it; a pipe, a file and --raw get the exact text.
        let markdown = !raw && !noMarkdown && config.markdown && config.color && stdout.acceptsEscapeCodes
        let renderer = ResponseRenderer(
            output: stdout, style: TerminalStyle(enabled: config.color && stderr.acceptsEscapeCodes),
            // Wrapped between words as the chat wraps; a pipe, a file and --raw get the exact text.
            answer: .init(
                sanitizes: !raw && stdout.isTerminal, wraps: !raw && config.wordWrap && stdout.acceptsEscapeCodes, markdown: markdown),
            thinking: .aside(stderr),
            aside: .init(sanitizes: !raw && stderr.isTerminal, wraps: !raw && config.wordWrap && stderr.acceptsEscapeCodes))
        let turn = session.turn(policy: yes ? .yes : .auto, toolsOn: tools, streaming: !noStream)
        let interrupt = InterruptTrap()
        // The answer is read, decoded and written on the connection's event loop: no thread hand-off per read.
        let extraction: CodeExtraction? = extract ? .all : extractLast ? .last : nil
        let task = Task(executorPreference: (backend as? any StreamingExecutorProviding)?.makeStreamingExecutor()) {
            try await Self.render(
                turn, with: renderer, model: chosen.model, hidingThinking: thinking.hideThinking, extracting: extraction)
        }
        interrupt.onInterrupt { task.cancel() }
        let outcome: Result<(CompletionResponse, Duration?, String), any Error> = await task.result
        await session.shutdown()
        switch outcome {
        case .success(let (response, timeToFirstToken, answer)):
            if let extraction {
                let shown = try extraction.text(of: answer)
                stdout.write(!raw && stdout.isTerminal ? TerminalSanitizer.clean(shown) : shown)
                if let failure = stdout.writeFailure { throw CommandFailure.output(failure) }
            }
            if verbose {
                let lines = UsageStatistics.lines(for: response.usage, timeToFirstToken: timeToFirstToken)
                Console.standardError.write(lines.joined(separator: "\n") + "\n")
            }
            // For the benchmarks (BENCHMARKS.md): which share of the stream's lines took the light path.
            if let value = getenv("TACHIKOMA_STREAM_STATS"), String(cString: value) == "1" {
                Console.standardError.write(StreamLineStatistics.summary + "\n")
            }
        case .failure(let error as CommandFailure):
            throw error
        case .failure(let error):
            throw CommandFailure.backend(interrupt.fired ? BackendError.cancelled : error)
        }
    }

    /// What the server says `model` can do; nil when it does not say within `limit` (nil: no limit).
    private static func capabilities(of model: String, in session: ChatSession, within limit: Duration?) async
        -> ModelCapabilities?
    {
        guard let limit else { return await session.capabilities(of: model) }
        // The session is only touched by the first task; the second only sleeps.
        return await withTaskGroup(of: ModelCapabilities?.self) { group in
            group.addTask { await session.capabilities(of: model) }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Writes the turn as it comes: the answer to stdout, thinking and the tool loop's lines to
    /// stderr. Returns the last answer's response and how long its first token took.
    /// Writes the turn as it comes: the answer to stdout (unless `extracting`, which keeps it for
    /// the caller), thinking (unless hidden) and the tool loop's lines to stderr. Returns the last
    /// answer's response, how long its first token took and, when extracting, its text.
    private static func render(
        _ turn: TurnEvents, with renderer: ResponseRenderer, model: String, hidingThinking: Bool, extracting: CodeExtraction?
    ) async throws -> (CompletionResponse, Duration?, String)
    {
        var renderer = renderer
        var last: CompletionResponse?
        var firstToken = FirstTokenClock()
        var answer = ""
        for await event in turn {
            switch event {
            case .answerBegan:
                firstToken.begin()
                answer = ""
            case .text(let delta) where extracting != nil:
                firstToken.tokenArrived()
                answer += delta
            case .thinking(let delta):
                firstToken.tokenArrived()
                if !hidingThinking { renderer.thinking(delta) }
            case .text(let delta):
                firstToken.tokenArrived()
                renderer.content(delta)
            case .answerEnded(.complete(let response, _)):
                renderer.finish()
                last = response
            case .answerEnded(.interrupted):
                renderer.abandon()
                throw BackendError.cancelled
            case .answerEnded(.failed(let error)):
                renderer.abandon()
                throw error
            case .toolCall(let call):
                renderer.note(ToolCallText.call(call, width: nil), dim: false)
            case .toolResult(let outcome):
                if let notice = outcome.notice { renderer.note("warning: " + notice, dim: false) }
                if outcome.succeeded { renderer.note(ToolCallText.result(outcome.content, width: nil), dim: false) }
            case .notice(.toolProblem(let problem)):
                renderer.note("warning: \(problem.description)", dim: false)
            case .notice(.modelCannotCallTools(let model)):
                renderer.note("\(model) cannot call tools; answering without them.", dim: false)
            case .notice(.callsNotRun(let count, let reason)):
                renderer.note("warning: the model asked for \(count) tool call\(count == 1 ? "" : "s") that were not run: \(reason).", dim: false)
            case .notice(.roundLimitReached(let rounds)):
                renderer.note("warning: the model kept calling tools: stopped after \(rounds) rounds (tool_rounds).", dim: false)
            }
            // Nobody reads the answer any more: stop, which closes the request's connection.
            if let failure = Console.standardOutput.writeFailure { throw CommandFailure.output(failure) }
        }
        renderer.finish()
        guard let last else { throw BackendError.streamEndedEarly(partial: "") }
        return (last, firstToken.elapsed, answer)
    }
}

