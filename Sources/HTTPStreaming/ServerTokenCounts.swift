import Foundation
import TachikomaCore

/// Remembers the server's own token count of the last answered conversation, so `countTokens` can
/// give an exact number for it instead of an estimate.
///
/// After an answer, its usage (Ollama's `prompt_eval_count + eval_count`, OpenAI's `prompt_tokens +
/// completion_tokens`) is what the server counted for the messages
/// sent plus the answer. A later count of a conversation that begins with exactly those messages
/// (and the answer as the next assistant message) uses that number, and estimates only the
/// messages added since; it is exact when nothing was added. Anything else is estimated with
/// `TokenCount.estimate`. A server may count fewer prompt tokens than were sent when it truncated the
/// prompt to its context window: the number is then what the model really saw, which is what the count is for.
public final class ServerTokenCounts: @unchecked Sendable {
    // @unchecked: all state is behind `lock`.
    private let lock = NSLock()
    private var coveredMessages: [Message] = []
    private var coveredTokens: Int?

    /// Notes the server's count after `prompt` was answered with `response`.
    public init() {}

    public func record(prompt: [Message], response: CompletionResponse) {
        guard let promptTokens = response.usage.promptTokens, let completionTokens = response.usage.completionTokens
        else { return }
        lock.withLock {
            coveredMessages = prompt + [response.message]
            coveredTokens = promptTokens + completionTokens
        }
    }

    public func count(_ messages: [Message]) -> TokenCount {
        let (covered, tokens) = lock.withLock { (coveredMessages, coveredTokens) }
        guard let tokens, !covered.isEmpty, messages.count >= covered.count, messages.starts(with: covered) else {
            return TokenCount.estimate(messages)
        }
        let added = Array(messages.dropFirst(covered.count))
        if added.isEmpty { return TokenCount(tokens: tokens, isExact: true) }
        return TokenCount(tokens: tokens + TokenCount.estimate(added).tokens, isExact: false)
    }
}
