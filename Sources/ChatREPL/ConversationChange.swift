import TachikomaCore

/// A change to the conversation, as `ChatREPL.record(_:)` (the one place that makes changes) takes it.
enum ConversationChange {
    case userMessage(Message)
    /// An answer starts streaming: saved at once, marked interrupted until it ends.
    case answerBegan
    /// The answer ended; nil when nothing arrived, `interrupted` when it was cut short.
    case answerEnded(Message?, usage: Usage?, interrupted: Bool)
    /// A tool's result, answering one call of the last answer.
    case toolResult(Message)
    /// A model switch, a new system prompt, options… (display preferences too, which are not saved).
    case settings(ChatSettings)
    /// The messages are forgotten (`/clear`, `/new`); the next message starts a new session.
    case cleared
    /// `/retry`: the last answer goes, from the session too.
    case lastAnswerDropped
    /// The context policy stops sending the entries before an index, perhaps sending a summary
    /// instead; the session keeps them.
    case leftOut(before: Int, summary: String?)
    /// `/load`: a saved session replaces the conversation.
    case loaded(SessionTranscript)
    /// A replay of `original` with `model` begins: the messages are forgotten and the next one
    /// starts a session linked to the original.
    case replayStarted(of: Session, model: String)
}
