import Foundation
import OllamaTestSupport
import SessionStore
import Testing
import TachikomaCore

/// `tachikoma replay NAME --model A --model B` against the scripted server: each model gets the
/// session's messages in order, with the settings each was first sent with, and each replay is
/// saved as a session linked to the original.
@Suite struct ReplayCommandTests {
    /// "trip": a system prompt, a first question, then temperature 0.2 and a second question.
    func seedTrip(_ home: SessionHome) throws {
        let store = try home.store()
        let trip = try store.createSession(
            NewSession(
                name: "trip", firstUserText: "plan a trip",
                settings: [.model("llama3.1:8b"), .systemPrompt("You are a travel agent.")]))
        _ = try store.appendMessage(.user("plan a trip"), to: trip.id)
        _ = try store.appendMessage(.assistant("Where to?"), to: trip.id, model: "llama3.1:8b")
        var options = GenerationOptions()
        options.temperature = 0.2
        try store.recordSetting(.options(options), in: trip.id)
        _ = try store.appendMessage(.user("somewhere warm"), to: trip.id)
        _ = try store.appendMessage(.assistant("Lisbon."), to: trip.id, model: "llama3.1:8b")
    }

    @Test func eachModelGetsTheTurnsInOrderWithTheirSettingsAndIsSavedLinked() async throws {
        let home = SessionHome()
        defer { home.remove() }
        try seedTrip(home)
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await home.run(["replay", "trip", "--model", "qwen3:4b", "--model", "llama3.1:8b", "--host", server.baseURL])
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            for model in ["qwen3:4b", "llama3.1:8b"] { #expect(result.stdout.contains("# \(model)")) }
            #expect(result.stdout.contains("[1/2] >>> plan a trip"))
            #expect(result.stdout.contains("You said: somewhere warm"))

            let chats = server.recordedRequests().filter { $0.path == "/api/chat" }.compactMap { $0.json?.objectValue }
            #expect(chats.map { $0["model"]?.stringValue } == ["qwen3:4b", "qwen3:4b", "llama3.1:8b", "llama3.1:8b"])
            let firstTurn = chats.first?["messages"].flatMap { message -> [String]? in
                guard case .array(let items) = message else { return nil }
                return items.compactMap { $0.objectValue?["content"]?.stringValue }
            }
            #expect(firstTurn == ["You are a travel agent.", "plan a trip"])
            #expect(chats.first?["options"]?.objectValue?["temperature"] == nil)
            #expect(chats[1]["options"]?.objectValue?["temperature"] == .number(0.2))
        }
        let store = try home.store()
        let sessions = try store.listSessions()
        #expect(sessions.count == 3)
        let original = try #require(sessions.first { $0.session.name == "trip" })
        let replays = sessions.filter { $0.session.parentID == original.session.id }
        #expect(Set(replays.map(\.models)) == [["qwen3:4b"], ["llama3.1:8b"]])
        #expect(replays.allSatisfy { $0.messageCount == 4 })
    }

    @Test func anUnknownSessionOrNoModelIsOneLine() async throws {
        let home = SessionHome()
        defer { home.remove() }
        try seedTrip(home)
        let unknown = try await home.run(["replay", "nope", "--model", "qwen3:4b", "--host", "127.0.0.1:9"])
        #expect(unknown.exitCode == 1)
        #expect(unknown.stderr.contains("no session named \"nope\""))
        try await ScriptedOllamaServer.withRunning { server in
            let missing = try await home.run(["replay", "trip", "--model", "nosuch", "--host", server.baseURL])
            #expect(missing.exitCode == 1)
            #expect(missing.stderr.contains("model 'nosuch' is not on the server"))
            #expect(server.recordedRequests().filter { $0.path == "/api/chat" }.isEmpty)
        }
        let noModel = try await home.run(["replay", "trip"])
        #expect(noModel.exitCode == 2)
        #expect(noModel.stderr.contains("--model"))
    }
}
