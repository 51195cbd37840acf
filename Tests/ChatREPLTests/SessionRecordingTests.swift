import Foundation
import Testing
import TachikomaCore
@testable import ChatEngine
@testable import ChatREPL

/// The chat's conversation as the session store sees it: every change the chat makes is saved,
/// and a saved session comes back as it was.
@Suite struct SessionRecordingTests {
    @Test func everyTurnAndSwitchIsSavedAsItHappens() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        backend.enqueueAnswer(["Hello", " there"], promptTokens: 12, completionTokens: 3)
        backend.enqueueAnswer(["Bonjour"])
        let (repl, _, _) = makeREPL(
            ["hi", "/model qwen3:8b", "/system Be brief.", "again"], backend: backend, saving: .store(store))
        _ = await repl.run()
        let saved = try #require(try store.latestSession())
        #expect(saved.session.name.hasSuffix(" hi"))
        #expect(saved.messages.map(\.message.content) == ["hi", "Hello there", "again", "Bonjour"])
        #expect(saved.messages.map(\.model) == [nil, "llama3.2", nil, "qwen3:8b"])
        #expect(saved.messages[1].usage?.promptTokens == 12)
        #expect(saved.finalSettings.model == "qwen3:8b")
        #expect(saved.finalSettings.systemPrompt == "Be brief.")
        #expect(saved.userTurns.map(\.settings.model) == ["llama3.2", "qwen3:8b"])
        // The conversation's entries know where they are stored.
        #expect(repl.conversation.entries.compactMap(\.storedID) == saved.messages.map(\.id))
    }

    @Test func anInterruptedAnswerIsSavedMarkedAndRetryReplacesIt() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        backend.enqueue([.event(.contentDelta("part")), .fail(.streamEndedEarly(partial: "part"))])
        backend.enqueueAnswer(["whole"])
        let (repl, _, _) = makeREPL(["hi", "/retry"], backend: backend, saving: .store(store))
        _ = await repl.run()
        let saved = try #require(try store.latestSession())
        #expect(saved.messages.map(\.message.content) == ["hi", "whole"])
        #expect(saved.messages.map(\.isInterrupted) == [false, false])
        #expect(repl.conversation.entries.count == 2)
    }

    @Test func clearAndNewStartAnotherSessionAndTheOldOneStays() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        backend.enqueueAnswer(["one"])
        backend.enqueueAnswer(["two"])
        let (repl, _, _) = makeREPL(["first", "/new", "second"], backend: backend, saving: .store(store))
        _ = await repl.run()
        let sessions = try store.listSessions()
        #expect(sessions.count == 2)
        #expect(sessions.map(\.messageCount) == [2, 2])
    }

    @Test func saveNamesAndLoadBringsASessionBackWithItsSettings() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        backend.enqueueAnswer(["one"])
        backend.enqueueAnswer(["two"])
        let (first, _, out1) = makeREPL(
            ["/set temperature 0.3", "first", "/save My Notes", "/model qwen3:8b"], backend: backend, saving: .store(store))
        _ = await first.run()
        #expect(out1.text.contains("Saved this session as \"My Notes\"."))
        let (second, _, out2) = makeREPL(["/load my notes", "more"], backend: backend, saving: .store(store))
        _ = await second.run()
        #expect(out2.text.contains("Loaded \"My Notes\": 2 messages, model qwen3:8b."))
        #expect(second.settings.options.temperature == 0.3)
        let request = try #require(backend.requests.get().last)
        #expect(request.model == "qwen3:8b")
        #expect(request.messages.map(\.content) == ["first", "one", "more"])
        #expect(try store.loadSession(named: "My Notes").messages.count == 4)
    }

    /// Issue 20: `--resume` without a name takes the session used last, and `/load` is a use.
    @Test func loadMakesASessionTheOneUsedLast() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        backend.enqueueAnswer(["one"])
        backend.enqueueAnswer(["two"])
        let (first, _, _) = makeREPL(["older", "/save older", "/new", "newer", "/save newer"], backend: backend, saving: .store(store))
        _ = await first.run()
        #expect(try store.latestSession()?.session.name == "newer")
        let (second, _, out) = makeREPL(["/load older"], backend: backend, saving: .store(store))
        _ = await second.run()
        #expect(out.text.contains("Loaded \"older\""))
        #expect(try store.latestSession()?.session.name == "older")
        #expect(try store.listSessions().map(\.session.name) == ["older", "newer"])
    }

    @Test func aStoreThatFailsIsSaidOnceAndTheChatGoesOn() async throws {
        let store = InMemorySessionStore()
        store.failEveryCall(with: .diskFull(path: "/data/tachikoma.sqlite"))
        let backend = MockBackend()
        backend.enqueueAnswer(["one"])
        backend.enqueueAnswer(["two"])
        let (repl, _, output) = makeREPL(["first", "second"], backend: backend, saving: .store(store))
        _ = await repl.run()
        let warnings = output.text.components(separatedBy: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings == ["warning: /data/tachikoma.sqlite cannot be written: the disk is full; this chat is no longer saved."])
        #expect(backend.requests.get().count == 2)
        #expect(repl.conversation.entries.count == 4)
    }

    @Test func anUnavailableStoreIsSaidInTheBanner() async throws {
        let (repl, _, output) = makeREPL([], saving: .unavailable(.locked(path: "/data/tachikoma.sqlite")))
        _ = await repl.run()
        #expect(output.text.contains("warning: /data/tachikoma.sqlite is locked by another process; try again when it finishes; this chat is not saved."))
    }

    @Test func replaySendsEachUserTurnWithItsSettingsToTheOtherModelAsALinkedSession() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        for answer in ["a1", "a2", "b1", "b2"] { backend.enqueueAnswer([answer]) }
        let (repl, _, output) = makeREPL(
            ["/system Be terse.", "q1", "/set temperature 0.5", "q2", "/replay qwen3:8b"], backend: backend,
            saving: .store(store))
        _ = await repl.run()
        let requests = backend.requests.get()
        #expect(requests.count == 4)
        #expect(requests[2].model == "qwen3:8b")
        #expect(requests[2].messages.map(\.content) == ["Be terse.", "q1"])
        #expect(requests[2].options.temperature == nil)
        #expect(requests[3].options.temperature == 0.5)
        #expect(requests[3].messages.map(\.content) == ["Be terse.", "q1", "b1", "q2"])
        let sessions = try store.listSessions()
        #expect(sessions.count == 2)
        let replay = try #require(sessions.first { $0.session.parentID != nil })
        #expect(replay.models == ["qwen3:8b"])
        #expect(replay.session.name.hasSuffix("· qwen3:8b"))
        #expect(output.text.contains("Replayed 2 messages"))
    }

    @Test func aConversationRoundTripsThroughJSON() throws {
        var conversation = Conversation(settings: ChatSettings(model: "m", systemPrompt: "s", contextLength: 4096))
        conversation.appendUser("hi", storedID: StoredMessageID(rawValue: 7))
        conversation.appendAssistant(.assistant("yo"), usage: Usage(promptTokens: 3, completionTokens: 1), interrupted: true)
        conversation.leaveOut(before: 1, summary: "greeting")
        let data = try JSONEncoder().encode(conversation)
        #expect(try JSONDecoder().decode(Conversation.self, from: data) == conversation)
    }
}

@Suite struct SessionBrowsingTests {
    @Test func sessionsHistoryAndSearchShowWhatWasSaved() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        backend.enqueueAnswer(["Rayleigh", " scattering"])
        backend.enqueue([.event(.thinkingDelta("hmm")), .event(.contentDelta("Blue light")), .event(.done(
            CompletionResponse(model: "m", content: "", finishReason: .stop, usage: Usage(promptTokens: 9, completionTokens: 2))))])
        let (repl, _, output) = makeREPL(
            ["why is the sky blue", "/save Sky", "and the sea", "/sessions", "/history", "/search scattering"],
            backend: backend, saving: .store(store))
        _ = await repl.run()
        let text = output.text
        #expect(text.contains("Sky"))
        #expect(text.contains("why is the sky blue"))
        #expect(text.contains("Rayleigh scattering"))
        let history = try #require(text.range(of: ">>> why is the sky blue")).upperBound
        #expect(!text[history...].contains("hmm"), "thinking is folded in /history")
        #expect(text[history...].contains("[thinking folded"))
        #expect(!text.contains("from now"))
        #expect(text.components(separatedBy: "scattering").count >= 3, "/search shows the match again")
    }

    @Test func historyWithoutAStoreShowsTheConversationAndSessionsSaysWhy() async throws {
        let backend = MockBackend()
        backend.enqueueAnswer(["pong"])
        let (repl, _, out) = makeREPL(["ping", "/history", "/sessions"], backend: backend, saving: .off)
        _ = await repl.run()
        #expect(out.text.contains("ping"))
        #expect(out.text.contains("Sessions are not saved in this chat"))
    }
}

@Suite struct NamedSessionCommandTests {
    @Test func historyOfANamedSessionAndSaveUnderATakenName() async throws {
        let store = InMemorySessionStore()
        let backend = MockBackend()
        backend.enqueueAnswer(["first answer"])
        backend.enqueueAnswer(["second answer"])
        let (first, _, _) = makeREPL(["question one", "/save Taken"], backend: backend, saving: .store(store))
        _ = await first.run()
        let (second, _, output) = makeREPL(
            ["question two", "/save taken", "/history Taken", "/history nosuch"], backend: backend, saving: .store(store))
        _ = await second.run()
        #expect(output.text.contains("a session named \"Taken\" already exists; choose another name"))
        #expect(output.text.contains("first answer"))
        #expect(output.text.contains("no session named \"nosuch\""))
    }
}
