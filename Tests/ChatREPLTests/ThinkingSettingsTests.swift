import Foundation
import Testing
import TachikomaCore

@testable import ChatEngine
@testable import ChatREPL

/// `/set think` with levels, `/set hidethinking` and `/set showthinking`, the warning for a model that
/// does not think, and an embedding model in the chat.
@Suite struct ThinkingSettingsTests {
    @Test func thinkTakesOllamasLevelsAndSaysWhichItSet() async {
        let (repl, _, output) = makeREPL(["/set think max", "/set think low", "/set think off", "/set think true"])
        _ = await repl.run()
        #expect(repl.settings.think == .enabled(true))
        #expect(output.text.contains("Set 'think' mode to 'max'.\n"))
        #expect(output.text.contains("Set 'think' mode to 'low'.\n"))
        #expect(output.text.contains("Set 'nothink' mode.\n"))
        #expect(output.text.contains("Set 'think' mode.\n"))
    }

    @Test func hideAndShowThinkingAreADisplaySettingNotRecorded() async {
        let (repl, _, output) = makeREPL(["/set hidethinking", "/set"])
        _ = await repl.run()
        #expect(repl.settings.hidesThinking)
        #expect(output.text.contains("Set 'hidethinking' mode: thinking is not shown (it is still saved).\n"))
        #expect(output.text.contains("  thinking "))
        #expect(output.text.contains(" hidden\n"))
        let (shown, _, _) = makeREPL(["/set hidethinking", "/set showthinking"])
        _ = await shown.run()
        #expect(!shown.settings.hidesThinking)
        let (spelled, _, said) = makeREPL(["/set thinking hidden", "/set thinking sometimes", "/set hidethinking now"])
        _ = await spelled.run()
        #expect(spelled.settings.hidesThinking)
        #expect(said.text.contains("thinking takes shown or hidden, not 'sometimes'\n"))
        #expect(said.text.contains("/set hidethinking takes no value\n"))
        var before = repl.settings
        before.hidesThinking = false
        #expect(SessionRecorder.changes(from: before, to: repl.settings).isEmpty)
    }

    @Test func completionOffersTheNewWordsAndLevels() {
        let table = SettingTable(.chatSettingsOnly)
        let first = SetCommand.completions(previous: [], table: table)
        #expect(first.contains("hidethinking") && first.contains("showthinking") && first.contains("nothink"))
        #expect(SetCommand.completions(previous: ["thinking"], table: table) == ["shown", "hidden"])
        #expect(SetCommand.completions(previous: ["think"], table: table) == ["on", "off", "low", "medium", "high", "max"])
    }

    @Test func hiddenThinkingIsNotDrawnButKeptWithTheAnswer() async {
        let backend = MockBackend()
        backend.enqueue([
            .event(.thinkingDelta("secret reasoning")), .event(.contentDelta("The answer.")),
            .event(.done(CompletionResponse(model: "m", content: "", finishReason: .stop))),
        ])
        var settings = ChatSettings(model: "llama3.2", color: false)
        settings.hidesThinking = true
        let (repl, _, output) = makeREPL(["why?"], backend: backend, settings: settings)
        _ = await repl.run()
        #expect(output.text.contains("The answer."))
        #expect(!output.text.contains("secret"))
        #expect(!output.text.contains("Thinking..."))
        #expect(repl.conversation.entries.last?.message.thinking == "secret reasoning")
    }

    @Test func aModelThatCannotThinkIsWarnedOnceAndAskedWithoutThink() async {
        let backend = MockBackend()
        backend.details = ModelDetails(name: "llama3.2", capabilities: [.completion, .tools])
        backend.enqueueAnswer(["ok"])
        let (repl, _, output) = makeREPL(["/set think high", "hi"], backend: backend)
        _ = await repl.run()
        #expect(output.text.contains(
            "warning: model \"llama3.2\" does not support thinking output; it answers without thinking."))
        #expect(backend.requests.get().last?.think == nil)
        // A model that thinks: the level goes out, and nothing is said.
        let thinker = MockBackend()
        thinker.details = ModelDetails(name: "llama3.2", capabilities: [.completion, .thinking])
        thinker.enqueueAnswer(["ok"])
        let (other, _, quiet) = makeREPL(["/set think high", "hi"], backend: thinker)
        _ = await other.run()
        #expect(!quiet.text.contains("warning"))
        #expect(thinker.requests.get().last?.think == .level("high"))
    }

    @Test func anEmbeddingModelIsSaidOnceAndNeverSentTo() async {
        let backend = MockBackend()
        backend.details = ModelDetails(name: "llama3.2", capabilities: [.embedding])
        let (repl, _, output) = makeREPL(["hello"], backend: backend)
        _ = await repl.run()
        let line = "llama3.2 is an embedding model: it embeds text and cannot chat."
        #expect(output.text.components(separatedBy: line).count == 3, "\(output.text)")
        #expect(backend.requests.get().isEmpty)
    }
}
