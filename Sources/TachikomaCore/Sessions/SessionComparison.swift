import Foundation

/// Two sessions' answers paired turn by turn (`tachikoma diff`): the first user message of one with
/// the first of the other, and so on, each with the answer that followed it. A replay has the same
/// user turns as its original, so its answers line up with the original's.
public struct SessionComparison: Sendable, Hashable {
    /// What one session answered to one user turn: every assistant message until the next user
    /// message (a tool loop gives several), with the server's counts summed.
    public struct Answer: Sendable, Hashable {
        public var model: String?
        public var content: String
        public var thoughtWords: Int
        /// Generated tokens, when the server counted every part.
        public var tokens: Int?
        /// Generated tokens per second over the parts that were timed.
        public var tokensPerSecond: Double?
        public var isInterrupted: Bool
    }

    /// One user turn and the answers to it; nil where a session has no such turn or no answer.
    public struct Turn: Sendable, Hashable {
        public var number: Int
        public var leftPrompt: String?
        public var rightPrompt: String?
        public var left: Answer?
        public var right: Answer?

        /// Both sessions asked the same thing (always so for a replay).
        public var samePrompt: Bool { leftPrompt == rightPrompt }
    }

    public var leftName: String
    public var rightName: String
    public var turns: [Turn]

    public init(_ left: SessionTranscript, _ right: SessionTranscript) {
        leftName = left.session.name
        rightName = right.session.name
        let leftTurns = Self.turns(of: left), rightTurns = Self.turns(of: right)
        turns = (0..<max(leftTurns.count, rightTurns.count)).map { index in
            let leftTurn = index < leftTurns.count ? leftTurns[index] : nil
            let rightTurn = index < rightTurns.count ? rightTurns[index] : nil
            return Turn(
                number: index + 1, leftPrompt: leftTurn?.prompt, rightPrompt: rightTurn?.prompt,
                left: leftTurn?.answer, right: rightTurn?.answer)
        }
    }

    /// Each user message with the answer that followed it.
    static func turns(of transcript: SessionTranscript) -> [(prompt: String, answer: Answer?)] {
        var turns: [(prompt: String, parts: [StoredMessage])] = []
        for stored in transcript.messages {
            switch stored.message.role {
            case .user: turns.append((stored.message.content, []))
            case .assistant where !turns.isEmpty: turns[turns.count - 1].parts.append(stored)
            default: break
            }
        }
        return turns.map { ($0.prompt, answer($0.parts)) }
    }

    static func answer(_ parts: [StoredMessage]) -> Answer? {
        guard !parts.isEmpty else { return nil }
        let contents = parts.map(\.message.content).filter { !$0.isEmpty }
        let thinking = parts.compactMap(\.message.thinking).joined(separator: " ")
        let counts = parts.map { $0.usage?.completionTokens }
        let tokens = counts.contains(nil) ? nil : counts.reduce(0) { $0 + ($1 ?? 0) }
        // The speed over the parts that have both a count and a time.
        var timedTokens = 0
        var seconds = 0.0
        for part in parts {
            guard let count = part.usage?.completionTokens, let duration = part.usage?.evalDuration else { continue }
            timedTokens += count
            seconds += duration.secondsValue
        }
        return Answer(
            model: parts.last { $0.model != nil }?.model, content: contents.joined(separator: "\n\n"),
            thoughtWords: TranscriptText.wordCount(thinking), tokens: tokens,
            tokensPerSecond: seconds > 0 ? Double(timedTokens) / seconds : nil,
            isInterrupted: parts.contains(where: \.isInterrupted))
    }
}
