import TachikomaCore

extension Conversation {
    /// A saved session as a conversation: its messages, and the settings it ended with over
    /// `settings` (which give the display preferences and whatever the session never set).
    public init(resuming transcript: SessionTranscript, settings: ChatSettings) {
        var settings = settings
        settings.adopt(transcript.finalSettings)
        let entries = transcript.messages.map { stored in
            ConversationEntry(
                message: stored.message, isInterrupted: stored.isInterrupted, usage: stored.usage, model: stored.model,
                storedID: stored.id)
        }
        self.init(settings: settings, entries: entries)
    }
}

extension ChatSettings {
    /// Takes what a session recorded: model, system prompt, options (the context window among
    /// them), thinking and format. What it never recorded stays as it is.
    mutating func adopt(_ saved: SessionSettings) {
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
