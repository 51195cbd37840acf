import TachikomaCore

/// One message of the conversation and what the REPL knows about it beyond the message itself.
public struct ConversationEntry: Sendable, Hashable {
    public var message: Message
    /// The answer was cut short (Ctrl-C, or the stream failed) and is only the part that arrived.
    public var isInterrupted: Bool
    /// The server's counts for the answer this entry holds, when it reported them.
    public var usage: Usage?
    /// The model that wrote this answer; nil for the user's messages.
    public var model: String?

    public init(message: Message, isInterrupted: Bool = false, usage: Usage? = nil, model: String? = nil) {
        self.message = message
        self.isInterrupted = isInterrupted
        self.usage = usage
        self.model = model
    }
}

/// The chat so far: the system prompt, the messages in order and the model that answers next.
///
/// A value: the REPL owns one and replaces it as turns complete. Switching models keeps the
/// messages, so the next request carries the whole history to the new model.
public struct Conversation: Sendable, Hashable {
    public var systemPrompt: String?
    public var model: String
    public private(set) var entries: [ConversationEntry] = []

    public init(model: String, systemPrompt: String? = nil) {
        self.model = model
        self.systemPrompt = systemPrompt
    }

    /// The messages a request carries: the system prompt first, then every entry, partial answers included.
    public var messages: [Message] {
        var messages: [Message] = []
        messages.reserveCapacity(entries.count + 1)
        if let systemPrompt, !systemPrompt.isEmpty { messages.append(.system(systemPrompt)) }
        for entry in entries { messages.append(entry.message) }
        return messages
    }

    public mutating func appendUser(_ text: String, images: [String] = []) {
        entries.append(ConversationEntry(message: .user(text, images: images)))
    }

    /// Appends an answer; `interrupted` marks one that stopped before the model finished.
    public mutating func appendAssistant(_ message: Message, usage: Usage?, interrupted: Bool = false) {
        entries.append(ConversationEntry(message: message, isInterrupted: interrupted, usage: usage, model: model))
    }

    /// Empties the conversation; the system prompt and the model stay.
    public mutating func clear() {
        entries.removeAll()
    }

    /// Prepares to answer the last user message again: drops the answer that follows it, if any.
    /// Returns false when there is no user message to answer.
    public mutating func dropLastAnswer() -> Bool {
        while let last = entries.last, last.message.role != .user {
            entries.removeLast()
        }
        return entries.last?.message.role == .user
    }

    /// The last answer, when the conversation ends with one.
    public var lastAnswer: ConversationEntry? {
        guard let last = entries.last, last.message.role == .assistant else { return nil }
        return last
    }

    /// How much of the context window the conversation takes: exact up to the last answer the server
    /// counted, estimated for what was appended since.
    public var contextUsage: ContextUsage {
        let lastCounted = entries.lastIndex { $0.usage?.totalTokens != nil }
        guard let lastCounted, let counted = entries[lastCounted].usage?.totalTokens else {
            let estimate = TokenCount.estimate(messages).tokens
            return ContextUsage(exactTokens: 0, estimatedTokens: estimate, messageCount: entries.count)
        }
        let since = entries[(lastCounted + 1)...].map(\.message)
        return ContextUsage(
            exactTokens: counted, estimatedTokens: TokenCount.estimate(Array(since)).tokens,
            messageCount: entries.count)
    }
}

/// Tokens a conversation takes, split into what the server counted and what is estimated.
public struct ContextUsage: Sendable, Hashable {
    /// The last answer's prompt_eval_count + eval_count; 0 when no answer was counted yet.
    public var exactTokens: Int
    /// `TokenCount.estimate` of the messages the server has not counted.
    public var estimatedTokens: Int
    /// User and assistant messages, not counting the system prompt.
    public var messageCount: Int

    public var totalTokens: Int { exactTokens + estimatedTokens }
    public var isExact: Bool { estimatedTokens == 0 && exactTokens > 0 }

    /// The share of a window of `contextLength` tokens, in percent.
    public func percent(of contextLength: Int) -> Double {
        contextLength > 0 ? Double(totalTokens) * 100 / Double(contextLength) : 0
    }
}
