import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// Ctrl-C at every moment of the chat, keys typed while it is busy, pastes, and a server that
/// never answers: driven in a pseudo-terminal as a person would.
@Suite struct InterruptionTerminalTests {
    func startChat(_ server: String, home: ScratchHome = ScratchHome(), arguments: [String] = []) throws -> PseudoTerminal {
        try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server] + arguments, home: home)
    }

    /// The user messages of the last chat request the server received.
    func lastChatMessages(_ server: ScriptedOllamaServer) throws -> [String] {
        let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
        guard case .array(let messages) = body["messages"] else { return [] }
        return messages.compactMap { $0.objectValue?["content"]?.stringValue }
    }

    @Test func ctrlCDuringASlowShowReturnsThePromptWithTheConversation() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitForPrompt()
            chat.send("first question\r")
            try await chat.waitFor("You said: first question")
            try await chat.waitForPrompt()

            server.updateScript { $0.unansweredPaths = ["/api/show"] }
            let mark = chat.mark
            // The start-up checks asked for the model's details already.
            let showsSoFar = server.recordedRequests().count { $0.path == "/api/show" }
            chat.send("/show info\r")
            try await server.waitForRequest(path: "/api/show", count: showsSoFar + 1)
            chat.control("c")
            try await chat.waitFor("^C", since: mark)
            try await chat.waitForPrompt()
            #expect(chat.exitCode == nil, "Ctrl-C during a command must not end the chat")
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(10)), "the /api/show request was not closed")

            server.updateScript { $0.unansweredPaths = [] }
            chat.send("second question\r")
            try await chat.waitFor("You said: second question", since: mark)
            #expect(try lastChatMessages(server) == ["first question", "You said: first question", "second question"])
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    /// `/edit` reads the new text while the command runs, so Ctrl-C is trapped twice: by the command
    /// and by the line editor. The line editor, reading, takes it alone: the edit is abandoned and
    /// says so, with one `^C`, rather than the command being interrupted around it.
    @Test func ctrlCWhileEditingAMessageAbandonsTheEditOnly() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitForPrompt()
            chat.send("first question\r")
            try await chat.waitFor("You said: first question")
            try await chat.waitForPrompt()

            let mark = chat.mark
            chat.send("/edit\r")
            try await chat.waitFor("Ctrl-C or an empty line leaves the conversation as it was.", since: mark)
            try await chat.waitForPrompt(">>> first question")
            chat.control("c")
            try await chat.waitFor("Not edited; nothing changed.", since: mark)
            try await chat.waitForPrompt()
            let shown = chat.visibleText(since: mark)
            #expect(shown.components(separatedBy: "^C").count == 2, "not one ^C: \(shown)")
            #expect(chat.exitCode == nil)

            chat.send("second question\r")
            try await chat.waitFor("You said: second question", since: mark)
            #expect(try lastChatMessages(server) == ["first question", "You said: first question", "second question"])
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func aPasteStartingWithACommandIsOneMessage() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitForPrompt()
            chat.send("first question\r")
            try await chat.waitFor("You said: first question")
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("\u{1B}[200~/clear\rplease keep this\u{1B}[201~")
            try await chat.waitFor("please keep this", since: mark)
            chat.send("\r")
            try await chat.waitFor("You said: /clear", since: mark)
            try await chat.waitForPrompt()
            #expect(try lastChatMessages(server) == ["first question", "You said: first question", "/clear\nplease keep this"])
            #expect(!chat.visibleText(since: mark).contains("Cleared"))
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func aTripleQuotedBlockStartingWithACommandIsOneMessage() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("\"\"\"/bye\r")
            try await chat.waitFor("... ", since: mark)
            chat.send("still here\"\"\"\r")
            try await chat.waitFor("You said: /bye", since: mark)
            try await chat.waitForPrompt()
            #expect(chat.exitCode == nil)
            #expect(try lastChatMessages(server) == ["/bye\nstill here"])
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func aSpinnerShowsWhileWaitingAndCtrlCErasesIt() async throws {
        var script = ServerScript()
        script.unansweredPaths = ["/api/chat"]
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("hello\r")
            try await chat.waitFor("⠋", since: mark)
            chat.control("c")
            try await chat.waitFor("^C", since: mark)
            try await chat.waitForPrompt()
            let raw = chat.rawText(since: mark)
            let erased = try #require(raw.range(of: "\r\u{1B}[K", options: .backwards))
            let lastFrame = try #require(raw.range(of: "⠋", options: .backwards))
            #expect(lastFrame.upperBound <= erased.lowerBound, "a spinner frame was left on screen: \(raw.debugDescription)")
            let afterErase = raw[erased.upperBound...].replacingOccurrences(of: "\u{1B}[0m", with: "")
            #expect(afterErase.hasPrefix("^C\r\n"), "the prompt is not on a fresh line: \(raw.debugDescription)")
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(10)))
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func keysTypedWhileAnAnswerPrintsWaitForThePrompt() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["one", " two", " three", " four"])
        script.reply.tokenDelay = .milliseconds(150)
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("count\r")
            try await chat.waitFor("one", since: mark)
            chat.send("next question")
            try await chat.waitFor("four", since: mark)
            let answer = chat.visibleText(since: mark)
            #expect(!answer.contains("one next question"), "typed keys were echoed into the answer: \(answer)")
            // libedit shows the held keys on the new prompt's line, ready to be sent.
            try await chat.waitFor(">>> next question", since: mark)
            server.updateScript { $0.reply = ScriptedReply() }
            chat.send("\r")
            try await chat.waitFor("You said: next question", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func ctrlDTypedWhileAnAnswerPrintsLeavesAfterIt() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["one", " two", " three"])
        script.reply.tokenDelay = .milliseconds(150)
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("count\r")
            try await chat.waitFor("one", since: mark)
            chat.control("d")
            #expect(try await chat.waitForExit() == 0)
            #expect(chat.visibleText(since: mark).contains("three"), "the answer was cut short")
        }
    }

    @Test func aServerThatNeverAnswersDoesNotHoldThePrompt() async throws {
        var script = ServerScript()
        script.unansweredPaths = ["/api/version", "/api/tags", "/"]
        try await ScriptedOllamaServer.withRunning(script) { server in
            let home = ScratchHome()
            let configDirectory = home.path + "/config/tachikoma"
            try FileManager.default.createDirectory(atPath: configDirectory, withIntermediateDirectories: true)
            try #"{"connect_timeout": 1}"#.write(toFile: configDirectory + "/config.json", atomically: true, encoding: .utf8)
            let chat = try startChat(server.baseURL, home: home)
            let screen = try await chat.waitFor(">>> ")
            #expect(screen.contains("tachikoma"))
            #expect(screen.contains("has not answered within 1 s"), "no word about the silent server: \(screen)")
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func hangupEndsTheChatAndItsRequest() async throws {
        var script = ServerScript()
        script.unansweredPaths = ["/api/chat"]
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitForPrompt()
            chat.send("hello\r")
            try await server.waitForRequest(path: "/api/chat")
            chat.signal(SIGHUP)
            #expect(try await chat.waitForExit() == 128 + SIGHUP)
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(10)))
        }
    }
}
