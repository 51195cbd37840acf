import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// The tool loop in the real binary: the confirmation question in a terminal, a refused path,
/// Ctrl-C during a slow tool, and `run --tools` without a terminal.
@Suite struct ToolTerminalTests {
    /// A scratch home whose config turns tools on, with a `files` folder as the only root (holding
    /// notes.txt and a link leading out to a secret), and `policies` over the defaults.
    func toolHome(policies: [String: String] = [:]) throws -> (ScratchHome, files: String) {
        let home = ScratchHome()
        let files = home.path + "/files"
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        try "hello tools".write(toFile: files + "/notes.txt", atomically: true, encoding: .utf8)
        try "SECRET-CONTENT".write(toFile: home.path + "/secret.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: files + "/escape.txt", withDestinationPath: home.path + "/secret.txt")
        let policy = policies.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ")
        let config = #"{"connect_timeout": 60, "tools": true, "tool_roots": [""# + files + #""], "tool_policy": {"# + policy + "}}"
        try config.write(toFile: home.path + "/config/tachikoma/config.json", atomically: true, encoding: .utf8)
        return (home, files)
    }

    func script(calls: [ScriptedToolCall]) -> ServerScript {
        ServerScript(reply: ScriptedReply(content: .tokens([]), toolCalls: calls))
    }

    /// The contents of the `tool` messages in the last chat request.
    func lastToolResults(_ server: ScriptedOllamaServer) throws -> [String] {
        let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
        guard case .array(let messages) = body["messages"] else { return [] }
        return messages.compactMap(\.objectValue).filter { $0["role"] == "tool" }.compactMap { $0["content"]?.stringValue }
    }

    @Test func theConfirmationShowsWhatRunsAndTakesYesNoAndAlways() async throws {
        let (home, _) = try toolHome()
        let server = script(calls: [ScriptedToolCall(name: "read_file", arguments: ["path": "notes.txt"])])
        try await ScriptedOllamaServer.withRunning(server) { server in
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL], home: home)
            try await chat.waitForPrompt()
            var mark = chat.mark
            chat.send("what do my notes say?\r")
            try await chat.waitFor(#"[tool] read_file {"path":"notes.txt"}"#, since: mark)
            // The question names the path as given and as it resolves, broken between words.
            try await chat.waitFor("Run read_file: read the file notes.txt", since: mark)
            try await chat.waitFor("/files/notes.txt)? [y]es [n]o [a]lways:", since: mark)
            // One key answers, without Enter.
            chat.send("y")
            try await chat.waitFor("Tool results: hello tools", since: mark)
            try await chat.waitForPrompt()
            #expect(try lastToolResults(server) == ["hello tools"])

            // A key typed while the answer streams, before the question, is not its answer.
            server.updateScript { $0.reply.content = .tokens(["Let me look.", " Now."]); $0.reply.holdAfterTokens = 1 }
            mark = chat.mark
            chat.send("again\r")
            try await chat.waitFor("Let me look.", since: mark)
            chat.send("y")
            server.releaseHeldStreams()
            try await chat.waitFor("[a]lways:", since: mark)
            chat.send("n")
            try await chat.waitFor("warning: read_file: not run: the user declined", since: mark)
            try await chat.waitFor("Tool results: error: read_file: not run: the user declined", since: mark)
            try await chat.waitForPrompt()
            #expect(!chat.visibleText(since: mark).contains("Tool results: hello tools"))
            server.updateScript { $0.reply.content = .tokens([]); $0.reply.holdAfterTokens = nil }

            mark = chat.mark
            chat.send("once more\r")
            try await chat.waitFor("[a]lways:", since: mark)
            chat.send("a")
            try await chat.waitFor("Tool results: hello tools", since: mark)
            try await chat.waitForPrompt()
            // After "always" the same tool runs without the question.
            mark = chat.mark
            chat.send("and again\r")
            try await chat.waitFor("Tool results: hello tools", since: mark)
            #expect(!chat.visibleText(since: mark).contains("[a]lways"))
            try await chat.waitForPrompt()
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    /// Ctrl-C at the question discards it as at the prompt: the round stops, with one `^C`, the call
    /// is answered as cancelled, and the chat goes on.
    @Test func ctrlCAtTheQuestionStopsTheRoundAndNotTheChat() async throws {
        let (home, _) = try toolHome()
        let server = script(calls: [ScriptedToolCall(name: "read_file", arguments: ["path": "notes.txt"])])
        try await ScriptedOllamaServer.withRunning(server) { server in
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL], home: home)
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("what do my notes say?\r")
            try await chat.waitFor("[y]es [n]o [a]lways:", since: mark)
            chat.control("c")
            try await chat.waitForPrompt()
            #expect(chat.exitCode == nil)
            let shown = chat.visibleText(since: mark)
            #expect(shown.components(separatedBy: "^C").count == 2, "not one ^C: \(shown)")

            server.updateScript { $0.reply = ScriptedReply() }
            chat.send("next\r")
            try await chat.waitFor("You said: next", since: mark)
            #expect(try lastToolResults(server) == ["error: read_file: cancelled"])
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func aLinkLeadingOutsideTheRootsIsRefused() async throws {
        let (home, _) = try toolHome(policies: ["read_file": "auto"])
        let server = script(calls: [ScriptedToolCall(name: "read_file", arguments: ["path": "escape.txt"])])
        try await ScriptedOllamaServer.withRunning(server) { server in
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL], home: home)
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("read the secret\r")
            try await chat.waitFor("warning: read_file: 'escape.txt' is outside the folders tools may read (tool_roots)", since: mark)
            try await chat.waitFor("Tool results: error: read_file: 'escape.txt' is outside", since: mark)
            try await chat.waitForPrompt()
            #expect(!chat.visibleText(since: mark).contains("SECRET-CONTENT"))
            #expect(try lastToolResults(server) == ["error: read_file: 'escape.txt' is outside the folders tools may read (tool_roots)"])
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func ctrlCDuringASlowToolReturnsToThePrompt() async throws {
        let (home, _) = try toolHome(policies: ["fetch_url": "auto"])
        try await ScriptedOllamaServer.withRunning(ServerScript()) { server in
            // The tool fetches a page the server never answers.
            server.updateScript { script in
                script.reply = ScriptedReply(
                    content: .tokens([]), toolCalls: [ScriptedToolCall(name: "fetch_url", arguments: ["url": .string(server.baseURL + "/slow")])])
                script.unansweredPaths = ["/slow"]
            }
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL], home: home)
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("fetch it\r")
            try await server.waitForRequest(path: "/slow")
            chat.control("c")
            try await chat.waitFor("^C", since: mark)
            try await chat.waitForPrompt()
            #expect(chat.exitCode == nil)
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(90)), "the slow fetch was not closed")

            // The conversation kept the call and its cancelled result; the next message carries both.
            server.updateScript { $0.reply = ScriptedReply() }
            chat.send("next\r")
            try await chat.waitFor("You said: next", since: mark)
            #expect(try lastToolResults(server) == ["error: fetch_url: cancelled"])
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func runWithToolsAnswersAfterTheToolsAndRefusesAskWithoutYes() async throws {
        let (home, _) = try toolHome()
        let calls = [
            ScriptedToolCall(name: "calculate", arguments: ["expression": "6*7"]),
            ScriptedToolCall(name: "read_file", arguments: ["path": "notes.txt"]),
        ]
        try await ScriptedOllamaServer.withRunning(script(calls: calls)) { server in
            let refused = try await runCommand(
                BuiltProducts.tachikoma, ["run", "llama3.1:8b", "compute", "--tools", "--host", server.baseURL],
                environment: home.environment)
            #expect(refused.exitCode == 0)
            #expect(refused.stdout.contains("Tool results: 42 | error: read_file: not run: it needs confirmation"))
            #expect(refused.stderr.contains(#"[tool] calculate {"expression":"6*7"}"#))

            let approved = try await runCommand(
                BuiltProducts.tachikoma, ["run", "llama3.1:8b", "compute", "--tools", "--yes", "--host", server.baseURL],
                environment: home.environment)
            #expect(approved.exitCode == 0)
            #expect(approved.stdout.contains("Tool results: 42 | hello tools"))

            let without = try await runCommand(
                BuiltProducts.tachikoma, ["run", "llama3.1:8b", "compute", "--host", server.baseURL], environment: home.environment)
            let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
            #expect(body["tools"] == nil)
            #expect(without.exitCode == 0)
        }
        home.remove()
    }

    @Test func noToolsOnTheCommandLineWinsOverTheConfig() async throws {
        let (home, _) = try toolHome()
        try await ScriptedOllamaServer.withRunning { server in
            let off = try await runCommand(
                BuiltProducts.tachikoma, ["--no-tools", "--host", server.baseURL], stdin: "/tools\n", environment: home.environment)
            #expect(off.stdout.contains("Tool calling is off. 5 tools:"))
            let on = try await runCommand(
                BuiltProducts.tachikoma, ["--host", server.baseURL], stdin: "/tools\n", environment: home.environment)
            #expect(on.stdout.contains("Tool calling is on. 5 tools:"))
            #expect(on.stdout.contains("fetch_url       built-in  disabled  off"))
        }
    }

    @Test func runWithToolsStopsAtTheRoundLimit() async throws {
        let (home, _) = try toolHome()
        var script = script(calls: [ScriptedToolCall(name: "calculate", arguments: ["expression": "1+1"])])
        script.reply.toolFollowUp = .callAgain
        script.reply.content = .echo
        try await ScriptedOllamaServer.withRunning(script) { server in
            let config = home.path + "/config/tachikoma/config.json"
            let text = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: #""tools": true"#, with: #""tools": true, "tool_rounds": 2"#)
            try text.write(toFile: config, atomically: true, encoding: .utf8)
            let result = try await runCommand(
                BuiltProducts.tachikoma, ["run", "llama3.1:8b", "loop", "--tools", "--host", server.baseURL], environment: home.environment)
            #expect(result.exitCode == 0)
            #expect(result.stderr.contains("the model kept calling tools: stopped after 2 rounds (tool_rounds)"))
            // Two rounds of calls, then one request without tools, which the model answers in text.
            #expect(server.recordedRequests().count { $0.path == "/api/chat" } == 4)
            #expect(result.stdout.contains("You said: loop"))
        }
    }
}
