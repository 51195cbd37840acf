import Foundation
import TachikomaCore

/// What came of streaming one answer.
struct StreamedAnswer: Sendable {
    var content = ""
    var thinking = ""
    var toolCalls: [ToolCall] = []
    var response: CompletionResponse?
    var failure: (any Error)?

    var message: Message {
        .assistant(
            content.isEmpty ? response?.content ?? "" : content,
            thinking: thinking.isEmpty ? response?.thinking : thinking,
            toolCalls: toolCalls.isEmpty ? response?.toolCalls ?? [] : toolCalls)
    }

    var hasText: Bool { !content.isEmpty || !thinking.isEmpty || !toolCalls.isEmpty }
}

extension ChatREPL {
    /// The request for the conversation as it stands, offering `tools`.
    func makeRequest(tools: [ToolDefinition] = []) -> CompletionRequest {
        CompletionRequest(
            model: settings.model, messages: conversation.messages, options: settings.requestOptions,
            tools: tools, think: settings.think, format: settings.format)
    }

    /// Streams one answer to the conversation as it stands and appends it; with `continuing` (the
    /// last answer, cut short), the request ends with it and what comes back lengthens it. Returns
    /// the answer when it ended as the model meant (not interrupted, not failed).
    func streamAnswer(tools: [ToolDefinition], continuing: ConversationEntry? = nil) async -> Message? {
        let request = makeRequest(tools: tools)
        // Moving a word that reached the edge takes escape codes; a dumb terminal wraps by itself.
        let wraps = settings.wordWrap && output.acceptsEscapeCodes
        let style = self.style
        let stream = backend.stream(request)
        // A spinner after a second without a first token, as `ollama run` shows; people only.
        let showsSpinner = output.acceptsEscapeCodes && input.isInteractive
        record(continuing == nil ? .answerBegan : .continuationBegan)
        let recorder = self.recorder
        // A continuation starts on screen with the last line of what it continues.
        let lastLine = continuing.map { String($0.message.content.split(separator: "\n", omittingEmptySubsequences: false).last ?? "") }
        let (answer, interrupted, _) = await runInterruptibly { gate in
            let spinner = showsSpinner ? WaitingIndicator(gate: gate) : nil
            var renderer = ResponseRenderer(output: gate, style: style, width: nil, followsTerminalWidth: wraps)
            if let lastLine, !lastLine.isEmpty { renderer.content(lastLine) }
            return await Self.consume(stream, renderer: renderer, spinner: spinner, recorder: recorder)
        }
        func ended(_ message: Message?, usage: Usage?, interrupted: Bool) {
            guard let continuing else {
                record(.answerEnded(message, usage: usage, interrupted: interrupted))
                return
            }
            var whole = continuing.message
            if let message {
                whole.content += message.content
                if let thinking = message.thinking, !thinking.isEmpty { whole.thinking = (whole.thinking ?? "") + thinking }
                whole.toolCalls += message.toolCalls
            }
            record(.continuationEnded(whole, usage: usage, interrupted: interrupted))
        }

        if interrupted {
            ended(answer.hasText ? answer.message : nil, usage: nil, interrupted: true)
            return nil
        }
        if let failure = answer.failure {
            ended(answer.hasText ? answer.message : nil, usage: nil, interrupted: true)
            complain(describeTurnFailure(failure))
            return nil
        }
        guard let response = answer.response else {
            ended(answer.hasText ? answer.message : nil, usage: nil, interrupted: true)
            complain(BackendError.streamEndedEarly(partial: answer.content).description)
            return nil
        }
        let message = answer.message
        ended(message, usage: response.usage, interrupted: false)
        // An answer that only calls tools printed nothing to end.
        if !message.content.isEmpty || !(message.thinking ?? "").isEmpty || message.toolCalls.isEmpty {
            output.write("\n")
        }
        if response.finishReason == .length {
            record(.answerReachedLengthLimit)
            sayNote(Self.cutShortNote(backend.requestParameters))
        }
        if settings.verbose {
            let lines = UsageStatistics.lines(for: response.usage)
            if !lines.isEmpty { output.write(lines.joined(separator: "\n") + "\n") }
        }
        return conversation.lastAnswer?.message ?? message
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

    /// Reads the stream to its end, showing each event as it arrives.
    private static func consume(
        _ stream: AsyncThrowingStream<StreamEvent, any Error>, renderer: ResponseRenderer, spinner: WaitingIndicator?,
        recorder: SessionRecorder
    ) async -> StreamedAnswer {
        var renderer = renderer
        var answer = StreamedAnswer()
        defer { spinner?.stop() }
        do {
            for try await event in stream {
                spinner?.stop()
                if Task.isCancelled { break }
                switch event {
                case .contentDelta(let delta):
                    answer.content += delta
                    recorder.answerStreamed(content: delta)
                    renderer.content(delta)
                case .thinkingDelta(let delta):
                    answer.thinking += delta
                    recorder.answerStreamed(thinking: delta)
                    renderer.thinking(delta)
                case .toolCalls(let calls):
                    answer.toolCalls += calls
                case .done(let response):
                    answer.response = response
                }
            }
        } catch {
            answer.failure = error
        }
        if Task.isCancelled {
            answer.failure = nil
            renderer.abandon()
        } else if answer.failure != nil || answer.response == nil {
            renderer.abandon()
        } else {
            renderer.finish()
        }
        return answer
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
}
