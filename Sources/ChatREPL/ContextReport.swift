import ChatEngine
import TachikomaCore

/// The line `/ctx` prints.
enum ContextReport {
    /// - Parameter unknownWindowAdvice: what a person can do when the window is unknown, e.g.
    ///   "/ctx N sets one", or where the server sets it.
    static func describe(
        _ usage: ContextUsage, window: ContextWindow?, unknownWindowAdvice: String = "/ctx N sets one"
    ) -> String {
        let messages = usage.messageCount == 1 ? "1 message" : "\(usage.messageCount) messages"
        guard let window else {
            return "context: \(approximate(usage))\(usage.totalTokens) tokens, \(messages); the server did not say"
                + " its context window for this model (\(unknownWindowAdvice))"
        }
        let percent = usage.percent(of: window.tokens)
        var line = "context: \(approximate(usage))\(usage.totalTokens) of \(window.tokens) tokens (\(window.label))"
            + ", \(formatPercent(percent)) used, \(messages)"
        if usage.exactTokens > 0 && usage.estimatedTokens > 0 {
            line += " — \(usage.exactTokens) counted by the server + ~\(usage.estimatedTokens) estimated since"
        } else if usage.exactTokens == 0 && usage.totalTokens > 0 {
            line += " — estimated, the server has not counted yet"
        }
        if usage.totalTokens > window.tokens {
            line += "; over the window: the server will drop the oldest tokens"
        }
        return line
    }

    /// The policy, and what it has left out of what is sent so far.
    static func describePolicy(_ policy: ContextPolicy, conversation: Conversation) -> String {
        var line = "policy: \(policy.rawValue) (/ctx policy warn|trim|summarize)"
        let leftOut = conversation.firstSentEntry
        if leftOut > 0 {
            let how = conversation.earlierSummary == nil ? "left out" : "summarised"
            line += "; the \(leftOut) oldest message\(leftOut == 1 ? " is" : "s are") \(how) of what is sent"
        }
        return line
    }

    private static func approximate(_ usage: ContextUsage) -> String {
        usage.estimatedTokens > 0 ? "~" : ""
    }

    static func formatPercent(_ percent: Double) -> String {
        if percent > 0 && percent < 1 { return "<1%" }
        return "\(Int(percent.rounded()))%"
    }
}
