import ChatEngine
import TachikomaCore

extension ChatREPL {
    /// Applies the context policy before a message goes out (`pending`, or nil when the last one is
    /// answered again). Returns false when the user chose not to send it.
    func makeRoom(for pending: Message?) async -> Bool {
        guard let window = contextWindow else { return true }
        let pendingTokens = pending.map { TokenCount.estimate([$0]).tokens } ?? 0
        let needed = conversation.contextUsage.totalTokens + pendingTokens
        guard needed > window.tokens else { return true }
        switch settings.contextPolicy {
        case .warn:
            return await confirmOverflow(needed: needed, window: window)
        case .trim:
            trim(toFit: window.tokens - pendingTokens)
            return true
        case .summarize:
            await summarize(toFit: window.tokens - pendingTokens)
            return true
        }
    }

    /// The `warn` policy: says so, and asks a person whether to send it anyway.
    private func confirmOverflow(needed: Int, window: ContextWindow) async -> Bool {
        warn(
            "with this message the conversation takes ~\(needed) tokens, more than the context window"
                + " (\(window.tokens) tokens, \(window.label)); the server would silently drop the oldest."
                + " /ctx policy trim or summarize makes room, /ctx N enlarges the window, /new starts afresh.")
        guard input.isInteractive else { return true }
        guard case .input(.text(let answer)) = await reader.read(prompt: "Send it anyway? [y/N] ", continuationPrompt: "")
        else {
            say("")
            return false
        }
        if ["y", "yes"].contains(answer.trimmingWhitespace().lowercased()) { return true }
        say("Not sent (Up brings it back).")
        return false
    }

    /// The `trim` policy: leaves the oldest turns out of what is sent until `budget` tokens suffice.
    private func trim(toFit budget: Int) {
        let start = conversation.firstSentEntry
        let cut = Self.turnStarts(in: conversation.entries, from: start + 1).first { index in
            estimatedTokens(sending: index, summary: conversation.earlierSummary) <= budget
        } ?? conversation.entries.count
        record(.leftOut(before: cut, summary: conversation.earlierSummary))
        let count = cut - start
        sayNote("Left the \(count) oldest message\(count == 1 ? "" : "s") out of what is sent, to fit the context window; the session keeps them.")
    }

    /// The `summarize` policy: the model summarises the oldest half, which is sent in its place;
    /// trims when that fails or is not enough.
    private func summarize(toFit budget: Int) async {
        let entries = conversation.entries
        let start = conversation.firstSentEntry
        let middle = start + (entries.count - start) / 2
        guard let cut = Self.turnStarts(in: entries, from: max(middle, start + 1)).first else {
            trim(toFit: budget)
            return
        }
        sayNote("Summarising the \(cut - start) oldest messages to fit the context window…")
        let messages = Self.summaryRequest(earlier: conversation.earlierSummary, entries[start..<cut])
        let session = self.session
        let (outcome, interrupted, _) = await runInterruptibly { _ -> Result<String, any Error> in
            do {
                return .success(try await session.complete(messages))
            } catch {
                return .failure(error)
            }
        }
        if interrupted { return }
        switch outcome {
        case .success(let summary) where !summary.trimmingWhitespace().isEmpty:
            record(.leftOut(before: cut, summary: summary.trimmingWhitespace()))
            sayNote("The summary goes in their place; the session keeps the messages.")
            if conversation.contextUsage.totalTokens > budget { trim(toFit: budget) }
        case .success:
            warn("the model gave an empty summary; trimming instead.")
            trim(toFit: budget)
        case .failure(let error):
            warn("could not summarise (\(Self.describe(error))); trimming instead.")
            trim(toFit: budget)
        }
    }

    private func estimatedTokens(sending from: Int, summary: String?) -> Int {
        var messages: [Message] = []
        if let prompt = settings.systemPrompt, !prompt.isEmpty { messages.append(.system(prompt)) }
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
