import TachikomaCore

/// A change to the conversation, as `ChatREPL.record(_:)` (the one place that makes changes) takes it.
public enum ConversationChange: Sendable {
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
    /// The answer just recorded stopped at the server's length limit: `/continue` may take it up.
    case answerReachedLengthLimit
    /// `/continue`: the last answer streams on; saved at once as interrupted until it ends.
    case continuationBegan
    /// The continuation ended: `message` is the whole answer (what it had, and what came since).
    case continuationEnded(Message, usage: Usage?, interrupted: Bool)
    /// `/compare`: an answer from `model` (on the configured server `server`), streamed apart and
    /// recorded whole after the current last message.
    case comparedAnswer(Message, model: String, server: String?, usage: Usage?, interrupted: Bool)
    /// `/undo`, `/edit`, `/retry`, `/branch`: the current branch now ends at this node of the
    /// conversation's tree (nil: it is empty). Nothing is deleted; what is left is a branch.
    case headMoved(to: Int?)
    /// The context policy stops sending the entries before an index, perhaps sending a summary
    /// instead; the session keeps them.
    case leftOut(before: Int, summary: String?)
    /// `/load`: a saved session replaces the conversation.
    case loaded(SessionTranscript)
    /// A replay of `original` with `model` begins: the messages are forgotten and the next one
    /// starts a session linked to the original.
    case replayStarted(of: Session, model: String)
}
