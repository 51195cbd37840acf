import TachikomaCore

/// One conversation and everything that acts on it: the conversation (a tree and its current branch),
/// the recorder (the one funnel to the session store), the backend that answers and the tools the
/// model may call. The chat, `run`, replay, compare and context summaries all send through it.
///
/// Changes go through `record(_:)`, which applies them and saves them. `turn(policy:)` sends the
/// conversation and runs the tool loop, as one sequence of events.
///
/// Used by one task at a time (the chat hands it to the task running a turn and waits for that task
/// before touching it again), so it holds plain state, not locks.
public final class ChatSession: @unchecked Sendable {
    /// Changed only by `record(_:)`.
    public private(set) var conversation: Conversation
    /// Saves every change `record(_:)` makes.
    public let recorder: SessionRecorder
    /// Where answers come from; the chat's `/server` replaces it.
    public var backend: any Backend {
        didSet { knownCapabilities = [:] }
    }
    /// The tools the model may call, and their policies.
    public private(set) var tools: ToolCatalog
    /// The configured server saved with each answer, when there is a choice of servers.
    public var serverName: String?
    /// Whether each model (by name) can call tools, once the server has said.
    var toolSupport: [String: Bool] = [:]
    /// What each model (by name) can do, as the current backend's server said (`capabilities(of:)`);
    /// nil inside when its answer named no capabilities.
    var knownCapabilities: [String: ModelCapabilities?] = [:]

    public init(backend: any Backend, conversation: Conversation, saving: SessionSaving, tools: ToolSetup = .noTools) {
        self.backend = backend
        self.conversation = conversation
        self.recorder = SessionRecorder(saving)
        self.tools = ToolCatalog(tools)
    }

    /// The conversation's settings; setting them records the change.
    public var settings: ChatSettings {
        get { conversation.settings }
        set { record(.settings(newValue)) }
    }

    /// Offers the tools of `setup` from now on.
    public func useTools(_ setup: ToolSetup) {
        tools = ToolCatalog(setup)
    }

    /// Whether the server said `model` can call tools; nil when it has not said.
    public func knowsToolSupport(of model: String) -> Bool? { toolSupport[model] }

    /// The one place the conversation changes: applies `change` and saves it in the session store.
    /// Returns false when there was nothing to change (`continuationBegan` with no answer to go on).
    @discardableResult
    public func record(_ change: ConversationChange) -> Bool {
        switch change {
        case .userMessage(let message):
            let id = recorder.recordUser(message, settings: conversation.settings)
            conversation.appendUser(message, storedID: id)
        case .answerBegan:
            recorder.beginAnswer(model: conversation.model, server: serverName)
        case .answerEnded(let message, let usage, let interrupted):
            let id = recorder.finishAnswer(message, usage: usage, interrupted: interrupted)
            if let message { conversation.appendAssistant(message, usage: usage, interrupted: interrupted, storedID: id) }
        case .answerReachedLengthLimit:
            conversation.updateLastEntry { $0.reachedLengthLimit = true }
            recorder.markReachedLengthLimit(conversation.lastAnswer?.storedID)
        case .continuationBegan:
            guard let answer = conversation.lastAnswer else { return false }
            recorder.resumeAnswer(answer.storedID, content: answer.message.content, thinking: answer.message.thinking)
        case .continuationEnded(let message, let newUsage, let interrupted):
            let usage = Self.usage(of: conversation.lastAnswer?.usage, continuedWith: newUsage)
            let id = recorder.finishAnswer(message, usage: usage, interrupted: interrupted)
            conversation.updateLastEntry { entry in
                entry.message = message
                entry.usage = usage
                entry.isInterrupted = interrupted
                entry.reachedLengthLimit = nil
                if let id { entry.storedID = id }
            }
        case .headMoved(let node):
            conversation.moveHead(to: node)
            recorder.moveHead(to: node.flatMap { conversation.tree.nodes[$0].storedID })
        case .comparedAnswer(let message, let model, let server, let usage, let interrupted):
            recorder.beginAnswer(model: model, server: server)
            let id = recorder.finishAnswer(message, usage: usage, interrupted: interrupted)
            conversation.appendAssistant(message, usage: usage, interrupted: interrupted, storedID: id, model: model)
        case .toolResult(let message):
            let id = recorder.recordToolResult(message)
            conversation.appendToolResult(message, storedID: id)
        case .settings(let new):
            let old = conversation.settings
            conversation.settings = new
            recorder.recordSettings(from: old, to: new)
        case .cleared:
            conversation.clear()
            recorder.detach()
        case .loaded(let transcript):
            conversation = Conversation(resuming: transcript, settings: conversation.settings)
            recorder.attach(to: transcript.session)
        case .leftOut(let index, let summary):
            conversation.leaveOut(before: index, summary: summary)
        case .replayStarted(let original, let model):
            conversation.clear()
            recorder.prepareReplay(of: original, model: model)
        }
        return true
    }

    /// An answer's counts once a continuation has lengthened it: the tokens and generation time of
    /// both parts, the prompt as the continuation's request carried it (the first part included).
    static func usage(of earlier: Usage?, continuedWith later: Usage?) -> Usage? {
        guard let earlier, let later else { return later ?? earlier }
        var whole = later
        if let first = earlier.completionTokens, let second = later.completionTokens { whole.completionTokens = first + second }
        if let first = earlier.evalDuration, let second = later.evalDuration { whole.evalDuration = first + second }
        if let first = earlier.totalDuration, let second = later.totalDuration { whole.totalDuration = first + second }
        return whole
    }

    /// The request for the conversation as it stands, offering `tools`: the one place a chat
    /// request is made.
    public func makeRequest(tools: [ToolDefinition] = []) -> CompletionRequest {
        let settings = conversation.settings
        return CompletionRequest(
            model: settings.model, messages: conversation.messages, options: settings.requestOptions, tools: tools,
            think: thinkToSend(settings), format: settings.format)
    }

    /// Sends the conversation and runs the tools the model calls, as many rounds as the setup
    /// allows: one sequence of events, everything recorded as it happens. Iterate it to the end;
    /// cancelling the iterating task stops it (the answer so far is kept, marked interrupted).
    ///
    /// - Parameters:
    ///   - policy: who confirms calls whose policy is `ask`.
    ///   - toolsOn: whether tools are offered this turn (the chat's `/tools on`, `run --tools`).
    ///   - streaming: false asks for the answer whole (`run --no-stream`).
    ///   - continuing: the last answer, cut short, which the request ends with and which what comes
    ///     back lengthens (`/continue`).
    public func turn(
        policy: ToolConfirmationPolicy, toolsOn: Bool, streaming: Bool = true, continuing: ConversationEntry? = nil
    ) -> TurnEvents {
        TurnEvents(session: self, policy: policy, toolsOn: toolsOn, streaming: streaming, continuing: continuing)
    }

    /// A session that answers the conversation as it stands with `model` on `backend`, saving
    /// nothing and offering no tools: one side of `/compare`, whose answer the chat records here.
    public func branch(model: String, backend: any Backend) -> ChatSession {
        var copy = conversation
        copy.settings.model = model
        return ChatSession(backend: backend, conversation: copy, saving: .off)
    }

    /// A one-off request outside the conversation (a summary of its oldest part): not recorded.
    public func complete(_ messages: [Message]) async throws -> String {
        let request = CompletionRequest(
            model: conversation.model, messages: messages, options: conversation.settings.requestOptions)
        return try await Self.sendWhole(request, to: backend).content
    }

    /// The one place a request goes to the backend, streamed: every answer of every turn.
    static func send(_ request: CompletionRequest, to backend: any Backend) -> AsyncThrowingStream<StreamEvent, any Error> {
        backend.stream(request)
    }

    /// The one place a request goes to the backend for a whole answer (`run --no-stream`, summaries).
    static func sendWhole(_ request: CompletionRequest, to backend: any Backend) async throws -> CompletionResponse {
        try await backend.complete(request)
    }

    /// Stops the tools' processes (MCP servers).
    public func shutdown() async {
        await tools.shutdown()
    }
}
