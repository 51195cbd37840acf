import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// The interactive chat, driven in a pseudo-terminal as a person would use it.
@Suite struct ChatTerminalTests {
    static let up = "\u{1B}[A"

    func startChat(_ server: String, home: ScratchHome = ScratchHome(), arguments: [String] = []) throws -> PseudoTerminal {
        try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server] + arguments, home: home)
    }

    @Test func promptAndBannerAppearAndCtrlDExits0() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL)
            let screen = try await chat.waitFor(">>> ")
            #expect(screen.contains("llama3.1:8b"))
            #expect(screen.contains("0.12.6"))
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    /// Issue 20: a model is shown one way everywhere: `-m sloth` on Ollama is `sloth:latest` in the
    /// banner, the model list, /history and the session list.
    @Test func aModelIsShownOneWayEverywhere() async throws {
        let script = ServerScript(models: [ScriptedModel(name: "sloth:latest"), ScriptedModel(name: "qwen3:4b")])
        try await ScriptedOllamaServer.withRunning(script) { server in
            let home = ScratchHome()
            let chat = try startChat(server.baseURL, home: home, arguments: ["-m", "sloth"])
            let banner = try await chat.waitFor(">>> ")
            #expect(banner.contains("sloth:latest"))
            let mark = chat.mark
            chat.send("hi\r")
            try await chat.waitFor("You said: hi", since: mark)
            try await chat.waitForPrompt()
            for (command, shows) in [("/model", "* sloth:latest"), ("/history", "Model: sloth:latest"), ("/sessions", "MESSAGES")] {
                let before = chat.mark
                chat.send(command + "\r")
                try await chat.waitFor(shows, since: before)
                try await chat.waitFor(">>> ", since: before)
            }
            let shown = chat.visibleText(since: mark)
            #expect(shown.contains("* sloth:latest"))
            #expect(shown.contains("Model: sloth:latest"))
            #expect(!shown.replacingOccurrences(of: "sloth:latest", with: "").contains("sloth"), "\(shown)")
            #expect(try server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue?["model"] == "sloth:latest")
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func answerStreamsBeforeTheStreamEnds() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["alpha", " beta", " gamma", " delta", " omega"])
        // The server holds the rest of the answer until "alpha" is on the screen.
        script.reply.holdAfterTokens = 1
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitFor(">>> ")
            let mark = chat.mark
            chat.send("hello\r")
            try await chat.waitFor("alpha", since: mark)
            server.releaseHeldStreams()
            try await chat.waitFor("omega", since: mark)
            try await chat.waitFor(">>> ", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func upRecallsInputAcrossRestarts() async throws {
        let home = ScratchHome()
        try await ScriptedOllamaServer.withRunning { server in
            let first = try startChat(server.baseURL, home: home)
            try await first.waitFor(">>> ")
            first.send("remember this line\r")
            try await first.waitFor("You said: remember this line")
            first.send("/bye\r")
            #expect(try await first.waitForExit() == 0)

            let second = try startChat(server.baseURL, home: home)
            try await second.waitFor(">>> ")
            let mark = second.mark
            // The newest entry is `/bye`; the one before it is the question.
            second.send(Self.up)
            try await second.waitFor("/bye", since: mark)
            second.send(Self.up)
            try await second.waitFor("remember this line", since: mark)
            second.send("\r")
            try await second.waitFor("You said: remember this line", since: mark)
            #expect(try await second.quitWithCtrlD() == 0)
        }
    }

    @Test func tabCompletesSlashCommands() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitFor(">>> ")
            let mark = chat.mark
            chat.send("/mo\t")
            try await chat.waitFor("/model", since: mark)
            chat.send("\r")
            // `/model` alone lists the server's models with the current one marked.
            try await chat.waitFor("qwen3:4b", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func switchingModelKeepsTheConversation() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitFor(">>> ")
            chat.send("first question\r")
            try await chat.waitFor("You said: first question")
            let mark = chat.mark
            chat.send("/model qwen3:4b\r")
            try await chat.waitFor(">>> ", since: mark)
            chat.send("second question\r")
            try await chat.waitFor("You said: second question", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)

            let chats = server.recordedRequests().filter { $0.path == "/api/chat" }.compactMap { $0.json?.objectValue }
            let last = try #require(chats.last)
            #expect(last["model"] == "qwen3:4b")
            guard case .array(let messages) = last["messages"] else { Issue.record("no messages"); return }
            let contents = messages.compactMap { $0.objectValue?["content"]?.stringValue }
            #expect(contents == ["first question", "You said: first question", "second question"])
        }
    }

    @Test func ctrlCMidStreamReturnsThePromptAndDisconnects() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["partial", " answer", " never", " finished"])
        script.reply.failure = .stall(afterTokens: 2)
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitFor(">>> ")
            chat.send("tell me\r")
            try await chat.waitFor("partial answer")
            let mark = chat.mark
            chat.control("c")
            // The server never ends this answer: the prompt can only come back through the Ctrl-C.
            try await chat.waitFor(">>> ", since: mark)
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(90)))
            #expect(chat.exitCode == nil, "Ctrl-C during an answer must not end the chat")

            // The partial answer stays in the conversation: the next turn sends it back.
            server.updateScript { $0.reply = ScriptedReply() }
            chat.send("go on\r")
            try await chat.waitFor("You said: go on", since: mark)
            let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
            guard case .array(let messages) = body["messages"] else { Issue.record("no messages"); return }
            #expect(messages.count == 3)
            #expect(messages[1].objectValue?["content"]?.stringValue?.hasPrefix("partial answer") == true)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func ctrlCAtThePromptHintsHowToLeave() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitFor(">>> ")
            let mark = chat.mark
            chat.send("half typed")
            // A person sees the text before pressing Ctrl-C (which would discard unread typeahead).
            try await chat.waitFor("half typed", since: mark)
            chat.control("c")
            try await chat.waitFor("/bye", since: mark)
            #expect(chat.exitCode == nil)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func serverDownAtStartAndUpLater() async throws {
        // The port stays held (refusing connections) until the server listens on that very socket.
        let reserved = try ReservedPort()
        let url = reserved.url
        let chat = try startChat(url)
        let banner = try await chat.waitFor(">>> ")
        #expect(banner.contains(url), "the warning names the server: \(banner)")
        let mark = chat.mark
        chat.send("anyone there?\r")
        try await chat.waitFor("ollama serve", since: mark)
        try await chat.waitFor(">>> ", since: mark)

        try await ScriptedOllamaServer.withRunning(listeningOn: reserved) { _ in
            let mark = chat.mark
            chat.send("/retry\r")
            try await chat.waitFor("You said: anyone there?", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func unknownCommandNeverReachesTheModel() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL)
            try await chat.waitFor(">>> ")
            let mark = chat.mark
            chat.send("/modle\r")
            try await chat.waitFor("/model", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
            #expect(server.recordedRequests().filter { $0.path == "/api/chat" }.isEmpty)
        }
    }

    @Test func runCtrlCExits130() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["slow", " answer"])
        script.reply.failure = .stall(afterTokens: 1)
        try await ScriptedOllamaServer.withRunning(script) { server in
            let run = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["run", "--host", server.baseURL, "llama3.1:8b", "hi"])
            try await run.waitFor("slow")
            run.control("c")
            #expect(try await run.waitForExit() == 130)
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(90)))
        }
    }
}
