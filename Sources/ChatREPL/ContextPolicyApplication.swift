import ChatEngine
import TachikomaCore

/// The context policy (`/ctx policy`), applied before a message goes out that would not fit the
/// context window: warn and ask, trim the oldest turns, or summarise them.
enum ContextPolicyApplication {
    /// Applies the context policy before a message goes out (`pending`, or nil when the last one is
    /// answered again). Returns false when the user chose not to send it.
    static func makeRoom(for pending: Message?, in context: CommandContext) async -> Bool {
        let conversation = context.conversation
        guard let window = context.contextWindow.window else { return true }
        let pendingTokens = pending.map { TokenCount.estimate([$0]).tokens } ?? 0
        let needed = conversation.contextUsage.totalTokens + pendingTokens
        guard needed > window.tokens else { return true }
        switch conversation.settings.contextPolicy {
        case .warn:
            return await confirmOverflow(needed: needed, window: window, in: context)
        case .trim:
            trim(toFit: window.tokens - pendingTokens, in: context)
            return true
        case .summarize:
            await summarize(toFit: window.tokens - pendingTokens, in: context)
            return true
        }
    }

    /// The `warn` policy: says so, and asks a person whether to send it anyway.
    private static func confirmOverflow(needed: Int, window: ContextWindow, in context: CommandContext) async -> Bool {
        let screen = context.screen
        screen.warn(
            "with this message the conversation takes ~\(needed) tokens, more than the context window"
                + " (\(window.tokens) tokens, \(window.label)); the server would silently drop the oldest."
                + " /ctx policy trim or summarize makes room, /ctx N enlarges the window, /new starts afresh.")
        guard context.prompt.isInteractive else { return true }
        guard case .input(.text(let answer)) = await context.prompt.askKey("Send it anyway? [y/N] ", width: screen.columns()) else {
            screen.say("")
            return false
        }
        if ["y", "yes"].contains(answer.trimmingWhitespace().lowercased()) { return true }
        screen.say("Not sent (Up brings it back).")
        return false
    }

    /// The `trim` policy: leaves the oldest turns out of what is sent until `budget` tokens suffice.
    private static func trim(toFit budget: Int, in context: CommandContext) {
        let conversation = context.conversation
        let start = conversation.firstSentEntry
        let cut = turnStarts(in: conversation.entries, from: start + 1).first { index in
            estimatedTokens(sending: index, summary: conversation.earlierSummary, of: conversation) <= budget
        } ?? conversation.entries.count
        context.record(.leftOut(before: cut, summary: conversation.earlierSummary))
        let count = cut - start
        context.screen.sayNote("Left the \(count) oldest message\(count == 1 ? "" : "s") out of what is sent, to fit the context window; the session keeps them.")
    }

    /// The `summarize` policy: the model summarises the oldest half, which is sent in its place;
    /// trims when that fails or is not enough.
    private static func summarize(toFit budget: Int, in context: CommandContext) async {
        let screen = context.screen
        let conversation = context.conversation
        let entries = conversation.entries
        let start = conversation.firstSentEntry
        let middle = start + (entries.count - start) / 2
        guard let cut = turnStarts(in: entries, from: max(middle, start + 1)).first else {
            trim(toFit: budget, in: context)
            return
        }
        screen.sayNote("Summarising the \(cut - start) oldest messages to fit the context window…")
        let messages = summaryRequest(earlier: conversation.earlierSummary, entries[start..<cut])
        let session = context.session
        let (outcome, interrupted, _) = await context.work.run { _ -> Result<String, any Error> in
            do {
                return .success(try await session.complete(messages))
            } catch {
                return .failure(error)
            }
        }
        if interrupted { return }
        switch outcome {
        case .success(let summary) where !summary.trimmingWhitespace().isEmpty:
            context.record(.leftOut(before: cut, summary: summary.trimmingWhitespace()))
            screen.sayNote("The summary goes in their place; the session keeps the messages.")
            if context.conversation.contextUsage.totalTokens > budget { trim(toFit: budget, in: context) }
        case .success:
            screen.warn("the model gave an empty summary; trimming instead.")
            trim(toFit: budget, in: context)
        case .failure(let error):
            screen.warn("could not summarise (\(Screen.describe(error))); trimming instead.")
            trim(toFit: budget, in: context)
        }
    }

    private static func estimatedTokens(sending from: Int, summary: String?, of conversation: Conversation) -> Int {
        var messages: [Message] = []
        if let prompt = conversation.settings.systemPrompt, !prompt.isEmpty { messages.append(.system(prompt)) }
        if let summary { messages.append(.system(Conversation.summaryPreamble + summary)) }
        messages += conversation.entries[from...].map(\.message)
        return TokenCount.estimate(messages).tokens
    }

    /// The indexes from `from` on where a user's message starts a turn: where a cut leaves whole turns.
    static func turnStarts(in entries: [ConversationEntry], from: Int) -> [Int] {
        guard from < entries.count else { return [] }
        return entries.indices[from...].filter { entries[$0].message.role == .user }
    }

    /// What the model is asked to summarise: the earlier summary, if any, and the turns in order.
    static func summaryRequest(earlier: String?, _ entries: ArraySlice<ConversationEntry>) -> [Message] {
        var transcript = earlier.map { "Earlier summary: \($0)\n\n" } ?? ""
        for entry in entries {
            let speaker = entry.message.role == .user ? "User" : "Assistant"
            transcript += "\(speaker): \(entry.message.content)\n\n"
        }
        return [
            .system(
                "Summarise the conversation below in one short paragraph, for the assistant to continue it."
                    + " Keep names, numbers, facts, decisions and open questions. Write only the summary."),
            .user(transcript),
        ]
    }
}
