import Foundation
import OllamaTestSupport
import SessionStore
import Testing
import TachikomaCore

/// Saved conversations as a person meets them: a chat killed mid-answer and resumed, two chats at
/// once, and a database that cannot be used.
@Suite struct SessionTerminalTests {
    func startChat(_ server: String, home: ScratchHome, arguments: [String] = []) throws -> PseudoTerminal {
        try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server] + arguments, home: home)
    }

    func databasePath(_ home: ScratchHome) -> String {
        home.path + "/.local/share/tachikoma/tachikoma.sqlite"
    }

    /// The contents of the chat messages of the last request the server received.
    func lastChatMessages(_ server: ScriptedOllamaServer) throws -> [String] {
        let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
        guard case .array(let messages) = body["messages"] else { return [] }
        return messages.compactMap { $0.objectValue?["content"]?.stringValue }
    }

    /// Waits until the saved sessions satisfy `condition`: the chat saves what streams every quarter
    /// second, on a task of its own, so there is no output to wait on.
    func waitForStore(_ home: ScratchHome, _ condition: ([SessionTranscript]) -> Bool) async throws -> Bool {
        for _ in 0..<400 {
            if FileManager.default.fileExists(atPath: databasePath(home)) {
                let store = try SQLiteSessionStore(path: databasePath(home))
                let transcripts = try store.listSessions().map { try store.loadSession(id: $0.session.id) }
                if condition(transcripts) { return true }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func aChatKilledMidAnswerResumesWithWhatHadStreamed() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["alpha", " beta", " gamma", " delta"])
        script.reply.holdAfterTokens = 2
        let home = ScratchHome()
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try startChat(server.baseURL, home: home)
            try await chat.waitForPrompt()
            chat.send("tell me a story\r")
            try await chat.waitFor("alpha beta")
            let saved = try await waitForStore(home) { sessions in
                sessions.first?.messages.last?.message.content == "alpha beta"
            }
            #expect(saved, "the part of the answer that streamed was not saved")
            chat.signal(SIGKILL)
            #expect(try await chat.waitForExit() == 128 + SIGKILL)

            server.releaseHeldStreams()
            server.updateScript { $0.reply = ScriptedReply() }
            let resumed = try startChat(server.baseURL, home: home, arguments: ["--resume"])
            try await resumed.waitFor("Resumed \"")
            try await resumed.waitFor("2 messages")
            try await resumed.waitForPrompt()
            resumed.send("go on\r")
            try await resumed.waitFor("You said: go on")
            #expect(try lastChatMessages(server) == ["tell me a story", "alpha beta", "go on"])
            #expect(try await resumed.quitWithCtrlD() == 0)
        }
        let store = try SQLiteSessionStore(path: databasePath(home))
        let session = try #require(try store.latestSession())
        #expect(session.messages.map(\.message.content) == ["tell me a story", "alpha beta", "go on", "You said: go on"])
        #expect(session.messages.map(\.isInterrupted) == [false, true, false, false])
    }

    @Test func twoChatsAtOnceEachSaveTheirOwnSession() async throws {
        let home = ScratchHome()
        try await ScriptedOllamaServer.withRunning { server in
            let first = try startChat(server.baseURL, home: home)
            let second = try startChat(server.baseURL, home: home)
            try await first.waitForPrompt()
            try await second.waitForPrompt()
            for round in 1...3 {
                first.send("first chat \(round)\r")
                second.send("second chat \(round)\r")
                try await first.waitFor("You said: first chat \(round)")
                try await second.waitFor("You said: second chat \(round)")
                try await first.waitForPrompt()
                try await second.waitForPrompt()
            }
            for chat in [first, second] {
                #expect(!chat.visibleText.contains("warning"), "a chat could not save: \(chat.visibleText)")
            }
            #expect(try await first.quitWithCtrlD() == 0)
            #expect(try await second.quitWithCtrlD() == 0)
        }
        let store = try SQLiteSessionStore(path: databasePath(home))
        let contents = try store.listSessions().map { try store.loadSession(id: $0.session.id).messages.map(\.message.content) }
        #expect(contents.count == 2)
        for name in ["first", "second"] {
            let expected = (1...3).flatMap { ["\(name) chat \($0)", "You said: \(name) chat \($0)"] }
            #expect(contents.contains(expected), "the \(name) chat's session is not as it was")
        }
    }

    @Test func aDamagedDatabaseIsSaidInTheBannerLeftAloneAndTheChatWorks() async throws {
        let home = ScratchHome()
        let path = databasePath(home)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let garbage = Data("this is not a database, and it is someone's file\n".utf8)
        try garbage.write(to: URL(fileURLWithPath: path))
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL, home: home)
            try await chat.waitForPrompt()
            // The warning is broken between words at the terminal's width.
            let banner = chat.visibleText.replacingOccurrences(of: "\n", with: " ")
            #expect(banner.contains("is not an SQLite database; it was left untouched"))
            #expect(banner.contains("this chat is not saved."))
            chat.send("still works\r")
            try await chat.waitFor("You said: still works")
            #expect(try await chat.quitWithCtrlD() == 0)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func resumingAnUnknownSessionIsOneLineAndExit1() async throws {
        let home = ScratchHome()
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL, home: home, arguments: ["--resume", "no such thing"])
            #expect(try await chat.waitForExit() == 1)
            #expect(chat.visibleText.contains("no session named \"no such thing\""))
            #expect(!chat.visibleText.contains(">>> "))
        }
    }
}
