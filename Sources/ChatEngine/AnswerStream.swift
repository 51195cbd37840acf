import TachikomaCore

/// One answer: the one place a chat request is sent. Records its start, what streams (saved as it
/// arrives) and its end, and hands out its thinking and text as events.
struct AnswerStream {
    /// One step of the answer.
    enum Step {
        case event(TurnEvent)
        /// The answer is over; `calls` are the tool calls of a complete answer.
        case ended(AnswerEnd, calls: [ToolCall])
    }

    private let session: ChatSession
    private let continuing: ConversationEntry?
    private var events: AsyncThrowingStream<StreamEvent, any Error>.AsyncIterator?
    private var whole: Task<CompletionResponse, any Error>?
    private var content = ""
    private var thinking = ""
    private var toolCalls: [ToolCall] = []
    private var response: CompletionResponse?

    init(session: ChatSession, tools: [ToolDefinition], streaming: Bool, continuing: ConversationEntry?) {
        self.session = session
        self.continuing = continuing
        let request = session.makeRequest(tools: tools)
        let backend = session.backend
        if streaming {
            events = ChatSession.send(request, to: backend).makeAsyncIterator()
        } else {
            whole = Task { try await ChatSession.sendWhole(request, to: backend) }
        }
        session.record(continuing == nil ? .answerBegan : .continuationBegan)
    }

    /// What arrived, as a message: the streamed text, else what the final response carried.
    private var message: Message {
        .assistant(
            content.isEmpty ? response?.content ?? "" : content,
            thinking: thinking.isEmpty ? response?.thinking : thinking,
            toolCalls: toolCalls.isEmpty ? response?.toolCalls ?? [] : toolCalls)
    }

    private var hasText: Bool { !content.isEmpty || !thinking.isEmpty || !toolCalls.isEmpty }

    mutating func next() async -> Step {
        if let whole {
            self.whole = nil
            do {
                let response = try await withTaskCancellationHandler {
                    try await whole.value
                } onCancel: {
                    whole.cancel()
                }
                self.response = response
                if let thinking = response.thinking, !thinking.isEmpty { return .event(.thinking(thinking)) }
                return await next()
            } catch {
                return end(failure: error)
            }
        }
        if let response, events == nil, content.isEmpty, !response.content.isEmpty {
            // The whole answer: its text once, then its end.
            content = response.content
            return .event(.text(response.content))
        }
        guard var iterator = events else { return end(failure: nil) }
        do {
            while let event = try await iterator.next() {
                if Task.isCancelled { break }
                switch event {
                case .contentDelta(let delta):
                    events = iterator
                    content += delta
                    session.recorder.answerStreamed(content: delta)
                    return .event(.text(delta))
                case .thinkingDelta(let delta):
                    events = iterator
                    thinking += delta
                    session.recorder.answerStreamed(thinking: delta)
                    return .event(.thinking(delta))
                case .toolCalls(let calls):
                    toolCalls += calls
                case .done(let response):
                    self.response = response
                }
            }
        } catch {
            events = nil
            return end(failure: error)
        }
        events = nil
        return end(failure: nil)
    }

    /// Records how the answer ended and says so.
    private mutating func end(failure: (any Error)?) -> Step {
        if Task.isCancelled {
            record(hasText ? message : nil, usage: nil, interrupted: true)
            return .ended(.interrupted, calls: [])
        }
        if let failure {
            record(hasText ? message : nil, usage: nil, interrupted: true)
            return .ended(.failed(failure), calls: [])
        }
        guard let response else {
            record(hasText ? message : nil, usage: nil, interrupted: true)
            return .ended(.failed(BackendError.streamEndedEarly(partial: content)), calls: [])
        }
        let message = self.message
        let whole = record(message, usage: response.usage, interrupted: false)
        if response.finishReason == .length { session.record(.answerReachedLengthLimit) }
        return .ended(.complete(response, whole), calls: message.toolCalls)
    }

    /// Records the end; returns the answer as the conversation now holds it (a continuation: all of it).
    @discardableResult
    private func record(_ message: Message?, usage: Usage?, interrupted: Bool) -> Message {
        guard let continuing else {
            session.record(.answerEnded(message, usage: usage, interrupted: interrupted))
            return message ?? .assistant("")
        }
        var whole = continuing.message
        if let message {
            whole.content += message.content
            if let thinking = message.thinking, !thinking.isEmpty { whole.thinking = (whole.thinking ?? "") + thinking }
            whole.toolCalls += message.toolCalls
        }
        session.record(.continuationEnded(whole, usage: usage, interrupted: interrupted))
        return whole
    }
}
