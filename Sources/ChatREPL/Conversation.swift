import TachikomaCore

/// One message of the conversation and what the REPL knows about it beyond the message itself.
public struct ConversationEntry: Sendable, Hashable, Codable {
    public var message: Message
    /// The answer was cut short (Ctrl-C, or the stream failed) and is only the part that arrived.
    public var isInterrupted: Bool
    /// The server's counts for the answer this entry holds, when it reported them.
    public var usage: Usage?
    /// The model that wrote this answer; nil for the user's messages.
    public var model: String?
    /// Where the session store keeps it; nil when the chat is not saved.
    public var storedID: StoredMessageID?

    public init(
        message: Message, isInterrupted: Bool = false, usage: Usage? = nil, model: String? = nil,
        storedID: StoredMessageID? = nil
    ) {
        self.message = message
        self.isInterrupted = isInterrupted
        self.usage = usage
        self.model = model
        self.storedID = storedID
    }
}

/// The chat so far: the settings it runs with (model, system prompt, options) and the messages in order.
///
/// A value, and the one copy of the model and system prompt: the REPL holds one and changes it only
/// through `ChatREPL.record(_:)`, which saves each change too. Switching models keeps the messages,
/// so the next request carries the whole history to the new model.
public struct Conversation: Sendable, Hashable, Codable {
    public var settings: ChatSettings
    public private(set) var entries: [ConversationEntry] = []
    /// Entries before this index are no longer sent (the context policy trimmed or summarised
    /// them); the session keeps them.
    public private(set) var firstSentEntry = 0
    /// Sent in place of the entries before `firstSentEntry` when they were summarised.
    public private(set) var earlierSummary: String?
    /// The server's counts are valid for answers from this index on: earlier ones counted
    /// messages that are no longer sent.
    private var countsValidFrom = 0

    public init(settings: ChatSettings, entries: [ConversationEntry] = []) {
        self.settings = settings
        self.entries = entries
    }

    public init(model: String, systemPrompt: String? = nil) {
        self.init(settings: ChatSettings(model: model, systemPrompt: systemPrompt))
    }

    /// The model that answers next.
    public var model: String { settings.model }
    public var systemPrompt: String? { settings.systemPrompt }

    /// The messages a request carries: the system prompt first, then every entry, partial answers included.
    public var messages: [Message] {
        var messages: [Message] = []
        messages.reserveCapacity(entries.count + 1)
        if let systemPrompt, !systemPrompt.isEmpty { messages.append(.system(systemPrompt)) }
        if let earlierSummary { messages.append(.system(Self.summaryPreamble + earlierSummary)) }
        for entry in entries[firstSentEntry...] { messages.append(entry.message) }
        return messages
    }

    static let summaryPreamble = "A summary of the earlier part of this conversation: "

    /// Stops sending the entries before `index` (clamped to the entries there are), sending
    /// `summary` in their place when given.
    public mutating func leaveOut(before index: Int, summary: String?) {
        firstSentEntry = max(firstSentEntry, min(index, entries.count))
        earlierSummary = summary
        countsValidFrom = entries.count
    }

    public mutating func appendUser(_ text: String, images: [String] = [], storedID: StoredMessageID? = nil) {
        entries.append(ConversationEntry(message: .user(text, images: images), storedID: storedID))
    }

    /// Appends an answer from the current model; `interrupted` marks one that stopped before the model finished.
    public mutating func appendAssistant(
        _ message: Message, usage: Usage?, interrupted: Bool = false, storedID: StoredMessageID? = nil
    ) {
        entries.append(
            ConversationEntry(message: message, isInterrupted: interrupted, usage: usage, model: model, storedID: storedID))
    }

    /// Appends a tool's result (a `.tool` message answering one call of the last answer).
    public mutating func appendToolResult(_ message: Message, storedID: StoredMessageID? = nil) {
        entries.append(ConversationEntry(message: message, storedID: storedID))
    }

    /// Empties the conversation; the system prompt and the model stay.
    public mutating func clear() {
        entries.removeAll()
        firstSentEntry = 0
        earlierSummary = nil
        countsValidFrom = 0
    }

    /// Prepares to answer the last user message again: drops the answer that follows it, if any.
    /// Returns the dropped entries, or nil when there is no user message to answer.
    public mutating func dropLastAnswer() -> [ConversationEntry]? {
        var dropped: [ConversationEntry] = []
        while let last = entries.last, last.message.role != .user {
            dropped.insert(entries.removeLast(), at: 0)
        }
        firstSentEntry = min(firstSentEntry, entries.count)
        guard entries.last?.message.role == .user else {
            entries += dropped
            return nil
        }
        return dropped
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
        guard let lastCounted, lastCounted >= max(countsValidFrom, firstSentEntry),
            let counted = entries[lastCounted].usage?.totalTokens
        else {
            let estimate = TokenCount.estimate(messages).tokens
            return ContextUsage(exactTokens: 0, estimatedTokens: estimate, messageCount: entries.count - firstSentEntry)
        }
        let since = entries[(lastCounted + 1)...].map(\.message)
        return ContextUsage(
            exactTokens: counted, estimatedTokens: TokenCount.estimate(Array(since)).tokens,
            messageCount: entries.count - firstSentEntry)
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
