import ArgumentParser
import ChatREPL
import Foundation
import HTTPStreaming
import Synchronization
import OllamaBackend
import TachikomaCore

/// `tachikoma run MODEL [PROMPT…]`: one answer, streamed to stdout token by token.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Answer one prompt, streamed to stdout.",
        discussion: """
            The prompt is the words after the model; when stdin is not a terminal it is read from stdin \
            (and put before any words given). With no prompt on a terminal, opens the chat with MODEL.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The model, e.g. llama3.1:8b.")
    var model: String

    @Argument(help: "The prompt.")
    var prompt: [String] = []

    @Option(help: "A system prompt.")
    var system: String?

    @Flag(help: "Ask the model to think first; its thinking goes to stderr.")
    var think = false

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

    @Flag(help: "Let the model call tools (the chat's built-ins and configured tools), as many rounds as tool_rounds allows.")
    var tools = false

    @Flag(help: "With --tools, run tools whose policy is ask without asking (by default they are refused here).")
    var yes = false

    func validate() throws {
        if yes, !tools { throw ValidationError("--yes only makes sense with --tools") }
        if let format, format != "json", (try? JSONTextParser.parse(format))?.objectValue == nil {
            throw ValidationError("--format takes json or a JSON schema object, not '\(format)'")
        }
    }

    func run() async throws {
        let chosen = try connection.makeBackend(model: model)
        let (backend, config) = (chosen.backend, chosen.config)
        var text = prompt.joined(separator: " ")
        if isatty(STDIN_FILENO) == 0 {
            let piped = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            text = [piped, text].filter { !$0.isEmpty }.joined(separator: text.isEmpty ? "" : "\n")
        } else if text.isEmpty {
            try await ChatLauncher(
                connection: connection, model: model, system: system, think: think, verbose: verbose, noColor: false
            ).run()
            return
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            throw CommandFailure.usage("no prompt: give one after the model name, or pipe it on stdin")
        }
        var messages: [Message] = []
        if let system = system ?? config.system { messages.append(.system(system)) }
        messages.append(.user(text))
        let request = CompletionRequest(
            messages: messages, options: config.options, think: think ? .enabled(true) : nil,
            format: format.map { $0 == "json" ? .json : .schema((try? JSONTextParser.parse($0)) ?? .null) })
        let printer = AnswerPrinter(
            color: config.color && Console.standardError.acceptsEscapeCodes,
            sanitizesAnswer: !raw && Console.standardOutput.isTerminal,
            sanitizesThinking: !raw && Console.standardError.isTerminal,
            // Wrapped between words as the chat wraps; a pipe, a file and --raw get the exact text.
            wrapsAnswer: !raw && config.wordWrap && Console.standardOutput.acceptsEscapeCodes,
            wrapsThinking: !raw && config.wordWrap && Console.standardError.acceptsEscapeCodes)
        let interrupt = InterruptTrap()
        // The answer is read, decoded and written on the connection's event loop: no thread hand-off per read.
        let task = Task(executorPreference: (backend as? any EventLoopStreaming)?.makeStreamingExecutor()) { () throws -> CompletionResponse in
            if noStream {
                let response = try await backend.complete(request)
                printer.thinking(response.thinking ?? "")
                printer.content(response.content)
                return response
            }
            let streamOne = { (request: CompletionRequest) async throws -> CompletionResponse in
                var final: CompletionResponse?
                for try await event in backend.stream(request) {
                    switch event {
                    case .contentDelta(let delta): printer.content(delta)
                    case .thinkingDelta(let delta): printer.thinking(delta)
                    // With --tools the loop shows each call as it runs it.
                    case .toolCalls(let calls): if !tools { printer.toolCalls(calls) }
                    case .done(let response): final = response
                    }
                    // Nobody reads the answer any more: stop, which closes the request's connection.
                    if let failure = Console.standardOutput.writeFailure { throw CommandFailure.output(failure) }
                }
                guard let final else { throw BackendError.streamEndedEarly(partial: "") }
                return final
            }
            guard tools else { return try await streamOne(request) }
            let catalog = ToolCatalog(ToolWiring.setup(config, unattended: yes ? .approve : .refuse))
            var withModel = request
            withModel.model = chosen.model
            do {
                let response = try await UnattendedToolLoop.run(
                    withModel, backend: backend, catalog: catalog, answer: streamOne, notice: { line in printer.notice(line) })
                await catalog.shutdown()
                return response
            } catch {
                await catalog.shutdown()
                throw error
            }
        }
        interrupt.onInterrupt { task.cancel() }
        do {
            let response = try await task.value
            printer.finish()
            if verbose {
                Console.standardError.write(UsageStatistics.lines(for: response.usage).joined(separator: "\n") + "\n")
            }
            // For the benchmarks (BENCHMARKS.md): which share of the stream's lines took the light path.
            if let value = getenv("TACHIKOMA_STREAM_STATS"), String(cString: value) == "1" {
                Console.standardError.write(StreamLineStatistics.summary + "\n")
            }
        } catch {
            printer.finish()
            throw CommandFailure.backend(interrupt.fired ? BackendError.cancelled : error)
        }
    }
}

/// Writes an answer as it streams: content to stdout, thinking to stderr (dimmed on a terminal).
///
/// Where a stream is sanitized (a terminal, without `--raw`), the model's text goes through a
/// `TerminalSanitizer` before the dimming is added; elsewhere its bytes go out exactly. Where a
/// stream is wrapped, a `StreamingWordWrapper` breaks it between words at the terminal's width,
/// read again for every delta so a resized window wraps at its new width.
final class AnswerPrinter: Sendable {
    private let color: Bool
    private let state = Mutex<(thinking: Bool, endsWithNewline: Bool, wroteContent: Bool)>((false, true, false))
    private let sanitizesAnswer: Bool
    private let sanitizesThinking: Bool
    private let answerSanitizer = Mutex(TerminalSanitizer())
    private let thinkingSanitizer = Mutex(TerminalSanitizer())
    private let wrapsAnswer: Bool
    private let wrapsThinking: Bool
    /// With no width a wrapper passes text through unchanged.
    private let answerWrapper = Mutex(StreamingWordWrapper(width: nil))
    private let thinkingWrapper = Mutex(StreamingWordWrapper(width: nil))

    init(color: Bool, sanitizesAnswer: Bool, sanitizesThinking: Bool, wrapsAnswer: Bool = false, wrapsThinking: Bool = false) {
        self.color = color
        self.sanitizesAnswer = sanitizesAnswer
        self.sanitizesThinking = sanitizesThinking
        self.wrapsAnswer = wrapsAnswer
        self.wrapsThinking = wrapsThinking
    }

    /// The delta broken between words at `output`'s width, read afresh so a resize is followed.
    private func wrap(_ delta: String, with wrapper: borrowing Mutex<StreamingWordWrapper>, on output: Console) -> String {
        wrapper.withLock { wrapper in
            wrapper.resize(to: output.columns())
            return wrapper.feed(delta)
        }
    }

    func thinking(_ delta: String) {
        let sanitized = sanitizesThinking ? thinkingSanitizer.withLock { $0.feed(delta) } : delta
        let delta = wrapsThinking ? wrap(sanitized, with: thinkingWrapper, on: Console.standardError) : sanitized
        guard !delta.isEmpty else { return }
        let starting = state.withLock { value in
            defer { value.thinking = true }
            return !value.thinking
        }
        Console.standardError.write((starting && color ? "\u{1B}[2m" : "") + delta)
    }

    func content(_ delta: String) {
        let sanitized = sanitizesAnswer ? answerSanitizer.withLock { $0.feed(delta) } : delta
        let delta = wrapsAnswer ? wrap(sanitized, with: answerWrapper, on: Console.standardOutput) : sanitized
        guard !delta.isEmpty else { return }
        let wasThinking = state.withLock { value in
            defer {
                value.thinking = false
                value.wroteContent = true
                value.endsWithNewline = delta.hasSuffix("\n")
            }
            return value.thinking
        }
        if wasThinking { Console.standardError.write((color ? "\u{1B}[0m" : "") + "\n\n") }
        Console.standardOutput.write(delta)
    }

    /// A line about the tool loop, on stderr after whatever the answer printed.
    func notice(_ line: String) {
        finish()
        state.withLock {
            $0.endsWithNewline = true
            $0.thinking = false
        }
        Console.standardError.write((sanitizesThinking ? TerminalSanitizer.clean(line) : line) + "\n")
    }

    func toolCalls(_ calls: [ToolCall]) {
        for call in calls {
            let line = "[tool call] \(call.name) \(JSONOutput.compact(call.arguments))"
            Console.standardError.write((sanitizesThinking ? TerminalSanitizer.clean(line) : line) + "\n")
        }
    }

    /// Ends the answer on a new line and resets any dimming.
    func finish() {
        let (thinking, endsWithNewline, wroteContent) = state.withLock { ($0.thinking, $0.endsWithNewline, $0.wroteContent) }
        if thinking { Console.standardError.write((color ? "\u{1B}[0m" : "") + "\n") }
        if wroteContent && !endsWithNewline { Console.standardOutput.write("\n") }
    }
}
