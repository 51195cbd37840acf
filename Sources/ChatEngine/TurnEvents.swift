import TachikomaCore

/// A turn as a sequence of events: the one tool loop. It answers the conversation's last message,
/// and while the answer calls tools it runs them (confirming where the policy says), records their
/// results and asks again, up to the setup's rounds. Made by `ChatSession.turn`.
public struct TurnEvents: AsyncSequence, Sendable {
    public typealias Element = TurnEvent

    let session: ChatSession
    let policy: ToolConfirmationPolicy
    let toolsOn: Bool
    let streaming: Bool
    let continuing: ConversationEntry?

    public func makeAsyncIterator() -> Iterator {
        Iterator(turn: self)
    }

    /// Where the loop stands between two events.
    enum Stage {
        /// Before the first request: the tools to offer are not chosen yet.
        case choosingTools
        /// The next answer is to be asked for, offering `tools`.
        case asking(round: Int, tools: [ToolDefinition])
        /// An answer is streaming.
        case streaming(AnswerStream, round: Int, tools: [ToolDefinition])
        /// The answer's calls are being run; `next` is the index of the next one.
        case calling(calls: [ToolCall], next: Int, announced: Bool, round: Int, tools: [ToolDefinition])
        case finished
    }

    public struct Iterator: AsyncIteratorProtocol {
        let turn: TurnEvents
        var stage = Stage.choosingTools
        /// Notices waiting to be handed out before the loop goes on.
        var pending: [TurnEvent] = []

        public mutating func next() async -> TurnEvent? {
            while true {
                if !pending.isEmpty { return pending.removeFirst() }
                switch stage {
                case .finished:
                    return nil
                case .choosingTools:
                    let (tools, notices) = await turn.session.toolsToOffer(toolsOn: turn.toolsOn)
                    pending = notices.map(TurnEvent.notice)
                    stage = .asking(round: 0, tools: tools)
                case .asking(let round, let tools):
                    if Task.isCancelled {
                        stage = .finished
                        continue
                    }
                    let continuing = round == 0 ? turn.continuing : nil
                    let stream = AnswerStream(
                        session: turn.session, tools: tools, streaming: turn.streaming, continuing: continuing)
                    stage = .streaming(stream, round: round, tools: tools)
                    return .answerBegan(round: round)
                case .streaming(var stream, let round, let tools):
                    // The stage lets go of its copy first, so the answer's text, growing with each
                    // delta, stays uniquely held and is appended to in place rather than copied.
                    stage = .finished
                    switch await stream.next() {
                    case .event(let event):
                        stage = .streaming(stream, round: round, tools: tools)
                        return event
                    case .ended(let end, let calls):
                        stage = afterAnswer(calls: calls, round: round, tools: tools)
                        return .answerEnded(end)
                    }
                case .calling(let calls, let index, let announced, let round, let tools):
                    guard index < calls.count else {
                        stage = .asking(round: round, tools: tools)
                        continue
                    }
                    let call = calls[index]
                    guard announced else {
                        stage = .calling(calls: calls, next: index, announced: true, round: round, tools: tools)
                        return .toolCall(call)
                    }
                    let outcome = await run(call)
                    turn.session.record(.toolResult(outcome.message))
                    if outcome.stopsRound || Task.isCancelled {
                        // The calls not run are answered too, so the conversation stays well-formed.
                        for rest in calls[(index + 1)...] {
                            turn.session.record(.toolResult(ToolCallOutcome.failure(rest, .cancelled(tool: rest.name)).message))
                        }
                        stage = .finished
                    } else {
                        stage = .calling(calls: calls, next: index + 1, announced: false, round: round, tools: tools)
                    }
                    return .toolResult(outcome)
                }
            }
        }

        /// What follows an answer: its calls run, refused, or the turn ends.
        private mutating func afterAnswer(calls: [ToolCall], round: Int, tools: [ToolDefinition]) -> Stage {
            guard !calls.isEmpty, !Task.isCancelled else { return .finished }
            let session = turn.session
            guard !tools.isEmpty else {
                // Calls to tools that were not offered (tools off, or the rounds are over): answered,
                // so the conversation stays well-formed, and not followed up.
                let reason =
                    turn.toolsOn ? "no more tool calls are allowed for this message" : "tool calling is off"
                for call in calls {
                    session.record(.toolResult(.tool("error: \(call.name) was not run: \(reason)", name: call.name, callID: call.id)))
                }
                pending.append(.notice(.callsNotRun(count: calls.count, reason: reason)))
                return .finished
            }
            let limit = session.tools.setup.rounds
            guard round < limit else {
                let reason = "the limit of \(limit) tool round\(limit == 1 ? "" : "s") for one message (tool_rounds) is reached; answer with what you have"
                for call in calls {
                    session.record(.toolResult(.tool("error: \(call.name) was not run: \(reason)", name: call.name, callID: call.id)))
                }
                pending.append(.notice(.roundLimitReached(rounds: limit)))
                return .asking(round: round + 1, tools: [])
            }
            return .calling(calls: calls, next: 0, announced: false, round: round + 1, tools: tools)
        }

        /// One call through the runner; a cancelled task makes it a cancelled call.
        private func run(_ call: ToolCall) async -> ToolCallOutcome {
            let runner = ToolCallRunner(catalog: turn.session.tools, confirm: turn.policy.confirm)
            switch await runner.prepare(call) {
            case .answered(let outcome):
                return outcome
            case .ready(let tool, let call):
                let outcome = await runner.execute(tool, call)
                if Task.isCancelled { return .failure(call, .cancelled(tool: call.name), stopsRound: true) }
                return outcome
            }
        }
    }
}

extension ChatSession {
    /// The definitions this turn's first request offers, and what to say about them: none when
    /// tools are off, when no tool is enabled, or when the model cannot call tools (said once per
    /// model). Tools load the first time they are needed.
    func toolsToOffer(toolsOn: Bool) async -> ([ToolDefinition], [TurnNotice]) {
        guard toolsOn else { return ([], []) }
        var notices: [TurnNotice] = []
        if !tools.isLoaded { notices += await tools.load().map(TurnNotice.toolProblem) }
        let offered = tools.offeredDefinitions
        guard !offered.isEmpty, !Task.isCancelled else { return ([], notices) }
        let model = conversation.model
        if let known = toolSupport[model] { return (known ? offered : [], notices) }
        // A backend that cannot say, or a server that does not answer, is given the benefit of the
        // doubt (the server then says so itself).
        guard let describer = backend as? any ModelDescribing, let details = try? await describer.modelDetails(model),
            !Task.isCancelled
        else { return (offered, notices) }
        let supports = details.mayHave(.tools)
        toolSupport[model] = supports
        if !supports { notices.append(.modelCannotCallTools(model: model)) }
        return (supports ? offered : [], notices)
    }
}
