import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// Issue 20, points 1, 3 and 4 in the chat on a pseudo-terminal: thinking levels and hidden
/// thinking, an embedding model, Ctrl-J and Ctrl-G (with a script as `$VISUAL`).
@Suite struct ThinkingAndEditorTerminalTests {
    func startChat(
        _ server: ScriptedOllamaServer, arguments: [String] = [], environment: [String: String] = [:], home: ScratchHome = ScratchHome()
    ) throws -> PseudoTerminal {
        // The runner's own editor choice must not win over the test's.
        let editors = ["OLLAMA_EDITOR": "", "VISUAL": "", "EDITOR": ""]
        return try PseudoTerminal(
            executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL] + arguments,
            environment: editors.merging(environment, uniquingKeysWith: { $1 }), home: home)
    }

    static func chatBodies(_ server: ScriptedOllamaServer) -> [[String: JSONValue]] {
        server.recordedRequests().filter { $0.path == "/api/chat" }.compactMap { $0.json?.objectValue }
    }

    /// The content of the last user message the server received.
    static func lastUserMessage(_ server: ScriptedOllamaServer) -> String? {
        guard case .array(let messages)? = chatBodies(server).last?["messages"] else { return nil }
        return messages.last { $0.objectValue?["role"] == .string("user") }?.objectValue?["content"]?.stringValue
    }

    @Test func thinkLevelsWarningsAndHiddenThinkingThatIsStillKept() async throws {
        var script = ServerScript(models: [.qwen3, .llama31])
        script.reply.thinking = ["Pondering", " deeply."]
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try startChat(server, arguments: ["-m", "qwen3:4b"])
            try await chat.waitForPrompt()
            var mark = chat.mark
            chat.send("/set think max\r")
            try await chat.waitFor("Set 'think' mode to 'max'.", since: mark)
            try await chat.waitForPrompt()
            chat.send("/set hidethinking\r")
            try await chat.waitFor("Set 'hidethinking' mode", since: mark)
            try await chat.waitForPrompt()
            mark = chat.mark
            chat.send("/set think\r")
            try await chat.waitForPrompt()
            chat.send("first\r")
            try await chat.waitFor("You said: first", since: mark)
            try await chat.waitForPrompt()
            #expect(!chat.visibleText(since: mark).contains("Pondering"), "hidden thinking was shown")
            #expect(!chat.visibleText(since: mark).contains("Thinking..."), "hidden thinking was shown")
            // The thinking was kept with the answer: the next request carries it back.
            mark = chat.mark
            chat.send("/set showthinking\r")
            try await chat.waitFor("Set 'showthinking' mode.", since: mark)
            try await chat.waitForPrompt()
            chat.send("second\r")
            try await chat.waitFor("You said: second", since: mark)
            try await chat.waitForPrompt()
            #expect(chat.visibleText(since: mark).contains("Pondering deeply."))
            let bodies = Self.chatBodies(server)
            #expect(bodies.first?["think"] == .bool(true))
            guard case .array(let messages)? = bodies.last?["messages"] else {
                Issue.record("no messages")
                return
            }
            #expect(messages[1].objectValue?["thinking"] == .string("Pondering deeply."))

            // A model that does not think: one warning, and its requests go without think.
            mark = chat.mark
            chat.send("/model llama3.1:8b\r")
            try await chat.waitFor(
                "warning: model \"llama3.1:8b\" does not support thinking output; it answers without thinking.", since: mark)
            try await chat.waitForPrompt()
            chat.send("third\r")
            try await chat.waitFor("You said: third", since: mark)
            #expect(Self.chatBodies(server).last?["think"] == nil)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func anEmbeddingModelSaysItCannotChatAndSendsNothing() async throws {
        try await ScriptedOllamaServer.withRunning(ServerScript(models: [.llama31, .allMiniLM])) { server in
            let chat = try startChat(server, arguments: ["-m", "all-minilm"])
            // Shown in the server's spelling, as everywhere.
            let line = "all-minilm:latest is an embedding model: it embeds text and cannot chat."
            try await chat.waitFor(line)
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("hello\r")
            try await chat.waitFor(line, since: mark)
            try await chat.waitForPrompt()
            #expect(Self.chatBodies(server).isEmpty)
            chat.send("/model llama3.1:8b\r")
            try await chat.waitForPrompt()
            chat.send("now chat\r")
            try await chat.waitFor("You said: now chat", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func ctrlJStartsANewLineAndEnterSendsThemAll() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server)
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("line one")
            chat.control("j")
            chat.send("line two")
            chat.control("j")
            chat.send("/not a command\r")
            try await chat.waitFor("You said:", since: mark)
            try await chat.waitForPrompt()
            #expect(Self.lastUserMessage(server) == "line one\nline two\n/not a command")
            #expect(Self.chatBodies(server).count == 1)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    /// A folder with `editor.sh`, which notes the file it is given (its text and mode) in `seen`
    /// and `mode`, then runs `action` on it ("$1").
    func editorScript(_ action: String, in home: ScratchHome) throws -> String {
        let script = try home.file("editor.sh")
        try """
            #!/bin/sh
            cp "$1" "\(home.path)/seen"
            stat -c %a "$1" > "\(home.path)/mode"
            \(action)
            """.write(toFile: script, atomically: true, encoding: .utf8)
        // Run by `sh`, not executed itself: a file just written may still be open in a child another
        // test is starting ("text file busy").
        return "sh '\(script)'"
    }

    @Test func ctrlGEditsTheWholeInputInVisualAndBringsItBackUnsent() async throws {
        let home = ScratchHome()
        let script = try editorScript("printf 'rewritten by the editor\\nwith a second line\\n' > \"$1\"", in: home)
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server, environment: ["VISUAL": script], home: home)
            try await chat.waitForPrompt()
            let mark = chat.mark
            // An open """ block and the line being typed go to the editor together.
            chat.send("\"\"\"first line\r")
            try await chat.waitForPrompt("... ")
            chat.send("second line")
            chat.control("g")
            try await chat.waitFor("with a second line", since: mark)
            #expect(try String(contentsOfFile: home.path + "/seen", encoding: .utf8) == "first line\nsecond line\n")
            #expect(try String(contentsOfFile: home.path + "/mode", encoding: .utf8) == "600\n")
            #expect(Self.chatBodies(server).isEmpty, "Ctrl-G sent the input")
            // The text is the input now, one message with its lines; more can be typed.
            chat.send(" and more\r")
            try await chat.waitFor("You said:", since: mark)
            try await chat.waitForPrompt()
            #expect(Self.lastUserMessage(server) == "rewritten by the editor\nwith a second line and more")
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func ctrlGWithAnEmptySaveOrAMissingEditorKeepsTheInput() async throws {
        let home = ScratchHome()
        let emptying = try editorScript(": > \"$1\"", in: home)
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server, environment: ["EDITOR": emptying], home: home)
            try await chat.waitForPrompt()
            let mark = chat.mark
            // Keys typed while the editor runs come after the input it leaves.
            chat.send("keep this")
            chat.control("g")
            chat.send("!\r")
            try await chat.waitFor("You said:", since: mark)
            try await chat.waitForPrompt()
            #expect(Self.lastUserMessage(server) == "keep this!")
            #expect(try await chat.quitWithCtrlD() == 0)
        }
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server, environment: ["OLLAMA_EDITOR": "no-such-editor-here --wait"])
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("still here")
            chat.control("g")
            try await chat.waitFor("editor 'no-such-editor-here' not found; set OLLAMA_EDITOR, VISUAL or EDITOR", since: mark)
            try await chat.waitForPrompt(">>> still here")
            chat.send("\r")
            try await chat.waitFor("You said: still here", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }
}
