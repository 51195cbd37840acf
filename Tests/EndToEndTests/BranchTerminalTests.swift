import Foundation
import OllamaTestSupport
import SessionStore
import Testing
import TachikomaCore

/// Conversations as trees, as a person uses them in a pseudo-terminal: a database made by the
/// release of 2026-12-06 resumed, /undo, Ctrl-C then /continue, /edit, /branches and /branch, and a
/// /compare of two models stopped with Ctrl-C.
@Suite struct BranchTerminalTests {
    static let ctrlC = "\u{03}"

    /// The release's database, copied where the binary looks for it in `home`.
    static func seedReleasedDatabase(in home: SessionHome) throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SessionStoreTests/Fixtures/release-2026-12-06.sqlite").path
        let target = home.databasePath
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixture, toPath: target)
    }

    func startChat(_ server: String, home: SessionHome, arguments: [String] = []) throws -> PseudoTerminal {
        try PseudoTerminal(
            executable: BuiltProducts.tachikoma, arguments: ["--host", server] + arguments,
            environment: ["XDG_DATA_HOME": home.home.path + "/data"], home: home.home)
    }

    @Test func undoContinueEditAndBranchOnAResumedReleaseDatabase() async throws {
        let home = SessionHome()
        try Self.seedReleasedDatabase(in: home)
        var script = ServerScript()
        script.reply.content = .tokens(["alpha", " beta", " gamma", " delta"])
        // The first answer stops after "alpha" until released: Ctrl-C comes in the middle of it.
        script.reply.holdAfterTokens = 1
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try startChat(server.baseURL, home: home, arguments: ["--resume", "first-session"])
            try await chat.waitFor("Resumed \"first-session\": 6 messages.")
            try await chat.waitForPrompt()
            var mark = chat.mark
            chat.send("/undo\r")
            try await chat.waitFor("Took back 1 exchange, 2 messages; they stay on branch 1", since: mark)

            mark = chat.mark
            chat.send("tell me\r")
            try await chat.waitFor("alpha", since: mark)
            chat.send(Self.ctrlC)
            try await chat.waitFor("^C", since: mark)
            server.releaseHeldStreams()
            mark = chat.mark
            chat.send("/continue\r")
            // The request ends with the partial answer; the server goes on from it, on the same line.
            try await chat.waitFor("alpha beta gamma delta", since: mark)
            let continued = try #require(server.recordedRequests().last { $0.path == "/api/chat" })
            guard case .array(let messages)? = continued.json?.objectValue?["messages"] else {
                Issue.record("the request has no messages: \(continued.bodyText)")
                return
            }
            #expect(messages.last?.objectValue?["role"]?.stringValue == "assistant")
            #expect(messages.last?.objectValue?["content"]?.stringValue == "alpha")

            mark = chat.mark
            chat.send("/edit 1\r")
            try await chat.waitFor(">>> hello there", since: mark)
            chat.send(" again\r")
            try await chat.waitFor("delta", since: mark)

            mark = chat.mark
            chat.send("/branches\r")
            try await chat.waitFor("3  from the start · 2 messages · \"hello there again\"  ← current", since: mark)
            #expect(chat.visibleText(since: mark).contains("2  from branch 1 after message 4 · 6 messages · \"tell me\""))
            mark = chat.mark
            chat.send("/branch 2\r")
            try await chat.waitFor("On branch 2: 6 messages.", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
        let listed = try await home.run(["branches", "first-session", "--json"])
        #expect(listed.exitCode == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["number"] as? Int } == [1, 2, 3])
        #expect(rows.map { $0["current"] as? Bool } == [false, true, false])
        #expect(rows[1]["lastUserMessage"] as? String == "tell me")
        // The continued answer is one message, whole, not interrupted.
        let saved = try home.store().loadSession(named: "first-session")
        #expect(saved.messages.suffix(2).map(\.message.content) == ["tell me", "alpha beta gamma delta"])
        #expect(saved.messages.last?.isInterrupted == false)
        #expect(saved.allMessages.count == 10)
    }

    @Test func aCompareOfTwoModelsStoppedWithCtrlCKeepsBothAnswers() async throws {
        let home = SessionHome()
        var script = ServerScript()
        script.reply.content = .tokens(["alpha", " beta", " gamma"])
        script.reply.holdAfterTokens = 1
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try startChat(server.baseURL, home: home)
            try await chat.waitForPrompt()
            var mark = chat.mark
            chat.send("/compare llama3.1:8b qwen3:4b\r")
            try await chat.waitFor("Comparing llama3.1:8b, qwen3:4b", since: mark)
            mark = chat.mark
            chat.send("which is better?\r")
            // Side by side: both names over their columns, each column's first word in.
            try await chat.waitForScreen("both columns") { lines in
                lines.contains { $0.hasPrefix("llama3.1:8b") && $0.contains("│ qwen3:4b") }
                    && lines.contains { $0.hasPrefix("alpha") && $0.contains("│ alpha") }
            }
            chat.send(Self.ctrlC)
            try await chat.waitFor("Stopped; what arrived is kept, each answer as a branch (/branches).", since: mark)
            mark = chat.mark
            chat.send("/branches\r")
            try await chat.waitFor("2  from branch 1 after message 1 · 2 messages · \"which is better?\"", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
        let history = try await home.run(["history", "--all", try #require(try home.store().listSessions().first?.session.name)])
        #expect(history.stdout.contains("── branch 2: from branch 1 after message 1 ──"))
        #expect(history.stdout.components(separatedBy: "[interrupted]").count == 3)
    }
}
