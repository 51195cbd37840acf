import Foundation
import Testing
import TachikomaCore

@testable import ChatEngine
@testable import ChatREPL

/// `/undo`, `/edit`, `/retry`, `/continue`, `/branches` and `/branch`: what the next request carries,
/// what the store keeps, and one line for each mistake.
@Suite struct BranchCommandTests {
    static func backend(answers: [String]) -> MockBackend {
        let backend = MockBackend()
        for answer in answers { backend.enqueueAnswer([answer]) }
        return backend
    }

    @Test func undoTakesBackTheLastExchangeAndTheStoreKeepsItAsABranch() async throws {
        let store = InMemorySessionStore()
        let backend = Self.backend(answers: ["one", "two", "three"])
        let (repl, _, output) = makeREPL(
            ["first", "second", "/undo", "second again", "/branches"], backend: backend, saving: .store(store))
        _ = await repl.run()
        let requests = backend.requests.get()
        try #require(requests.count == 3)
        #expect(requests[2].messages.map(\.content) == ["first", "one", "second again"])
        #expect(output.text.contains("Took back 1 exchange, 2 messages; they stay on branch 1 (/branch 1 goes back)."))
        #expect(output.text.contains("1  main line · 4 messages · \"second\"\n"))
        #expect(output.text.contains("2  from branch 1 after message 2 · 4 messages · \"second again\"  ← current"))
        let saved = try #require(try store.latestSession())
        #expect(saved.messages.map(\.message.content) == ["first", "one", "second again", "three"])
        #expect(saved.allMessages.map(\.message.content) == ["first", "one", "second", "two", "second again", "three"])
        #expect(saved.branches.count == 2)
    }

    @Test func undoNTakesBackSeveralAndMoreThanThereAreTakesAll() async throws {
        let backend = Self.backend(answers: ["one", "two", "three"])
        let (repl, _, output) = makeREPL(["a", "b", "/undo 2", "c", "/undo 5"], backend: backend)
        _ = await repl.run()
        #expect(backend.requests.get()[2].messages.map(\.content) == ["c"])
        #expect(output.text.contains("Took back 2 exchanges, 4 messages"))
        #expect(output.text.contains("Took back 1 exchange (there were only 1), 2 messages"))
        #expect(repl.conversation.entries.isEmpty)
        #expect(repl.conversation.tree.nodes.count == 6, "nothing is deleted")
    }

    @Test func undoTakesToolMessagesWithTheirExchange() async throws {
        let backend = MockBackend()
        backend.enqueueAnswer(["plain"])
        let (repl, _, _) = makeREPL(["hi"], backend: backend)
        _ = await repl.run()
        // A tool round by hand: the exchange is everything from the user message on.
        repl.record(.userMessage(.user("what time is it?")))
        repl.record(.answerBegan)
        repl.record(.answerEnded(.assistant("", toolCalls: [ToolCall(id: "1", name: "time", arguments: [:])]), usage: nil, interrupted: false))
        repl.record(.toolResult(.tool("12:00", name: "time", callID: "1")))
        repl.record(.answerBegan)
        repl.record(.answerEnded(.assistant("It is noon."), usage: nil, interrupted: false))
        _ = BranchCommands.undo(ParsedCommand("/undo")!, in: repl.commandContext)
        #expect(repl.conversation.entries.map(\.message.content) == ["hi", "plain"])
    }

    @Test func editPutsTheMessageOnTheLineAndSendingItForks() async throws {
        let store = InMemorySessionStore()
        let backend = Self.backend(answers: ["one", "two", "two, again"])
        let (repl, input, _) = makeREPL(
            ["first", "second", "/edit 1", "first, better"], backend: backend, saving: .store(store))
        _ = await repl.run()
        #expect(input.prefills.get() == ["first"])
        let requests = backend.requests.get()
        try #require(requests.count == 3)
        #expect(requests[2].messages.map(\.content) == ["first, better"])
        let saved = try #require(try store.latestSession())
        #expect(saved.messages.map(\.message.content) == ["first, better", "two, again"])
        #expect(saved.allMessages.count == 6)
        #expect(input.history.get().contains("first, better"))
    }

    @Test func editWithoutANumberTakesTheLastMessage() async throws {
        let backend = Self.backend(answers: ["one", "two", "three"])
        let (repl, input, _) = makeREPL(["first", "second", "/edit", "second, better"], backend: backend)
        _ = await repl.run()
        #expect(input.prefills.get() == ["second"])
        #expect(backend.requests.get()[2].messages.map(\.content) == ["first", "one", "second, better"])
    }

    @Test func anEmptyLineOrCtrlCAbandonsTheEditAndChangesNothing() async throws {
        let backend = Self.backend(answers: ["one"])
        let input = ScriptedInput(events: [.text("first"), .text("/edit"), .text("   "), .text("/edit"), .interrupted])
        let output = CapturingOutput()
        let repl = ChatREPL(
            backend: backend, settings: ChatSettings(model: "llama3.2", color: false), input: input, output: output,
            handlesSignals: false, startupTimeout: inProcessStartupTimeout)
        _ = await repl.run()
        #expect(output.text.components(separatedBy: "Not edited; nothing changed.").count == 3)
        #expect(repl.conversation.tree.nodes.count == 2)
        #expect(repl.conversation.entries.map(\.message.content) == ["first", "one"])
        #expect(backend.requests.get().count == 1)
    }

    @Test func retryKeepsTheEarlierAnswerAsASiblingAndBranchGoesBack() async throws {
        let store = InMemorySessionStore()
        let backend = Self.backend(answers: ["first try", "second try", "after"])
        let (repl, _, output) = makeREPL(
            ["question", "/retry", "/branch 1", "go on"], backend: backend, saving: .store(store))
        _ = await repl.run()
        let requests = backend.requests.get()
        try #require(requests.count == 3)
        #expect(requests[1].messages.map(\.content) == ["question"])
        #expect(requests[2].messages.map(\.content) == ["question", "first try", "go on"])
        #expect(output.text.contains("On branch 1: 2 messages."))
        let saved = try #require(try store.latestSession())
        #expect(saved.messages.map(\.message.content) == ["question", "first try", "go on", "after"])
        #expect(saved.allMessages.map(\.message.content).contains("second try"))
    }

    @Test func continueSendsThePartialAnswerLastAndLengthensIt() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        backend.enqueue([.event(.contentDelta("Once upon")), .fail(.streamEndedEarly(partial: "Once upon"))])
        backend.enqueueAnswer([" a time."])
        let (repl, _, output) = makeREPL(["tell a story", "/continue", "/continue"], backend: backend, saving: .store(store))
        _ = await repl.run()
        let requests = backend.requests.get()
        try #require(requests.count == 2)
        #expect(requests[1].messages == [.user("tell a story"), .assistant("Once upon")])
        #expect(repl.conversation.entries.map(\.message.content) == ["tell a story", "Once upon a time."])
        #expect(repl.conversation.lastAnswer?.isInterrupted == false)
        #expect(output.text.contains("Once upon a time.\n"))
        #expect(output.text.contains("The last answer is complete: there is nothing to continue. /retry asks again."))
        let saved = try #require(try store.latestSession())
        #expect(saved.messages.map(\.message.content) == ["tell a story", "Once upon a time."])
        #expect(saved.messages.map(\.isInterrupted) == [false, false])
        #expect(saved.allMessages.count == 2, "the same message, not a new one")
    }

    @Test func anAnswerCutByTheLengthLimitCanBeContinued() async throws {
        let backend = MockBackend()
        let cut = CompletionResponse(model: "m", content: "", finishReason: .length, usage: Usage(completionTokens: 2))
        backend.enqueue([.event(.contentDelta("Half")), .event(.done(cut))])
        backend.enqueueAnswer([" and the rest."])
        let (repl, _, output) = makeREPL(["go", "/continue"], backend: backend)
        _ = await repl.run()
        #expect(output.text.contains("/continue asks for the rest"))
        #expect(backend.requests.get().last?.messages.last == .assistant("Half"))
        #expect(repl.conversation.lastAnswer?.message.content == "Half and the rest.")
        // The answer counts both parts: 2 tokens, then the continuation's 5.
        #expect(repl.conversation.lastAnswer?.usage?.completionTokens == 7)
    }

    @Test func anAnswerCutByTheLengthLimitCanBeContinuedAfterAResume() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        let cut = CompletionResponse(model: "m", content: "", finishReason: .length, usage: Usage(completionTokens: 2))
        backend.enqueue([.event(.contentDelta("Half")), .event(.done(cut))])
        let (first, _, _) = makeREPL(["go", "/save long"], backend: backend, saving: .store(store))
        _ = await first.run()

        let transcript = try store.loadSession(named: "long")
        let resumedBackend = MockBackend()
        resumedBackend.enqueueAnswer([" and the rest."])
        let output = CapturingOutput()
        let resumed = ChatREPL(
            backend: resumedBackend, resuming: transcript, settings: ChatSettings(model: "llama3.2", color: false),
            store: store, input: ScriptedInput(["/continue"]), output: output, handlesSignals: false,
            startupTimeout: inProcessStartupTimeout)
        _ = await resumed.run()
        #expect(!output.text.contains("nothing to continue"), "\(output.text)")
        #expect(resumedBackend.requests.get().last?.messages.last == .assistant("Half"))
        let saved = try store.loadSession(named: "long")
        #expect(saved.messages.map(\.message.content) == ["go", "Half and the rest."])
        #expect(saved.messages.last?.reachedLengthLimit == false)
    }

    @Test func mistakesGetOneLineAndTheChatGoesOn() async throws {
        let backend = Self.backend(answers: ["one"])
        let (repl, _, output) = makeREPL(
            ["/undo", "/edit", "/continue", "/retry", "/branches", "hi", "/edit 99", "/edit x", "/branch 0", "/branch 7",
             "/branch", "/undo zero", "/continue"],
            backend: backend)
        #expect(await repl.run() == 0)
        let lines = [
            "Nothing to undo: the conversation has no message of yours yet.",
            "Nothing to edit: the conversation has no message of yours yet.",
            "Nothing to continue: the conversation does not end with an answer.",
            "Nothing to retry: send a message first.",
            "No branches yet: the conversation starts with your first message.",
            "There is no message 99 to edit: yours are numbered 1 to 1 (/history shows them).",
            "There is no message x to edit: yours are numbered 1 to 1 (/history shows them).",
            "There is no branch 0: /branches lists only 1.",
            "There is no branch 7: /branches lists only 1.",
            "Usage: /branch N, where N is a branch's number from /branches (1 to 1).",
            "Usage: /undo [N], where N is how many of your messages to take back (1 or more).",
            "The last answer is complete: there is nothing to continue. /retry asks again.",
        ]
        for line in lines { #expect(output.text.contains(line + "\n"), "\(line)") }
        #expect(repl.conversation.entries.map(\.message.content) == ["hi", "one"])
    }

    @Test func aResumedSessionComesBackOnItsBranchWithTheOthersKept() async throws {
        let store = InMemorySessionStore()
        let backend = Self.backend(answers: ["one", "two", "two'"])
        let (first, _, _) = makeREPL(["a", "b", "/edit", "b'", "/save tree"], backend: backend, saving: .store(store))
        _ = await first.run()
        let transcript = try store.loadSession(named: "tree")
        let resumedBackend = Self.backend(answers: ["three"])
        let output = CapturingOutput()
        let resumed = ChatREPL(
            backend: resumedBackend, resuming: transcript, settings: ChatSettings(model: "llama3.2", color: false),
            store: store, input: ScriptedInput(["/branches", "/branch 1", "c"]), output: output, handlesSignals: false,
            startupTimeout: inProcessStartupTimeout)
        _ = await resumed.run()
        #expect(output.text.contains("2  from branch 1 after message 2 · 4 messages · \"b'\"  ← current"))
        #expect(resumedBackend.requests.get().last?.messages.map(\.content) == ["a", "one", "b", "two", "c"])
        let saved = try store.loadSession(named: "tree")
        #expect(saved.messages.map(\.message.content) == ["a", "one", "b", "two", "c", "three"])
        #expect(saved.allMessages.count == 8)
    }

    @Test func editingAMessageOfSeveralLinesSaysHowToSendIt() async throws {
        let backend = Self.backend(answers: ["one", "two"])
        let input = ScriptedInput(events: [.message("line one\nline two"), .text("/edit"), .message("line one\nline 2")])
        let output = CapturingOutput()
        let repl = ChatREPL(
            backend: backend, settings: ChatSettings(model: "llama3.2", color: false), input: input, output: output,
            handlesSignals: false, startupTimeout: inProcessStartupTimeout)
        _ = await repl.run()
        #expect(input.prefills.get() == ["line one\nline two"])
        #expect(output.text.contains("Editing message 1: a \"\"\" line ends it and sends it;"))
        #expect(backend.requests.get().last?.messages.map(\.content) == ["line one\nline 2"])
    }
}
