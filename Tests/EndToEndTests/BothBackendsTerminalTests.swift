import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// Issue 9: the same things a person does, once against the Ollama API and once against the
/// OpenAI-compatible one (the scripted server answers both: `/api/…` and `/v1/…`), and a chat that
/// moves between the two.
@Suite struct BothBackendsTerminalTests {
    /// The server kinds a config file can name, with where each one's API lives on the scripted server.
    enum Kind: String, CaseIterable, Sendable {
        case ollama, openai

        func url(of server: ScriptedOllamaServer) -> String {
            self == .ollama ? server.baseURL : server.openAIBaseURL
        }

        /// The path the chat's answers are asked at.
        var chatPath: String { self == .ollama ? "/api/chat" : "/v1/chat/completions" }
    }

    /// A config naming `servers` (name → kind and scripted server), the first one the default.
    func writeConfig(_ home: ScratchHome, _ servers: [(name: String, kind: Kind, url: String)]) throws {
        let path = home.path + "/config/tachikoma/config.json"
        let entries = servers.map { #""\#($0.name)": {"kind": "\#($0.kind.rawValue)", "url": "\#($0.url)"}"# }
        let text = #"{"connect_timeout": 60, "default_server": "\#(servers[0].name)", "servers": {\#(entries.joined(separator: ", "))}}"#
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0o600) == 0)
    }

    /// A chat at its first prompt, configured with two servers: `local` (the Ollama API of one
    /// scripted server, the default) and `compat` (the OpenAI-compatible API of another, answering
    /// with `openAIScript`).
    func withChatOnTwoServers(
        openAIScript: ServerScript = ServerScript(),
        _ body: (_ chat: PseudoTerminal, _ ollama: ScriptedOllamaServer, _ openAI: ScriptedOllamaServer) async throws -> Void
    ) async throws {
        try await ScriptedOllamaServer.withRunning { ollama in
            try await ScriptedOllamaServer.withRunning(openAIScript) { openAI in
                let home = ScratchHome()
                try writeConfig(home, [("local", .ollama, ollama.baseURL), ("compat", .openai, openAI.openAIBaseURL)])
                let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: [], home: home)
                try await chat.waitForPrompt()
                try await body(chat, ollama, openAI)
            }
        }
    }

    @Test(arguments: Kind.allCases)
    func aChatStreamsRecallsAndSurvivesCtrlC(kind: Kind) async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["one", " two", " three", " four", " five"])
        try await ScriptedOllamaServer.withRunning(script) { server in
            let home = ScratchHome()
            try writeConfig(home, [("here", kind, kind.url(of: server))])
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: [], home: home)
            try await chat.waitForPrompt()
            var mark = chat.mark
            chat.send("count\r")
            try await chat.waitFor("one two three four five", since: mark)
            try await chat.waitForPrompt()

            // Up brings the last line back.
            mark = chat.mark
            chat.send("\u{1B}[A")
            try await chat.waitFor(">>> count", since: mark)
            chat.control("u")

            // Ctrl-C in the middle of a slow answer: back at the prompt, the connection closed.
            server.updateScript { $0.reply.tokenDelay = .milliseconds(300) }
            mark = chat.mark
            chat.send("count slowly\r")
            try await chat.waitFor("one", since: mark)
            chat.control("c")
            try await chat.waitForPrompt()
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(30)))

            // The conversation is intact: the next request carries both turns.
            server.updateScript { $0.reply = ScriptedReply() }
            mark = chat.mark
            chat.send("and then?\r")
            try await chat.waitFor("You said: and then?", since: mark)
            let request = try #require(server.recordedRequests().last { $0.path == kind.chatPath })
            let sent = Self.messageContents(request)
            #expect(sent.first == "count" && sent.contains("count slowly") && sent.last == "and then?", "\(sent)")
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test(arguments: Kind.allCases)
    func runAndListAnswerFromEitherKind(kind: Kind) async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["exactly", " these", " words"])
        try await ScriptedOllamaServer.withRunning(script) { server in
            let home = ScratchHome()
            try writeConfig(home, [("here", kind, kind.url(of: server))])
            let run = try await runCommand(
                BuiltProducts.tachikoma, ["run", "--server", "here", "llama3.1:8b", "say it"], environment: home.environment)
            #expect(run.exitCode == 0, "\(run.stderr)")
            #expect(run.stdout == "exactly these words\n")
            #expect(server.recordedRequests().contains { $0.path == kind.chatPath })

            let list = try await runCommand(BuiltProducts.tachikoma, ["list", "--server", "here"], environment: home.environment)
            #expect(list.exitCode == 0, "\(list.stderr)")
            #expect(list.stdout.contains("llama3.1:8b"), "\(list.stdout)")
            // OpenAI's model list gives no size: shown as unknown, never as "0 B".
            let row = list.stdout.split(separator: "\n").first { $0.hasPrefix("llama3.1:8b") } ?? ""
            #expect(row.contains("0 B") == false, "\(list.stdout)")
            if kind == .openai { #expect(row.contains(" - "), "\(list.stdout)") }
        }
    }

    /// An OpenAI-compatible server serves the models it was started with: `pull` says so in one
    /// line and asks the server nothing.
    @Test func pullOnAnOpenAIServerSaysItCannotInOneLine() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let home = ScratchHome()
            try writeConfig(home, [("compat", .openai, server.openAIBaseURL)])
            let pull = try await runCommand(BuiltProducts.tachikoma, ["pull", "gemma3:1b"], environment: home.environment)
            #expect(pull.exitCode == 1)
            #expect(pull.stdout.isEmpty)
            #expect(
                pull.stderr
                    == "Error: server 'compat' cannot pull models; it serves the models it was started with, so add 'gemma3:1b' there\n")
            #expect(server.recordedRequests().isEmpty)
        }
    }

    @Test func aConversationMovesFromOllamaToAnOpenAIServerAndBack() async throws {
        var openAIScript = ServerScript()
        openAIScript.reply.content = .tokens(["over", " SSE"])
        try await withChatOnTwoServers(openAIScript: openAIScript) { chat, ollama, openAI in
            var mark = chat.mark
            chat.send("first\r")
            try await chat.waitFor("You said: first", since: mark)
            try await chat.waitForPrompt()

            mark = chat.mark
            chat.send("/server compat\r")
            try await chat.waitFor("Switched to compat", since: mark)
            chat.send("second\r")
            try await chat.waitFor("over SSE", since: mark)
            try await chat.waitForPrompt()
            let toOpenAI = try #require(openAI.recordedRequests().last { $0.path == "/v1/chat/completions" })
            #expect(Self.messageContents(toOpenAI) == ["first", "You said: first", "second"])

            mark = chat.mark
            chat.send("/server local\r")
            try await chat.waitFor("Switched to local", since: mark)
            chat.send("third\r")
            try await chat.waitFor("You said: third", since: mark)
            let toOllama = try #require(ollama.recordedRequests().last { $0.path == "/api/chat" })
            #expect(Self.messageContents(toOllama) == ["first", "You said: first", "second", "over SSE", "third"])
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    /// `/set` follows the server: Ollama's options are kept but not sent to an OpenAI-compatible
    /// server, which says so once, lists its own (`max_tokens`), and points `/ctx N` at where its
    /// window is set; back on Ollama they are sent again.
    @Test func setOptionsFollowTheServer() async throws {
        try await withChatOnTwoServers { chat, ollama, openAI in
            var mark = chat.mark
            chat.send("/set mirostat 1\r")
            try await chat.waitFor("Set parameter 'mirostat' to '1'", since: mark)
            chat.send("/set num_ctx 8192\r")
            try await chat.waitFor("Set parameter 'num_ctx' to '8192'", since: mark)
            chat.send("/set num_predict 64\r")
            try await chat.waitFor("Set parameter 'num_predict' to '64'", since: mark)

            mark = chat.mark
            chat.send("/server compat\r")
            try await chat.waitFor("Switched to compat", since: mark)
            try await chat.waitForPrompt()
            // The line may wrap at the terminal's edge.
            let switched = chat.visibleText(since: mark).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(switched.contains(
                "Not sent to the OpenAI-compatible server, kept for a server that takes them: num_ctx 8192, mirostat 1."),
                "\(switched)")
            mark = chat.mark
            chat.send("/set\r")
            let listing = try await chat.waitFor("/set PARAM VALUE changes one", since: mark)
            #expect(listing.contains("max_tokens   64"), "\(listing)")
            #expect(!listing.contains("num_predict"), "\(listing)")
            mark = chat.mark
            chat.send("/ctx 8192\r")
            try await chat.waitFor("e.g. llama-server -c 8192.", since: mark)
            chat.send("hello\r")
            try await chat.waitFor("You said: hello", since: mark)
            try await chat.waitForPrompt()
            let toOpenAI = try #require(openAI.recordedRequests().last { $0.path == "/v1/chat/completions" }?.json?.objectValue)
            #expect(toOpenAI["max_tokens"] == 64)
            #expect(toOpenAI["mirostat"] == nil && toOpenAI["options"] == nil && toOpenAI["num_ctx"] == nil)

            mark = chat.mark
            chat.send("/server local\r")
            try await chat.waitFor("Switched to local", since: mark)
            chat.send("again\r")
            try await chat.waitFor("You said: again", since: mark)
            let options = try #require(
                ollama.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue?["options"]?.objectValue)
            #expect(options["num_ctx"] == 8192 && options["mirostat"] == 1 && options["num_predict"] == 64, "\(options)")
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    /// The `content` of each message a chat request sent, in order.
    static func messageContents(_ request: RecordedRequest) -> [String] {
        guard case .array(let messages)? = request.json?.objectValue?["messages"] else { return [] }
        return messages.compactMap { $0.objectValue?["content"]?.stringValue }
    }
}
