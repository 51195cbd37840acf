import ChatEngine
import Foundation
import TachikomaCore
import TerminalText

extension ChatREPL {
    /// Whether tool calling is switched on for this chat.
    var toolsAreOn: Bool { settings.toolsEnabled }

    /// Answers the conversation's last message (or, `continuing`, goes on with the last answer): the
    /// session's turn, drawn as it comes, stopped by Ctrl-C. Tool calls are confirmed by the person
    /// at the prompt when there is one.
    func generateAnswer(continuing: ConversationEntry? = nil) async {
        let handle = REPLHandle(repl: self)
        let policy: ToolConfirmationPolicy =
            input.isInteractive ? .ask({ tool, preview in await handle.repl.askToRun(tool: tool, preview: preview) }) : .auto
        let turn = session.turn(policy: policy, toolsOn: toolsAreOn, continuing: continuing)
        _ = await runInterruptibly { gate in await handle.repl.render(turn, on: gate, continuing: continuing) }
    }

    /// Draws a turn's events: each answer through a `ResponseRenderer` (with the spinner until its
    /// first word), tool calls and results as dim lines, problems as warnings.
    private func render(_ turn: TurnEvents, on gate: OutputGate, continuing: ConversationEntry?) async {
        // Moving a word that reached the edge takes escape codes; a dumb terminal wraps by itself.
        let wraps = settings.wordWrap && output.acceptsEscapeCodes
        // A spinner after a second without a first token, as `ollama run` shows; people only.
        let showsSpinner = output.acceptsEscapeCodes && input.isInteractive
        var renderer = ResponseRenderer.chat(output: gate, style: style, wraps: wraps)
        var spinner: WaitingIndicator?
        defer { spinner?.stop() }
        for await event in turn {
            switch event {
            case .answerBegan(let round):
                renderer = ResponseRenderer.chat(output: gate, style: style, wraps: wraps)
                spinner = showsSpinner ? WaitingIndicator(gate: gate) : nil
                // A continuation starts on screen with the last line of what it continues.
                if round == 0, let continuing {
                    let lastLine = continuing.message.content.split(separator: "\n", omittingEmptySubsequences: false).last
                    if let lastLine, !lastLine.isEmpty { renderer.content(String(lastLine)) }
                }
            case .thinking(let delta):
                spinner?.stop()
                renderer.thinking(delta)
            case .text(let delta):
                spinner?.stop()
                renderer.content(delta)
            case .answerEnded(let end):
                spinner?.stop()
                finishAnswer(end, renderer: &renderer)
            case .toolCall(let call):
                say(style.dim(ToolCallText.call(call, width: output.columns())))
            case .toolResult(let outcome):
                if outcome.stopsRound { continue }
                if let notice = outcome.notice { warn(notice) }
                if outcome.succeeded { say(style.dim(ToolCallText.result(outcome.content, width: output.columns()))) }
            case .notice(let notice):
                say(notice)
            }
        }
    }

    /// Ends an answer on screen: the held-back word, a blank line, the cut-short note and, with
    /// `/set verbose`, the statistics; or the error that stopped it.
    private func finishAnswer(_ end: AnswerEnd, renderer: inout ResponseRenderer) {
        switch end {
        case .interrupted:
            renderer.abandon()
        case .failed(let error):
            renderer.abandon()
            complain(describeTurnFailure(error))
        case .complete(let response, let message):
            renderer.finish()
            // An answer that only calls tools printed nothing to end.
            if !message.content.isEmpty || !(message.thinking ?? "").isEmpty || message.toolCalls.isEmpty {
                output.write("\n")
            }
            if response.finishReason == .length { sayNote(Self.cutShortNote(backend.requestParameters)) }
            if settings.verbose {
                let lines = UsageStatistics.lines(for: response.usage)
                if !lines.isEmpty { output.write(lines.joined(separator: "\n") + "\n") }
            }
        }
    }

    /// A notice about the turn, in the chat's words.
    private func say(_ notice: TurnNotice) {
        switch notice {
        case .toolProblem(let problem):
            warn(problem.description)
        case .modelCannotCallTools(let model):
            sayNote("\(TerminalSanitizer.clean(model)) cannot call tools; this chat goes on without them.")
        case .callsNotRun(let count, let reason):
            warn("the model asked for \(Self.count(count, "tool call")) that \(count == 1 ? "was" : "were") not run: \(reason).")
        case .roundLimitReached(let rounds):
            warn("the model kept calling tools: stopped after \(Self.count(rounds, "round")) (tool_rounds); it is asked to answer without them.")
        }
    }

    /// Loads the tools the first time they are needed, saying any source's problem in one line each.
    func loadTools() async {
        guard !toolCatalog.isLoaded else { return }
        let catalog = toolCatalog
        let (problems, interrupted, _) = await runInterruptibly { _ in await catalog.load() }
        if interrupted { return }
        for problem in problems { warn(problem.description) }
    }

    /// What an answer cut by a length limit says, in the server's names for its limits:
    /// "(the answer reached the num_predict or num_ctx limit and was cut short)".
    static func cutShortNote(_ server: RequestParameterTable) -> String {
        let limits = [server.maxTokensParameter, server.contextWindowParameter].compactMap { $0?.name }
        let reached: String
        switch (limits.isEmpty, server.contextWindowParameter == nil) {
        case (true, _): reached = "the server's length limit"
        case (false, false): reached = "the " + limits.joined(separator: " or ") + " limit"
        case (false, true): reached = "the \(limits.joined(separator: " or ")) limit or the end of the context window"
        }
        return "(the answer reached \(reached) and was cut short; /continue asks for the rest)"
    }

    /// A failed turn in one line, pointing at what to do next.
    private func describeTurnFailure(_ error: any Error) -> String {
        switch error as? BackendError {
        case .modelNotFound(let model, _):
            // Only a server that can download models is offered a pull.
            let pulls = modelPuller != nil ? ", /model \(model) pulls it" : ""
            return "model '\(model)' is not on the server; /model lists the models there\(pulls). /retry resends your message."
        case .serviceUnavailable, .network, .timeout, .streamEndedEarly:
            return Self.describe(error) + " (/retry resends your message)"
        default:
            return Self.describe(error)
        }
    }

    /// Shows exactly what will run and reads yes, no or always from the line editor.
    func askToRun(tool: String, preview: String) async -> ToolConfirmation {
        let question = TerminalSanitizer.clean("Run \(tool): \(ToolCallText.oneLine(preview))? [y]es [n]o [a]lways: ")
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

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
