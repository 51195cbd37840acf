import ArgumentParser
import Foundation
import OllamaTestSupport
import SignalRouting
import TachikomaCore

/// Serves the scripted Ollama API on 127.0.0.1 until SIGINT or SIGTERM.
@main
struct FakeOllama: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-ollama",
        abstract: "A scripted imitation of the Ollama HTTP API on 127.0.0.1, for tests, benchmarks and demos.",
        discussion: """
            Prints one line, "fake-ollama listening on http://127.0.0.1:PORT", then serves until SIGINT or SIGTERM.
            By default chat and generate answer "You said: <your message>" word by word.
            Known models: llama3.1:8b (tools), qwen3:4b (tools, thinking: see --think-tokens), llama3.2, gemma3:1b
            and all-minilm (an embedding model: /api/embed, /v1/embeddings); other names are made up with tools.
            The same server also answers OpenAI's chat completions API under /v1 (/v1/chat/completions,
            /v1/models), streamed as Server-Sent Events; with --openai the line names that API base instead,
            "fake-ollama listening on http://127.0.0.1:PORT/v1 (OpenAI-compatible)".
            """
    )

    @Option(help: "Port to listen on (0 picks a free port).")
    var port: Int = 11434

    @Option(name: .customLong("token-delay-ms"), help: "Pause before each streamed chunk, in milliseconds.")
    var tokenDelayMilliseconds: Int = 0

    @Option(
        help: ArgumentHelp(
            "Models (comma-separated) that can see: /api/show lists the vision capability, and their answers name the pictures sent.",
            valueName: "names"))
    var vision: String = ""

    @Option(help: "A fixed reply, streamed word by word (instead of echoing the user).")
    var reply: String?

    @Option(name: .customLong("repeat-token"), help: "Benchmark mode: reply with this token --count times.")
    var repeatToken: String?

    @Flag(
        name: .customLong("sample-answer"),
        help: "Benchmark mode: reply with --count tokens of a model-like markdown answer (code, escapes, accents, CJK, emoji), cycled.")
    var sampleAnswer = false

    @Option(help: "How many tokens --repeat-token or --sample-answer send.")
    var count: Int = 1000

    @Option(help: "Comma-separated names of the installed models (first is the newest).")
    var models: String?

    @Option(name: .customLong("think-tokens"), help: "Thinking tokens sent before the answer when thinking is on.")
    var thinkTokens: Int = 0

    @Option(name: .customLong("fail-after"), help: "Inject the --failure after this many tokens of every answer.")
    var failAfter: Int?

    @Option(help: "What happens at --fail-after: error-line, disconnect, stall or end-without-done.")
    var failure: FailureKind = .errorLine

    @Option(name: .customLong("error-message"), help: "Message of the error line for --failure error-line.")
    var errorMessage: String = "model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details"

    @Option(name: .customLong("done-reason"), help: "done_reason of the final chunk.")
    var doneReason: String = "stop"

    @Option(name: .customLong("server-version"), help: "Version reported by /api/version.")
    var serverVersion: String = "0.12.6"

    @Option(help: "A path (e.g. /api/show) whose requests are never answered; repeat for more.")
    var unanswered: [String] = []

    @Option(
        name: .customLong("tool-call"),
        help: ArgumentHelp(
            "A tool call every answer makes when the request offers tools: the name, then its arguments as a JSON object, e.g. 'calculate {\"expression\":\"6*7\"}'; repeat for several calls in one message. After tool results the model answers 'Tool results: …'.",
            valueName: "name [json]"))
    var toolCalls: [String] = []

    @Flag(name: .customLong("split-tool-calls"), help: "Send each --tool-call in a stream chunk of its own.")
    var splitToolCalls = false

    @Flag(name: .customLong("keep-calling-tools"), help: "Answer tool results with the same --tool-call again (to try the round limit).")
    var keepCallingTools = false

    @Flag(help: "Announce the OpenAI-compatible API base (http://127.0.0.1:PORT/v1) rather than Ollama's.")
    var openai = false

    @Option(name: .customLong("require-api-key"), help: "OpenAI API only: answer 401 unless this Bearer key is sent.")
    var requireAPIKey: String?

    @Option(name: .customLong("keep-alive-every"), help: "OpenAI API only: a ': keep-alive' comment every N chunks.")
    var keepAliveEvery: Int = 0

    @Flag(help: "OpenAI API only: end event-stream lines with CRLF.")
    var crlf = false

    @Flag(
        name: .customLong("model-types"),
        help: "OpenAI API only: give each /v1/models entry a type (llm, vlm, embeddings), as LM Studio does.")
    var modelTypes = false

    enum FailureKind: String, ExpressibleByArgument, CaseIterable {
        case errorLine = "error-line"
        case disconnect
        case stall
        case endWithoutDone = "end-without-done"
    }

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard tokenDelayMilliseconds >= 0 else { throw ValidationError("--token-delay-ms must not be negative.") }
        guard count >= 0 else { throw ValidationError("--count must not be negative.") }
        guard thinkTokens >= 0 else { throw ValidationError("--think-tokens must not be negative.") }
        for call in toolCalls { _ = try Self.parseToolCall(call) }
        if [reply != nil, repeatToken != nil, sampleAnswer].filter({ $0 }).count > 1 {
            throw ValidationError("Use one of --reply, --repeat-token and --sample-answer.")
        }
    }

    func run() async throws {
        let server = try await ScriptedOllamaServer.start(port: port, script: makeScript())
        // Trapped before the line is printed: whoever reads it may stop the server at once.
        let signalled = OneShot<Int32>()
        let termination = SignalRouter.shared.subscribe(to: [SIGINT, SIGTERM]) { signalled.fire($0) }
        print(openai ? "fake-ollama listening on \(server.openAIBaseURL) (OpenAI-compatible)" : "fake-ollama listening on \(server.baseURL)")
        fflush(nil)
        _ = await signalled.wait()
        termination.cancel()
        try await server.shutdown()
    }

    func makeScript() -> ServerScript {
        var script = ServerScript(version: serverVersion)
        if let models {
            let names = models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let known = [ScriptedModel.llama31, .qwen3, .llama32, .gemma3, .allMiniLM]
            script.models = names.map { name in
                if var model = known.first(where: { $0.name == name || $0.name == name + ":latest" }) {
                    model.name = name
                    return model
                }
                return ScriptedModel(name: name, capabilities: ["completion", "tools"])
            }
        }
        let seeing = Set(vision.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        for index in script.models.indices where seeing.contains(script.models[index].name) {
            if !script.models[index].supports("vision") { script.models[index].capabilities.append("vision") }
        }
        if let reply {
            script.reply.content = .tokens(WordTokens.split(reply))
        } else if let repeatToken {
            script.reply.content = .repeated(token: repeatToken, count: count)
        } else if sampleAnswer {
            script.reply.content = .cycled(tokens: SampleAnswer.tokens, count: count)
        }
        script.reply.thinking = (0..<thinkTokens).map { $0 == 0 ? "Thinking" : " step \($0)" }
        script.reply.tokenDelay = .milliseconds(tokenDelayMilliseconds)
        script.reply.doneReason = doneReason
        script.unansweredPaths = Set(unanswered)
        script.reply.toolCalls = toolCalls.compactMap { try? Self.parseToolCall($0) }
        script.reply.toolCallChunking = splitToolCalls ? .separately : .together
        script.reply.toolFollowUp = keepCallingTools ? .callAgain : .echoResults
        script.openAI.requiredAPIKey = requireAPIKey
        script.openAI.keepAliveEvery = max(0, keepAliveEvery)
        script.openAI.lineEnd = crlf ? "\r\n" : "\n"
        script.openAI.listsModelTypes = modelTypes
        if let failAfter {
            switch failure {
            case .errorLine: script.reply.failure = .errorLine(afterTokens: failAfter, message: errorMessage)
            case .disconnect: script.reply.failure = .disconnect(afterTokens: failAfter)
            case .stall: script.reply.failure = .stall(afterTokens: failAfter)
            case .endWithoutDone: script.reply.failure = .endWithoutDone(afterTokens: failAfter)
            }
        }
        return script
    }

    /// `name` or `name {json object}`.
    static func parseToolCall(_ text: String) throws -> ScriptedToolCall {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let nameEnd = trimmed.firstIndex(of: " ") ?? trimmed.endIndex
        let name = String(trimmed[..<nameEnd])
        guard !name.isEmpty else { throw ValidationError("--tool-call needs a tool name, e.g. 'current_time {}'.") }
        let rest = trimmed[nameEnd...].trimmingCharacters(in: .whitespaces)
        guard !rest.isEmpty else { return ScriptedToolCall(name: name) }
        guard let arguments = try? JSONTextParser.parse(rest), arguments.objectValue != nil else {
            throw ValidationError("--tool-call \(name): the arguments must be a JSON object, not '\(rest)'.")
        }
        return ScriptedToolCall(name: name, arguments: arguments)
    }
}
