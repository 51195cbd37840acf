import Foundation
import TachikomaCore
import Testing

/// `tachikoma diff`: pairing two sessions' answers turn by turn, and laying them out.
@Suite struct SessionComparisonTests {
    typealias Sample = SessionTextTests

    /// The sample's replay on another model: the same user turns, other answers, one thought through.
    static func replay() -> SessionTranscript {
        let session = Session(
            id: SessionID(rawValue: 2), name: "sky on mistral", createdAt: Sample.instant(100),
            lastUsedAt: Sample.instant(200), parentID: SessionID(rawValue: 1))
        return SessionTranscript(
            session: session,
            events: [
                .message(Sample.stored(5, .user("why is the sky blue?\nbriefly"), at: 101)),
                .message(
                    Sample.stored(
                        6, .assistant("Blue light scatters off air molecules more than red light does."),
                        model: "mistral:7b", at: 102,
                        usage: Usage(completionTokens: 40, evalDuration: .milliseconds(500)))),
                .message(Sample.stored(7, .user("and at sunset?"), at: 103)),
                .message(
                    Sample.stored(
                        8, .assistant("Light crosses more air."), model: "mistral:7b", at: 104,
                        usage: Usage(completionTokens: 10, evalDuration: .milliseconds(250)))),
            ])
    }

    @Test func answersArePairedByTurnWithTheirCounts() {
        let comparison = SessionComparison(Sample.sample(), Self.replay())
        #expect(comparison.turns.count == 2)
        let first = comparison.turns[0]
        #expect(first.samePrompt)
        #expect(first.left?.model == "llama3.1:8b")
        #expect(first.left?.tokens == 298)
        #expect(first.left?.thoughtWords == 4)
        #expect(first.right?.tokens == 40)
        #expect(first.right?.tokensPerSecond == 80)
        let second = comparison.turns[1]
        #expect(second.left?.isInterrupted == true)
        #expect(second.left?.tokens == nil)
        #expect(second.right?.content == "Light crosses more air.")
    }

    @Test func aToolLoopIsOneAnswerWithItsCountsSummed() {
        let session = Session(id: SessionID(rawValue: 3), name: "tools", createdAt: Sample.instant(0), lastUsedAt: Sample.instant(0))
        let call = ToolCall(id: "1", name: "clock", arguments: [:])
        let transcript = SessionTranscript(
            session: session,
            events: [
                .message(Sample.stored(1, .user("time?"), at: 0)),
                .message(
                    Sample.stored(
                        2, Message(role: .assistant, content: "", toolCalls: [call]), model: "m", at: 1,
                        usage: Usage(completionTokens: 10, evalDuration: .seconds(1)))),
                .message(Sample.stored(3, Message(role: .tool, content: "noon", toolName: "clock"), at: 2)),
                .message(
                    Sample.stored(
                        4, .assistant("It is noon."), model: "m", at: 3,
                        usage: Usage(completionTokens: 20, evalDuration: .seconds(1)))),
            ])
        let answer = SessionComparison(transcript, transcript).turns.first?.left
        #expect(answer?.content == "It is noon.")
        #expect(answer?.tokens == 30)
        #expect(answer?.tokensPerSecond == 15)
    }

    @Test func unequalSessionsShowWhatIsMissing() {
        let replay = Self.replay()
        // `events` is the current branch, read-only: a shorter session is a new transcript.
        let shorter = SessionTranscript(session: replay.session, events: replay.events.dropLast(2))
        let comparison = SessionComparison(Sample.sample(), shorter)
        #expect(comparison.turns.count == 2)
        #expect(comparison.turns[1].rightPrompt == nil)
        #expect(!comparison.turns[1].samePrompt)
        let text = ComparisonLayout.render(comparison, width: 100)
        #expect(text.contains("A >>> and at sunset?"))
        #expect(text.contains("B >>> (no such turn)"))
        #expect(text.contains("│ (no such turn)"))
    }

    @Test func wideTerminalsGetTwoColumnsThatFit() {
        let text = ComparisonLayout.render(SessionComparison(Sample.sample(), Self.replay()), width: 80)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.allSatisfy { TextColumns.width(of: $0) <= 79 })
        #expect(lines[0].hasPrefix("A: sky "))
        #expect(lines[0].hasSuffix("│ B: sky on mistral"))
        #expect(lines.contains(">>> why is the sky blue?"))
        #expect(lines.contains("    briefly"))
        #expect(lines.contains { $0.hasPrefix("llama3.1:8b ") && $0.hasSuffix("│ mistral:7b") })
        #expect(lines.contains { $0.hasPrefix("298 tokens · 63.4 tokens/s ") && $0.hasSuffix("│ 40 tokens · 80.0 tokens/s") })
        #expect(lines.contains { $0.hasPrefix("[thinking folded: 4 words] ") && $0.hasSuffix("│ Blue light scatters off air molecules") })
        #expect(lines.contains { $0.hasPrefix("Rayleigh scattering. ") && $0.hasSuffix("│ more than red light does.") })
        #expect(lines.contains { $0.hasPrefix("[interrupted]") })
        // Every row of an answer has its divider in the same place.
        let dividers = lines.filter { $0.contains("│") }.map { TextColumns.width(of: $0.prefix { $0 != "│" }) }
        #expect(Set(dividers) == [39])
        #expect(!text.contains("short waves"))
    }

    @Test func narrowTerminalsGetTheAnswersStacked() {
        let text = ComparisonLayout.render(SessionComparison(Sample.sample(), Self.replay()), width: 40)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(!text.contains("│"))
        #expect(lines.allSatisfy { TextColumns.width(of: $0) <= 39 })
        #expect(lines.contains("A · llama3.1:8b · 298 tokens · 63.4"))
        #expect(lines.contains("B · mistral:7b · 40 tokens · 80.0"))
        #expect(lines.contains("Blue light scatters off air molecules"))
    }

    @Test func storedTextIsCleanedBeforeItIsMeasured() {
        var hostile = Self.replay()
        hostile.session.name = "x\u{1B}[2Jy"
        let text = ComparisonLayout.render(
            SessionComparison(Sample.sample(), hostile), width: 80,
            clean: { $0.replacingOccurrences(of: "\u{1B}[2J", with: "") })
        #expect(text.contains("│ B: xy\n"))
        #expect(!text.contains("\u{1B}"))
    }
}
