import TachikomaCore

/// What a turn produces, in order: for each answer (one per tool round) its start, its thinking and
/// text as they arrive and how it ended; between answers, each tool call and its result.
///
/// Every change these stand for is already recorded in the session when the event is seen; a
/// renderer only shows them.
public enum TurnEvent: Sendable {
    /// A request went out: answer number `round` (0 the first) is on its way.
    case answerBegan(round: Int)
    case thinking(String)
    case text(String)
    /// The answer ended; see `AnswerEnd`.
    case answerEnded(AnswerEnd)
    /// A call the model made, about to be checked, confirmed where its policy asks, and run.
    case toolCall(ToolCall)
    /// What came of a call, as the model will read it.
    case toolResult(ToolCallOutcome)
    /// Something the person should know about the turn; see `TurnNotice`.
    case notice(TurnNotice)
}

/// How an answer ended.
public enum AnswerEnd: Sendable {
    /// As the model meant: the server's final response (usage, done reason) and the whole message
    /// (for a continuation, everything the answer now holds).
    case complete(CompletionResponse, Message)
    /// Cut short by cancellation (Ctrl-C); what arrived is kept, marked interrupted.
    case interrupted
    /// The request or the stream failed; what arrived is kept, marked interrupted.
    case failed(any Error)
}

/// A line about the turn that is not the model's.
public enum TurnNotice: Sendable, Hashable {
    /// A tool source could not be loaded (an MCP server that did not start…).
    case toolProblem(ToolError)
    /// The model cannot call tools (its capabilities say so); this turn goes on without them.
    case modelCannotCallTools(model: String)
    /// The model asked for calls that were not run (tools off, or the rounds were over).
    case callsNotRun(count: Int, reason: String)
    /// The model kept calling tools past the round limit: it is asked to answer without them.
    case roundLimitReached(rounds: Int)
}

/// Who says yes to a tool call whose policy is `ask`.
public enum ToolConfirmationPolicy: Sendable {
    /// A person, through this question (the chat).
    case ask(@Sendable (_ tool: String, _ preview: String) async -> ToolConfirmation)
    /// Nobody asks: the setup decides (`ToolSetup.unattended`), which refuses such calls by default.
    case auto
    /// Every call is run without asking (`run --tools --yes`).
    case yes

    /// The question `ToolCallRunner` asks; nil when nobody can answer.
    var confirm: (@Sendable (_ tool: String, _ preview: String) async -> ToolConfirmation)? {
        switch self {
        case .ask(let question): return question
        case .auto: return nil
        case .yes: return { _, _ in .yes }
        }
    }
}
