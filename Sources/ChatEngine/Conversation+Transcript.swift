import TachikomaCore

extension Conversation {
    /// A saved session as a conversation: its messages on every branch, the current one where the
    /// session left it, and the settings it ended with over `settings` (which give the display
    /// preferences and whatever the session never set).
    public init(resuming transcript: SessionTranscript, settings: ChatSettings) {
        var settings = settings
        settings.adopt(transcript.finalSettings)
        let stored = transcript.allMessages
        var index: [StoredMessageID: Int] = [:]
        for (position, message) in stored.enumerated() { index[message.id] = position }
        let entries = stored.map { stored in
            var entry = ConversationEntry(
                message: stored.message, isInterrupted: stored.isInterrupted, usage: stored.usage, model: stored.model,
                storedID: stored.id)
            if stored.reachedLengthLimit { entry.reachedLengthLimit = true }
            return entry
        }
        let tree = ConversationTree(
            nodes: entries, parents: stored.map { $0.parentID.flatMap { index[$0] } },
            head: transcript.headID.flatMap { index[$0] })
        self.init(settings: settings, tree: tree)
    }
}

extension ChatSettings {
    /// Takes what a session recorded: model, system prompt, options (the context window among
    /// them), thinking and format. What it never recorded stays as it is.
    public mutating func adopt(_ saved: SessionSettings) {
        if let model = saved.model { self.model = model }
        systemPrompt = saved.systemPrompt
        var options = saved.options
        contextLength = options.contextLength
        options.contextLength = nil
        self.options = options
        think = saved.think
        format = saved.format
    }
}
