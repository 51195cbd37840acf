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
    /// The answer reached the server's length limit (`done_reason` length); with `isInterrupted`,
    /// what `/continue` takes up. Saved with the answer, so a resumed session keeps it.
    public var reachedLengthLimit: Bool? = nil

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

/// The chat so far: the settings it runs with (model, system prompt, options) and its messages, as
/// a tree whose current branch is what the next request carries.
///
/// A value, and the one copy of the model and system prompt: the REPL holds one and changes it only
/// through `ChatREPL.record(_:)`, which saves each change too. Switching models keeps the messages,
/// so the next request carries the whole history to the new model. `/undo`, `/edit`, `/retry` and
/// `/branch` move where the current branch ends; what they leave stays in the tree as a branch.
public struct Conversation: Sendable, Hashable, Codable {
    public var settings: ChatSettings
    /// Every message of every branch.
    public private(set) var tree = ConversationTree<ConversationEntry>()
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
        for entry in entries { tree.append(entry) }
    }

    /// A conversation with branches: `tree`'s head ends the current branch.
    public init(settings: ChatSettings, tree: ConversationTree<ConversationEntry>) {
        self.settings = settings
        self.tree = tree
    }

    public init(model: String, systemPrompt: String? = nil) {
        self.init(settings: ChatSettings(model: model, systemPrompt: systemPrompt))
    }

    /// The current branch's messages, in order.
    public var entries: [ConversationEntry] { tree.branch }

    /// The model that answers next.
    public var model: String { settings.model }
    public var systemPrompt: String? { settings.systemPrompt }

    /// The messages a request carries: the system prompt first, then every entry of the current
    /// branch, partial answers included.
    public var messages: [Message] {
        var messages: [Message] = []
        messages.reserveCapacity(tree.path.count + 1)
        if let systemPrompt, !systemPrompt.isEmpty { messages.append(.system(systemPrompt)) }
        if let earlierSummary { messages.append(.system(Self.summaryPreamble + earlierSummary)) }
        for index in tree.path.dropFirst(firstSentEntry) { messages.append(tree.nodes[index].message) }
        return messages
    }

    public static let summaryPreamble = "A summary of the earlier part of this conversation: "

    /// Stops sending the entries before `index` (clamped to the entries there are), sending
    /// `summary` in their place when given.
    public mutating func leaveOut(before index: Int, summary: String?) {
        firstSentEntry = max(firstSentEntry, min(index, tree.path.count))
        earlierSummary = summary
        countsValidFrom = tree.path.count
    }

    public mutating func appendUser(_ text: String, images: [String] = [], storedID: StoredMessageID? = nil) {
        appendUser(.user(text, images: images), storedID: storedID)
    }

    /// Appends a user message as it is, with what is attached to it.
    public mutating func appendUser(_ message: Message, storedID: StoredMessageID? = nil) {
        tree.append(ConversationEntry(message: message, storedID: storedID))
    }

    /// Appends an answer from the current model; `interrupted` marks one that stopped before the model finished.
    public mutating func appendAssistant(
        _ message: Message, usage: Usage?, interrupted: Bool = false, storedID: StoredMessageID? = nil,
        model: String? = nil
    ) {
        tree.append(
            ConversationEntry(
                message: message, isInterrupted: interrupted, usage: usage, model: model ?? self.model, storedID: storedID))
    }

    /// Appends a tool's result (a `.tool` message answering one call of the last answer).
    public mutating func appendToolResult(_ message: Message, storedID: StoredMessageID? = nil) {
        tree.append(ConversationEntry(message: message, storedID: storedID))
    }

    /// Changes the current branch's last entry (an answer that `/continue` lengthens).
    public mutating func updateLastEntry(_ change: (inout ConversationEntry) -> Void) {
        guard let head = tree.head else { return }
        tree.update(head, change)
    }

    /// Empties the conversation, every branch; the system prompt and the model stay.
    public mutating func clear() {
        tree.removeAll()
        firstSentEntry = 0
        earlierSummary = nil
        countsValidFrom = 0
    }

    /// Makes node `index` the current branch's end (nil: an empty branch). Nothing is removed.
    public mutating func moveHead(to index: Int?) {
        let old = tree.path
        tree.moveHead(to: index)
        let shared = zip(old, tree.path).prefix { $0 == $1 }.count
        if shared < firstSentEntry {
            // The messages left out are not all on this branch: send it whole until the policy trims it again.
            firstSentEntry = 0
            earlierSummary = nil
            countsValidFrom = 0
        } else if firstSentEntry > 0 {
            countsValidFrom = max(countsValidFrom, shared)
        }
    }

    /// The indices (in `entries`) of the current branch's user messages, in order: what `/history`
    /// numbers from 1.
    public var userEntryIndices: [Int] {
        tree.path.indices.filter { tree.nodes[tree.path[$0]].message.role == .user }
    }

    /// The last answer, when the conversation ends with one.
    public var lastAnswer: ConversationEntry? {
        guard let last = entries.last, last.message.role == .assistant else { return nil }
        return last
    }

    /// How much of the context window the conversation takes: exact up to the last answer the server
    /// counted, estimated for what was appended since.
    public var contextUsage: ContextUsage {
        let entries = self.entries
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
