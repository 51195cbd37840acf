import Testing
import TachikomaCore

@testable import ChatEngine
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
        #expect(ContextReport.describe(usage, window: ContextWindow(tokens: 4096, source: .chosen(parameter: "num_ctx")))
            == "context: ~1024 of 4096 tokens (num_ctx), 25% used, 6 messages — 1000 counted by the server + ~24 estimated since")
        let exact = ContextUsage(exactTokens: 2048, estimatedTokens: 0, messageCount: 2)
        #expect(ContextReport.describe(exact, window: ContextWindow(tokens: 2048, source: .loaded))
            == "context: 2048 of 2048 tokens (as loaded on the server), 100% used, 2 messages")
        #expect(ContextReport.describe(exact, window: nil)
            == "context: 2048 tokens, 2 messages; the server did not say its context window for this model (/ctx N sets one)")
        #expect(ContextReport.formatPercent(0.2) == "<1%")
    }

    @Test func ctxCommandReportsAndSetsTheWindow() async {
        let backend = MockBackend()
        backend.details = ModelDetails(name: "llama3.2", contextLength: 131_072)
        backend.enqueueAnswer(["hi"], promptTokens: 100, completionTokens: 28)
        backend.enqueueAnswer(["again"])
        backend.enqueueAnswer(["and again"])
        let (repl, _, output) = makeREPL(
            ["hello", "/ctx", "/ctx 8192", "/ctx", "/ctx lots", "/ctx 64", "more", "/ctx off", "last"], backend: backend)
        _ = await repl.run()
        // Nothing set: the server's own window, and no num_ctx in the request to make it reload.
        #expect(output.text.contains("context: 128 of 131072 tokens (the model's context length), <1% used, 2 messages\n"))
        #expect(output.text.contains("Set parameter 'num_ctx' to '8192'"))
        #expect(output.text.contains("context: 128 of 8192 tokens (num_ctx), 2% used, 2 messages\n"))
        #expect(output.text.contains("num_ctx must be a whole number from 128"))
        #expect(output.text.contains("Cleared parameter 'num_ctx'"))
        let sent = backend.requests.get().map(\.options.contextLength)
        #expect(sent == [nil, 8192, nil])
    }

    @Test func aWindowBeyondTheModelsMaximumIsSetWithAWarning() async {
        let backend = MockBackend()
        backend.details = ModelDetails(name: "llama3.2", contextLength: 8192)
        let (repl, _, output) = makeREPL(["/ctx 32768", "/set num_ctx 16384", "/set num_ctx 4096"], backend: backend)
        _ = await repl.run()
        let warnings = output.text.components(separatedBy: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings.count == 2)
        #expect(warnings.first?.contains("num_ctx 32768 is more than llama3.2 was trained for (8192 tokens)") == true)
        #expect(repl.settings.contextLength == 4096)
    }

    @Test func warnsBeforeSendingWhatOverflowsTheWindowAndStillSendsIt() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["short"])
        backend.enqueueAnswer(["ok"])
        let settings = ChatSettings(model: "llama3.2", color: false, contextLength: 64)
        let (repl, _, output) = makeREPL(["hi", String(repeating: "word ", count: 100), "y"], backend: backend, settings: settings)
        _ = await repl.run()
        let warnings = output.text.components(separatedBy: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("more than the context window (64 tokens, num_ctx)") == true)
        #expect(backend.requests.get().count == 2)
    }

    @Test func noWarningWhileItFits() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["fine"])
        let (repl, _, output) = makeREPL(["hi"], backend: backend)
        _ = await repl.run()
        #expect(!output.text.contains("warning:"))
    }
}
