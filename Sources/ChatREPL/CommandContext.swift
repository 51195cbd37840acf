import ChatEngine
import TachikomaCore

/// What a slash command works with: the session and the screen, and the few services of the chat
/// that commands need, each narrow. A command reaches nothing else of the chat: not its read loop,
/// its input, its interrupter or how it draws a turn.
///
/// `ChatREPL` assembles one for each command it runs; a test can assemble one without a chat.
/// Handed to the task running the command, which the chat awaits before it touches anything again,
/// so it carries the chat's objects without locks (as `REPLHandle` does).
struct CommandContext: @unchecked Sendable {
    /// The conversation, its recorder, the backend and the tools. Change the conversation through
    /// `record(_:)` here, which does what the chat does with each change.
    let session: ChatSession
    /// Where a command writes.
    let screen: Screen
    /// A question asked at the prompt, or text put on the line to edit.
    let prompt: Prompt
    /// The input history, for a line entered during a command (`/edit`).
    let history: InputHistory
    /// Runs work Ctrl-C stops (a pull, loading tools, a summary, the compared models' answers).
    let work: InterruptibleWork
    /// Answers the conversation's last message, drawn as the chat draws every turn.
    let answers: any AnswerGenerating
    /// The servers `/server` switches between, and the one the chat is on.
    let servers: ServerSelection
    /// Values set that the current server does not take (`/set`, `/server`).
    let carryOver: ParameterCarryOver
    /// The server's model names (`/model`), its `/show` topics and parameters, for completion too.
    let modelNames: ModelNameCache
    /// What the chat knows of the current model's context window (`/ctx`, `/set num_ctx`).
    let contextWindow: ContextWindowKnowledge
    /// The models each message goes to while `/compare` is on.
    let compareMode: CompareMode
    /// Every command, for `/help`.
    let commands: CommandTable
    /// What waits to go with the next message, and what each model can be sent.
    var attachments = ChatAttachments()
    /// Where `/copy` puts text.
    var clipboard = Clipboard.terminalSequence
}

/// Answers the conversation as it stands: the chat's turn, drawn as it comes, stopped by Ctrl-C.
protocol AnswerGenerating: Sendable {
    /// Answers the conversation's last message or, `continuing`, goes on with the last answer.
    func generateAnswer(continuing: ConversationEntry?) async
}

extension AnswerGenerating {
    func generateAnswer() async {
        await generateAnswer(continuing: nil)
    }
}

extension CommandContext {
    /// Changed only by `record(_:)`.
    var conversation: Conversation { session.conversation }

    /// The conversation's settings; setting them goes through `record(_:)`, which saves the change.
    var settings: ChatSettings {
        get { conversation.settings }
        nonmutating set { record(.settings(newValue)) }
    }

    /// The one place the chat changes the conversation: the session applies `change` and saves it
    /// (with the server, when there is a choice); the chat forgets what it knew of the old model's
    /// context and says when saving stopped working.
    @discardableResult
    func record(_ change: ConversationChange) -> Bool {
        let oldModel = conversation.model
        session.serverName = servers.recordedName
        let changed = session.record(change)
        if !modelNaming.same(oldModel, conversation.model) { contextWindow.forget() }
        if let failure = session.recorder.takeUnreportedFailure() {
            screen.warn("\(failure.description); this chat is no longer saved.")
        }
        return changed
    }

    /// Which names the current server takes to be the same model.
    var modelNaming: any ModelNaming { session.backend.modelNaming }
    /// What `/set` takes on the current server.
    var settingTable: SettingTable { SettingTable(session.backend.requestParameters) }
    var modelLister: (any ModelListing)? { session.backend as? any ModelListing }
    var modelDescriber: (any ModelDescribing)? { session.backend as? any ModelDescribing }
    var modelPuller: (any ModelPulling)? { session.backend as? any ModelPulling }

    /// Applies the context policy before a message goes out (`pending`, or nil when the last one is
    /// answered again). Returns false when the user chose not to send it.
    func makeRoom(for pending: Message?) async -> Bool {
        await ContextPolicyApplication.makeRoom(for: pending, in: self)
    }
}
