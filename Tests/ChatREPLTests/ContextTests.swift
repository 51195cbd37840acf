import Testing
import TachikomaCore

@testable import ChatREPL

@Suite struct ContextTests {
    @Test func usageIsExactUpToTheLastAnswerAndEstimatedSince() {
        var conversation = Conversation(model: "m", systemPrompt: "sys")
        conversation.appendUser("hello")
        conversation.appendAssistant(.assistant("hi"), usage: Usage(promptTokens: 30, completionTokens: 12))
        conversation.appendUser(String(repeating: "x", count: 40))
        let usage = conversation.contextUsage
        #expect(usage.exactTokens == 42)
        #expect(usage.estimatedTokens == 10 + 4)
        #expect(usage.totalTokens == 56)
        #expect(usage.messageCount == 3)
        #expect(!usage.isExact)
    }

    @Test func withoutCountsEverythingIsEstimatedIncludingTheSystemPrompt() {
        var conversation = Conversation(model: "m", systemPrompt: "abcd")
        conversation.appendUser("abcdefgh")
        let usage = conversation.contextUsage
        #expect(usage.exactTokens == 0)
        #expect(usage.estimatedTokens == (1 + 4) + (2 + 4))
    }

    @Test func reportShowsTokensWindowPercentAndMessages() {
        let usage = ContextUsage(exactTokens: 1000, estimatedTokens: 24, messageCount: 6)
        #expect(ContextReport.describe(usage, contextLength: 4096)
            == "context: ~1024 of 4096 tokens (num_ctx), 25% used, 6 messages — 1000 counted by the server + ~24 estimated since")
        let exact = ContextUsage(exactTokens: 2048, estimatedTokens: 0, messageCount: 2)
        #expect(ContextReport.describe(exact, contextLength: 2048) == "context: 2048 of 2048 tokens (num_ctx), 100% used, 2 messages")
        #expect(ContextReport.formatPercent(0.2) == "<1%")
    }

    @Test func ctxCommandReportsAndSetsTheWindow() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["hi"], promptTokens: 100, completionTokens: 28)
        backend.enqueueAnswer(["again"])
        let (repl, _, output) = makeREPL(["hello", "/ctx", "/ctx 8192", "/ctx", "/ctx lots", "more"], backend: backend)
        _ = await repl.run()
        #expect(output.text.contains("context: 128 of 4096 tokens (num_ctx), 3% used, 2 messages\n"))
        #expect(output.text.contains("Set parameter 'num_ctx' to '8192'"))
        #expect(output.text.contains("context: 128 of 8192 tokens (num_ctx), 2% used, 2 messages\n"))
        #expect(output.text.contains("num_ctx must be a whole number"))
        #expect(backend.requests.get().last?.options.contextLength == 8192)
    }

    @Test func warnsBeforeSendingWhatOverflowsTheWindowAndStillSendsIt() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["short"])
        backend.enqueueAnswer(["ok"])
        let settings = ChatSettings(model: "llama3.2", color: false, contextLength: 64)
        let (repl, _, output) = makeREPL(["hi", String(repeating: "word ", count: 100)], backend: backend, settings: settings)
        _ = await repl.run()
        let warnings = output.text.components(separatedBy: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("exceeds the context window (num_ctx 64)") == true)
        #expect(backend.requests.get().count == 2)
    }

    @Test func noWarningWhileItFits() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["fine"])
        let (repl, _, output) = makeREPL(["hi"], backend: backend)
        _ = await repl.run()
        #expect(repl.contextOverflowWarning() == nil)
        #expect(!output.text.contains("warning:"))
    }
}
