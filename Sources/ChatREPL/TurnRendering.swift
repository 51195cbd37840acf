import ChatEngine
import Foundation
import TachikomaCore
import TerminalText

/// Lets a task carry the REPL although the REPL is not `Sendable`: the REPL awaits that task before
/// it touches its own state again, so only one task uses it at a time.
struct REPLHandle: @unchecked Sendable {
    let repl: ChatREPL
}

/// How commands have the chat answer: through the turn rendering below, and nothing else of the
/// chat. Private to this file, so a command cannot cast its way from the context to the chat.
private struct ChatAnswers: AnswerGenerating, @unchecked Sendable {
    let repl: ChatREPL

    func generateAnswer(continuing: ConversationEntry?) async {
        await repl.generateAnswer(continuing: continuing)
    }
}

extension ChatREPL {
    /// The chat's answers, as a command's context offers them.
    var answering: any AnswerGenerating { ChatAnswers(repl: self) }

    /// Answers the conversation's last message (or, `continuing`, goes on with the last answer): the
    /// session's turn, drawn as it comes, stopped by Ctrl-C. Tool calls are confirmed by the person
    /// at the prompt when there is one.
    func generateAnswer(continuing: ConversationEntry? = nil) async {
        let handle = REPLHandle(repl: self)
        let policy: ToolConfirmationPolicy =
            input.isInteractive ? .ask({ tool, preview in await handle.repl.askToRun(tool: tool, preview: preview) }) : .auto
        let turn = session.turn(policy: policy, toolsOn: settings.toolsEnabled, continuing: continuing)
        // Read, decoded and drawn on the connection's event loop: no hand-off between threads for
        // each word (the HTTP client has one loop; see EntryPoint).
        let executor = (session.backend as? any StreamingExecutorProviding)?.makeStreamingExecutor()
        _ = await work.run(on: executor) { gate in await handle.repl.render(turn, on: gate, continuing: continuing) }
    }

    /// Draws a turn's events: each answer through a `ResponseRenderer` (with the spinner until its
    /// first word), tool calls and results as dim lines, problems as warnings.
    private func render(_ turn: TurnEvents, on gate: OutputGate, continuing: ConversationEntry?) async {
        // Moving a word that reached the edge takes escape codes; a dumb terminal wraps by itself.
        let wraps = settings.wordWrap && output.acceptsEscapeCodes
        // A spinner after a second without a first token, as `ollama run` shows; people only.
        let showsSpinner = output.acceptsEscapeCodes && input.isInteractive
        // Markdown is drawn in colour: without colour (NO_COLOR, --no-color, TERM=dumb) the text is shown as sent.
        let markdown = settings.markdown && style.enabled && output.acceptsEscapeCodes
        var renderer = ResponseRenderer.chat(output: gate, style: style, wraps: wraps, markdown: markdown)
        var spinner: WaitingIndicator?
        var firstToken = FirstTokenClock()
        defer { spinner?.stop() }
        for await event in turn {
            switch event {
            case .answerBegan(let round):
                firstToken.begin()
                renderer = ResponseRenderer.chat(output: gate, style: style, wraps: wraps, markdown: markdown)
                spinner = showsSpinner ? WaitingIndicator(gate: gate) : nil
                // A continuation starts on screen with the last line of what it continues.
                if round == 0, let continuing {
                    let lastLine = continuing.message.content.split(separator: "\n", omittingEmptySubsequences: false).last
                    if let lastLine, !lastLine.isEmpty { renderer.content(String(lastLine)) }
                }
            case .thinking(let delta):
                firstToken.tokenArrived()
                // Hidden thinking keeps the spinner going: the answer has not begun.
                guard !settings.hidesThinking else { continue }
                spinner?.stop()
                renderer.thinking(delta)
            case .text(let delta):
                spinner?.stop()
                firstToken.tokenArrived()
                renderer.content(delta)
            case .answerEnded(let end):
                spinner?.stop()
                finishAnswer(end, renderer: &renderer, timeToFirstToken: firstToken.elapsed)
            case .toolCall(let call):
                screen.say(style.dim(ToolCallText.call(call, width: output.columns())))
            case .toolResult(let outcome):
                if outcome.stopsRound { continue }
                if let notice = outcome.notice { screen.warn(notice) }
                if outcome.succeeded { screen.say(style.dim(ToolCallText.result(outcome.content, width: output.columns()))) }
            case .notice(let notice):
                say(notice)
            }
        }
    }

    /// Ends an answer on screen: the held-back word, a blank line, the cut-short note and, with
    /// `/set verbose`, the statistics; or the error that stopped it.
    private func finishAnswer(_ end: AnswerEnd, renderer: inout ResponseRenderer, timeToFirstToken: Duration?) {
        switch end {
        case .interrupted:
            renderer.abandon()
        case .failed(let error):
            renderer.abandon()
            screen.complain(describeTurnFailure(error))
        case .complete(let response, let message):
            renderer.finish()
            // An answer that only calls tools printed nothing to end.
            if !message.content.isEmpty || !(message.thinking ?? "").isEmpty || message.toolCalls.isEmpty {
                output.write("\n")
            }
            if response.finishReason == .length { screen.sayNote(Self.cutShortNote(session.backend.requestParameters)) }
            if settings.verbose {
                let lines = UsageStatistics.lines(for: response.usage, timeToFirstToken: timeToFirstToken)
                if !lines.isEmpty { output.write(lines.joined(separator: "\n") + "\n") }
            }
        }
    }

    /// A notice about the turn, in the chat's words.
    private func say(_ notice: TurnNotice) {
        switch notice {
        case .toolProblem(let problem):
            screen.warn(problem.description)
        case .modelCannotCallTools(let model):
            screen.sayNote("\(TerminalSanitizer.clean(model)) cannot call tools; this chat goes on without them.")
        case .callsNotRun(let count, let reason):
            screen.warn("the model asked for \(Screen.count(count, "tool call")) that \(count == 1 ? "was" : "were") not run: \(reason).")
        case .roundLimitReached(let rounds):
            screen.warn("the model kept calling tools: stopped after \(Screen.count(rounds, "round")) (tool_rounds); it is asked to answer without them.")
        }
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
        case .modelNotFound(let model, _), .modelNotServed(let model, _):
            // Only a server that can download models is offered a pull.
            let pulls = session.backend is any ModelPulling ? ", /model \(model) pulls it" : ""
            return "model '\(model)' is not on the server; /model lists the models there\(pulls). /retry resends your message."
        case .serviceUnavailable, .network, .timeout, .streamEndedEarly:
            return Screen.describe(error) + " (/retry resends your message)"
        default:
            return Screen.describe(error)
        }
    }

    /// Shows exactly what will run and reads yes, no or always from the line editor.
    func askToRun(tool: String, preview: String) async -> ToolConfirmation {
        let question = TerminalSanitizer.clean("Run \(tool): \(ToolCallText.oneLine(preview))? [y]es [n]o [a]lways: ")
        switch await prompt.askKey(question, width: screen.columns()) {
        case .input(.text(let answer)), .input(.message(let answer)):
            return ToolConfirmation(answer: answer)
        case .input(.interrupted), .input(.endOfFile):
            screen.say("")
            return .cancel
        case .terminated:
            return .cancel
        }
    }
}
