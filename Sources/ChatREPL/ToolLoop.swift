import Foundation
import TachikomaCore

extension ChatREPL {
    /// Answers the conversation's last message: streams the model's answer and, while it calls
    /// tools, runs them and streams the next one, up to `tool_rounds` rounds.
    func generateAnswer() async {
        var offered = await toolsForThisTurn()
        let limit = toolCatalog.setup.rounds
        var round = 0
        while let answer = await streamAnswer(tools: offered), !answer.toolCalls.isEmpty {
            let calls = answer.toolCalls
            guard !offered.isEmpty else {
                // Calls to tools that were not offered (tools off, or the last round was over):
                // answered, so the conversation stays well-formed, and not followed up.
                let reason = toolsAreOn ? "no more tool calls are allowed for this message" : "tool calling is off"
                for call in calls {
                    record(.toolResult(.tool("error: \(call.name) was not run: \(reason)", name: call.name, callID: call.id)))
                }
                warn("the model asked for \(Self.count(calls.count, "tool call")) that \(calls.count == 1 ? "was" : "were") not run: \(reason).")
                return
            }
            guard round < limit else {
                let reason = "the limit of \(Self.count(limit, "tool round")) for one message (tool_rounds) is reached; answer with what you have"
                for call in calls {
                    record(.toolResult(.tool("error: \(call.name) was not run: \(reason)", name: call.name, callID: call.id)))
                }
                warn("the model kept calling tools: stopped after \(Self.count(limit, "round")) (tool_rounds); it is asked to answer without them.")
                offered = []
                continue
            }
            round += 1
            guard await runToolCalls(calls) else { return }
        }
    }

    /// Whether tool calling is switched on for this chat.
    var toolsAreOn: Bool { settings.toolsEnabled }

    /// The definitions this turn's first request offers: none when tools are off, when no tool is
    /// enabled, or when the model cannot call tools (said once per model).
    func toolsForThisTurn() async -> [ToolDefinition] {
        guard toolsAreOn else { return [] }
        await loadTools()
        let offered = toolCatalog.offeredDefinitions
        guard !offered.isEmpty else { return [] }
        guard await modelSupportsTools() else { return [] }
        return offered
    }

    /// Loads the tools the first time they are needed, saying any source's problem in one line each.
    func loadTools() async {
        guard !toolCatalog.isLoaded else { return }
        let catalog = toolCatalog
        let (problems, interrupted, _) = await runInterruptibly { _ in await catalog.load() }
        if interrupted { return }
        for problem in problems { warn(problem.description) }
    }

    /// What the server says about the current model's capabilities; asked once per model. A backend
    /// that cannot say, or a server that does not answer, is given the benefit of the doubt (the
    /// server then says so itself).
    private func modelSupportsTools() async -> Bool {
        let model = settings.model
        if let known = toolSupport[model] { return known }
        guard let describer = modelDescriber else { return true }
        let (details, interrupted, _) = await runInterruptibly { _ in try? await describer.modelDetails(model) }
        guard !interrupted, let details else { return true }
        let supports = details.mayHave(.tools)
        toolSupport[model] = supports
        if !supports {
            sayNote("\(TerminalSanitizer.clean(model)) cannot call tools; this chat goes on without them.")
        }
        return supports
    }

    /// Runs one answer's calls in order and records each result. Returns false when Ctrl-C (or end of
    /// input at a question) stopped the round: the calls not run are answered as cancelled.
    private func runToolCalls(_ calls: [ToolCall]) async -> Bool {
        let runner = toolRunner()
        var stopped = false
        for call in calls {
            if stopped {
                record(.toolResult(ToolCallOutcome.failure(call, .cancelled(tool: call.name)).message))
                continue
            }
            say(style.dim(Self.describeCall(call, width: output.columns())))
            var outcome: ToolCallOutcome
            switch await runner.prepare(call) {
            case .answered(let answered):
                outcome = answered
            case .ready(let tool, let call):
                let (executed, interrupted, _) = await runInterruptibly { _ in await runner.execute(tool, call) }
                outcome = executed
                if interrupted {
                    outcome = .failure(call, .cancelled(tool: call.name), stopsRound: true)
                }
            }
            record(.toolResult(outcome.message))
            if outcome.stopsRound {
                stopped = true
                continue
            }
            if outcome.succeeded {
                if let notice = outcome.notice { warn(notice) }
                say(style.dim(Self.describeResult(outcome.content, width: output.columns())))
            } else if let notice = outcome.notice {
                warn(notice)
            }
        }
        return !stopped
    }

    /// The runner, asking the person at the prompt when one is there.
    private func toolRunner() -> ToolCallRunner {
        guard input.isInteractive else { return ToolCallRunner(catalog: toolCatalog, confirm: nil) }
        let handle = REPLHandle(repl: self)
        return ToolCallRunner(catalog: toolCatalog) { tool, preview in
            await handle.repl.askToRun(tool: tool, preview: preview)
        }
    }

    /// Shows exactly what will run and reads yes, no or always from the line editor.
    func askToRun(tool: String, preview: String) async -> ToolConfirmation {
        let question = TerminalSanitizer.clean("Run \(tool): \(Self.oneLine(preview))? [y]es [n]o [a]lways: ")
        switch await reader.read(prompt: question, continuationPrompt: "") {
        case .input(.text(let answer)), .input(.message(let answer)):
            return ToolConfirmation(answer: answer)
        case .input(.interrupted), .input(.endOfFile):
            say("")
            return .cancel
        case .terminated(let signalNumber):
            interrupter.recordTermination(signalNumber)
            return .cancel
        }
    }

    /// `[tool] name {"arg":…}` on one line, cut to the terminal's width.
    static func describeCall(_ call: ToolCall, width: Int?) -> String {
        let arguments = compactJSON(call.arguments == .null ? .object([:]) : call.arguments)
        return cutToWidth(TerminalSanitizer.clean(oneLine("[tool] \(call.name) \(arguments)")), width: width)
    }

    /// `  → ` and the start of a result, on one line.
    static func describeResult(_ content: String, width: Int?) -> String {
        let text = oneLine(content.trimmingWhitespace())
        return cutToWidth(TerminalSanitizer.clean("  → " + (text.isEmpty ? "(empty)" : text)), width: width)
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ⏎ ").replacingOccurrences(of: "\n", with: " ⏎ ")
            .replacingOccurrences(of: "\r", with: " ")
    }

    private static func cutToWidth(_ text: String, width: Int?) -> String {
        let limit = max((width ?? 160) - 1, 20)
        guard DisplayWidth.of(text) > limit else { return text }
        var result = ""
        var used = 0
        for character in text {
            used += DisplayWidth.of(character)
            if used + 1 > limit { break }
            result.append(character)
        }
        return result + "…"
    }

    static func compactJSON(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
