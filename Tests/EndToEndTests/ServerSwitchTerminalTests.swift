import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// Issue 9: two servers named in the config file, and `/server` moving a conversation between them
/// in the middle, as a person does it in a terminal.
@Suite struct ServerSwitchTerminalTests {
    /// A config file naming both servers, `first` the default, readable by its owner only.
    func writeConfig(_ home: ScratchHome, first: String, second: String) throws {
        let path = home.path + "/config/tachikoma/config.json"
        let text = """
            {"connect_timeout": 60, "default_server": "first",
             "servers": {"first": {"kind": "ollama", "url": "\(first)"},
                         "second": {"kind": "ollama", "url": "\(second)"}}}
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0o600) == 0)
    }

    @Test func switchingServersMidConversationSendsTheWholeConversationToTheNewOne() async throws {
        var secondScript = ServerScript()
        secondScript.reply.content = .tokens(["from", " the", " second"])
        try await ScriptedOllamaServer.withRunning { first in
            try await ScriptedOllamaServer.withRunning(secondScript) { second in
                let home = ScratchHome()
                try writeConfig(home, first: first.baseURL, second: second.baseURL)
                let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: [], home: home)
                let banner = try await chat.waitFor(">>> ")
                #expect(banner.contains("tachikoma · llama3.1:8b · first"), "the banner names the default server: \(banner)")
                var mark = chat.mark
                chat.send("hello first\r")
                try await chat.waitFor("You said: hello first", since: mark)
                try await chat.waitForPrompt()

                mark = chat.mark
                chat.send("/server\r")
                try await chat.waitFor("second  ollama  \(second.baseURL)", since: mark)
                #expect(chat.visibleText(since: mark).contains("* first   ollama  \(first.baseURL)"))

                mark = chat.mark
                chat.send("/server sec\t")
                try await chat.waitFor("/server second", since: mark)
                chat.send("\r")
                try await chat.waitFor("Switched to second with llama3.1:8b; the conversation (2 messages) goes with it.", since: mark)

                mark = chat.mark
                chat.send("and now?\r")
                try await chat.waitFor("from the second", since: mark)
                try await chat.waitForPrompt()

                let request = try #require(second.recordedRequests().last { $0.path == "/api/chat" })
                guard case .array(let messages)? = request.json?.objectValue?["messages"] else {
                    Issue.record("no messages in \(request.bodyText)")
                    return
                }
                let contents = messages.compactMap { $0.objectValue?["content"]?.stringValue }
                #expect(contents == ["hello first", "You said: hello first", "and now?"], "\(request.bodyText)")
                #expect(first.recordedRequests().filter { $0.path == "/api/chat" }.count == 1, "the first server had one message")

                mark = chat.mark
                chat.send("/server nowhere\r")
                try await chat.waitFor("Unknown server 'nowhere'.", since: mark)
                #expect(try await chat.quitWithCtrlD() == 0)
            }
        }
    }

    @Test func aServerThatIsDownIsOneLineAndTheChatStaysPut() async throws {
        let reserved = try ReservedPort()
        try await ScriptedOllamaServer.withRunning { first in
            let home = ScratchHome()
            try writeConfig(home, first: first.baseURL, second: reserved.url)
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: [], home: home)
            try await chat.waitFor(">>> ")
            let mark = chat.mark
            chat.send("/server second\r")
            try await chat.waitFor("error: server second does not answer; staying on first.", since: mark)
            // The backend's detail follows, wrapped at the window's width: Ollama's own hint.
            try await chat.waitFor("ollama serve", since: mark)
            let said = chat.visibleText(since: mark)
            #expect(said.contains("could not connect to Ollama at"), "\(said)")
            #expect(said.contains(reserved.url), "\(said)")
            chat.send("still here?\r")
            try await chat.waitFor("You said: still here?", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func aConfigFileOthersCanWriteIsRefusedInOneLine() async throws {
        let home = ScratchHome()
        let path = home.path + "/config/tachikoma/config.json"
        #expect(chmod(path, 0o666) == 0)
        var environment = home.environment
        environment["OLLAMA_HOST"] = "127.0.0.1:9"
        let result = try await runCommand(BuiltProducts.tachikoma, ["list"], environment: environment)
        #expect(result.exitCode == 2)
        #expect(result.stderr == "Error: config file \(path) is writable by group or others (mode 666); it chooses servers and their keys, so fix it with: chmod go-w \(path)\n")
    }

    @Test func serverChoosesTheServerForListAndRun() async throws {
        var secondScript = ServerScript()
        secondScript.reply.content = .tokens(["second", " answers"])
        try await ScriptedOllamaServer.withRunning { first in
            try await ScriptedOllamaServer.withRunning(secondScript) { second in
                let home = ScratchHome()
                try writeConfig(home, first: first.baseURL, second: second.baseURL)
                let run = try await runCommand(
                    BuiltProducts.tachikoma, ["run", "llama3.1:8b", "hi", "--server", "second"], environment: home.environment)
                #expect(run.exitCode == 0, "\(run.stderr)")
                #expect(run.stdout == "second answers\n")
                #expect(first.recordedRequests().isEmpty)
                let unknown = try await runCommand(
                    BuiltProducts.tachikoma, ["list", "--server", "secnd"], environment: home.environment)
                #expect(unknown.exitCode == 2)
                #expect(unknown.stderr.contains("no server named 'secnd' (did you mean second?); servers: ollama, first, second"))
            }
        }
    }

    @Test func aServersKeyComesFromItsVariableAsABearerTokenAndIsNeverPrinted() async throws {
        let secret = "sk-servers-e2e-0815"
        try await ScriptedOllamaServer.withRunning { server in
            let home = ScratchHome()
            let path = home.path + "/config/tachikoma/config.json"
            try """
                {"servers": {"keyed": {"kind": "ollama", "url": "\(server.baseURL)", "api_key_env": "KEYED_TOKEN"}}}
                """.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(chmod(path, 0o600) == 0)
            var environment = home.environment
            environment["KEYED_TOKEN"] = secret
            let result = try await runCommand(
                BuiltProducts.tachikoma, ["run", "llama3.1:8b", "hi", "--server", "keyed", "--verbose"], environment: environment)
            #expect(result.exitCode == 0, "\(result.stderr)")
            let chat = try #require(server.recordedRequests().last { $0.path == "/api/chat" })
            #expect(chat.header("Authorization") == "Bearer \(secret)")
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))

            environment["KEYED_TOKEN"] = nil
            let unset = try await runCommand(
                BuiltProducts.tachikoma, ["run", "llama3.1:8b", "hi", "--server", "keyed"], environment: environment)
            #expect(unset.exitCode == 2)
            #expect(unset.stderr.contains("server 'keyed' takes its key from $KEYED_TOKEN, which is not set"), "\(unset.stderr)")
            #expect(server.recordedRequests().filter { $0.path == "/api/chat" }.count == 1, "nothing is sent without the key")
        }
    }
}
