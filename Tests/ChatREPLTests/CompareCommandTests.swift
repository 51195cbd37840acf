import Foundation
import Testing
import TachikomaCore
import TerminalText

@testable import ChatEngine
@testable import ChatREPL

/// `/compare`: every message to several models at once, each answer kept as a branch.
@Suite struct CompareCommandTests {
    @Test func eachMessageGoesToEveryModelAndTheAnswersAreSiblingBranches() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        backend.enqueueAnswer(["Same answer."], completionTokens: 3)
        backend.enqueueAnswer(["Same answer."], completionTokens: 3)
        backend.enqueueAnswer(["After."])
        let (repl, _, output) = makeREPL(
            ["/compare llama3.2 qwen3:8b", "which is better?", "/compare off", "go on"], backend: backend, width: 100,
            saving: .store(store))
        _ = await repl.run()
        let requests = backend.requests.get()
        try #require(requests.count == 3)
        #expect(Set(requests.prefix(2).map(\.model)) == ["llama3.2:latest", "qwen3:8b"])
        #expect(requests.prefix(2).allSatisfy { $0.messages.map(\.content) == ["which is better?"] && $0.tools.isEmpty })
        // The conversation went on with the first model's answer.
        #expect(requests[2].model == "llama3.2")
        #expect(requests[2].messages.map(\.content) == ["which is better?", "Same answer.", "go on"])
        #expect(output.text.contains("Comparing llama3.2:latest, qwen3:8b: each message goes to all of them at once"))
        #expect(output.text.contains("Compare mode off: messages go to llama3.2 again."))
        // Side by side, each under its name, with its figures.
        #expect(output.text.contains("llama3.2:latest"))
        #expect(output.text.contains("Same answer.") && output.text.contains("3 tokens"))
        let saved = try #require(try store.latestSession())
        #expect(saved.branches.count == 2)
        #expect(saved.messages.map(\.model) == [nil, "llama3.2:latest", nil, "llama3.2"])
        #expect(Set(saved.allMessages.compactMap(\.model)) == ["llama3.2:latest", "qwen3:8b", "llama3.2"])
    }

    @Test func aNarrowTerminalShowsEachAnswerWholeUnderItsName() async throws {
        let backend = MockBackend()
        backend.enqueueAnswer(["One."])
        backend.enqueueAnswer(["One."])
        let (repl, _, narrow) = makeREPL(["/compare llama3.2 qwen3:8b", "hi"], backend: backend, width: 40)
        _ = await repl.run()
        #expect(narrow.text.contains("llama3.2:latest\nOne.\n") || narrow.text.contains("qwen3:8b\nOne.\n"))
        #expect(!narrow.text.contains("│"))
    }

    @Test func ctrlCStopsEveryModelAndKeepsWhatArrived() async throws {
        let backend = MockBackend()
        let (repl, _, output) = makeREPL(["/compare llama3.2 qwen3:8b", "story", "/branches"], backend: backend, width: 100)
        let interrupter = repl.interrupter
        backend.enqueue([.event(.contentDelta("Once")), .hang])
        backend.enqueue([
            .event(.contentDelta("Long ago")),
            .waitUntil { backend.requests.get().count == 2 && output.text.contains("Once") && output.text.contains("Long ago") },
            .run { interrupter.interrupt() },
            .hang,
        ])
        #expect(await repl.run() == 0)
        #expect(backend.cancelledStreams.get() == 2)
        #expect(output.text.contains("Stopped; what arrived is kept, each answer as a branch (/branches)."))
        let answers = repl.conversation.tree.nodes.filter { $0.message.role == .assistant }
        #expect(Set(answers.map(\.message.content)) == ["Once", "Long ago"])
        #expect(answers.allSatisfy { $0.isInterrupted })
        #expect(output.text.contains("2  from branch 1 after message 1 · 2 messages"))
    }

    @Test func mistakesGetOneLine() async throws {
        let (repl, _, output) = makeREPL(
            ["/compare llama3.2", "/compare llama3.2 nosuch", "/compare off", "/compare"], backend: MockBackend())
        _ = await repl.run()
        #expect(output.text.contains("/compare needs two models or more, e.g. /compare llama3.2 OTHER-MODEL.\n"))
        #expect(output.text.contains("Unknown model 'nosuch'. /model lists the models there.\n"))
        #expect(output.text.contains("Not comparing: nothing to turn off.\n"))
        #expect(output.text.contains("Not comparing. /compare MODEL MODEL sends each message to both at once.\n"))
        #expect(repl.comparing == nil)
    }

    @Test func aResizeMidAnswerDrawsAnewAtTheNewWidthWithoutErasingReflowedRows() {
        let output = CapturingOutput(width: 100)
        var view = CompareView(names: ["a", "b"], output: output, style: TerminalStyle(enabled: false))
        view.apply(.text("alpha beta"), to: 0)
        view.apply(.text("gamma"), to: 1)
        #expect(output.text.contains("\u{1B}[J"), "the live area is redrawn in place while the width holds")
        let mark = output.text.count
        output.resize(to: 70)
        view.apply(.text(" delta"), to: 1)
        let afterResize = String(output.text.dropFirst(mark))
        #expect(!afterResize.contains("\u{1B}[J"), "rows the terminal reflowed are left, not erased")
        view.apply(.answerEnded(.interrupted), to: 0)
        view.apply(.answerEnded(.interrupted), to: 1)
        view.finish()
        let last = output.text.split(separator: "\n").suffix(4)
        #expect(last.allSatisfy { DisplayWidth.of($0.replacingOccurrences(of: "\r\u{1B}[2A\u{1B}[J", with: "")) < 70 })
        #expect(output.text.hasSuffix("stopped\n\n"))
        output.resize(to: 40)
        var narrow = CompareView(names: ["a", "b"], output: output, style: TerminalStyle(enabled: false))
        narrow.apply(.text("one"), to: 0)
        narrow.apply(.answerEnded(.interrupted), to: 0)
        #expect(output.text.hasSuffix("stopped\n\n") && output.text.contains("\na\none\n"))
    }

    @Test func aServersErrorInACompareIsSanitized() async throws {
        let backend = MockBackend()
        backend.enqueue([.fail(.serviceUnavailable(url: "http://127.0.0.1:1", reason: "down\u{1B}]0;owned\u{07}"))])
        backend.enqueue([.fail(.serviceUnavailable(url: "http://127.0.0.1:1", reason: "down\u{1B}]0;owned\u{07}"))])
        let (repl, _, output) = makeREPL(["/compare llama3.2 qwen3:8b", "hi"], backend: backend)
        _ = await repl.run()
        #expect(output.text.contains("failed: "))
        #expect(!output.text.contains("\u{1B}]0;"))
    }
}
