import Testing
import TachikomaCore
@testable import ChatEngine
@testable import ChatREPL

@Suite struct ContextPolicyTests {
    /// A window of 64 tokens: "hi" and its answer fit, a 100-word message does not.
    private func settings(_ policy: ContextPolicy, window: Int = 64) -> ChatSettings {
        ChatSettings(model: "llama3.2", color: false, contextLength: window, contextPolicy: policy)
    }

    private let longMessage = String(repeating: "word ", count: 100)

    @Test func warnAsksAndSendsNothingWhenTheAnswerIsNo() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["short"])
        let (repl, input, output) = makeREPL(["hi", longMessage, "n"], backend: backend, settings: settings(.warn))
        _ = await repl.run()
        #expect(backend.requests.get().count == 1)
        #expect(input.prompts.get().contains("Send it anyway? [y/N] "))
        #expect(output.text.contains("Not sent"))
        #expect(repl.conversation.entries.count == 2)
    }

    @Test func trimLeavesTheOldestTurnsOutOfTheRequestAndSaysHowMany() async {
        let backend = MockBackend()
        // The server's counts as it would give them: each message ~20 tokens, each answer 5.
        for prompt in [20, 45, 45, 45] { backend.enqueueAnswer(["ok"], promptTokens: prompt, completionTokens: 5) }
        let turn = String(repeating: "x", count: 60)  // 61 bytes: 20 tokens with the framing
        let (repl, _, output) = makeREPL(
            [turn + "1", turn + "2", turn + "3", turn + "4"], backend: backend, settings: settings(.trim))
        _ = await repl.run()
        let requests = backend.requests.get()
        #expect(requests.count == 4)
        // Every request fits the window by the estimate, and the last still ends with the last message.
        for request in requests { #expect(TokenCount.estimate(request.messages).tokens <= 64) }
        #expect(requests.last?.messages.last?.content == turn + "4")
        #expect(requests.last?.messages.first?.content != turn + "1")
        #expect(output.text.contains("oldest messages out of what is sent"))
        // Nothing is forgotten: the conversation (and so the session) keeps every message.
        #expect(repl.conversation.entries.count == 8)
    }

    @Test func summarizeSendsTheModelsSummaryInPlaceOfTheOldestHalf() async {
        let backend = MockBackend()
        for prompt in [40, 85, 85] { backend.enqueueAnswer(["ok"], promptTokens: prompt, completionTokens: 5) }
        backend.completions.set(["They greeted each other."])
        let turn = String(repeating: "y", count: 140)  // 40 tokens with the framing
        let (repl, _, output) = makeREPL(
            [turn + "1", turn + "2", turn + "3"], backend: backend, settings: settings(.summarize, window: 128))
        _ = await repl.run()
        let summaryRequest = backend.completeRequests.get().first
        #expect(summaryRequest?.messages.last?.content.contains(turn + "1") == true)
        let last = backend.requests.get().last
        #expect(last?.messages.contains { $0.role == .system && $0.content.hasSuffix("They greeted each other.") } == true)
        #expect(last?.messages.contains { $0.content == turn + "1" } == false)
        #expect(last?.messages.last?.content == turn + "3")
        #expect(output.text.contains("Summarising the"))
        #expect(repl.conversation.entries.count == 6)
    }

    @Test func aSummaryThatFailsFallsBackToTrimming() async {
        let backend = MockBackend()
        for prompt in [40, 85, 85] { backend.enqueueAnswer(["ok"], promptTokens: prompt, completionTokens: 5) }
        let turn = String(repeating: "z", count: 140)
        let (repl, _, output) = makeREPL(
            [turn + "1", turn + "2", turn + "3"], backend: backend, settings: settings(.summarize, window: 128))
        _ = await repl.run()
        #expect(output.text.contains("could not summarise"))
        #expect(backend.requests.get().count == 3)
        for request in backend.requests.get() { #expect(TokenCount.estimate(request.messages).tokens <= 128) }
        #expect(backend.requests.get().last?.messages.first?.content == turn + "2")
    }

    @Test func ctxShowsAndSetsThePolicy() async {
        let (repl, _, output) = makeREPL(["/ctx policy trim", "/ctx", "/ctx policy sometimes"], settings: settings(.warn))
        _ = await repl.run()
        #expect(repl.settings.contextPolicy == .trim)
        #expect(output.text.contains("policy: trim"))
        #expect(output.text.contains("warn, trim or summarize"))
    }
}
