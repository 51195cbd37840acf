import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// Issue 10 points 2, 5 and 6 as a person meets them: hosts, the API key, one-line messages and `/set`.
@Suite struct HostsAndMessagesTests {
    let tachikoma = BuiltProducts.tachikoma

    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
        let home = ScratchHome()
        var merged = home.environment
        for (key, value) in environment { merged[key] = value }
        return try await runCommand(tachikoma, arguments, environment: merged)
    }

    @Test func theAPIKeyIsSentAsABearerTokenAndNeverPrinted() async throws {
        let secret = "sk-e2e-secret-4711"
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(
                ["run", "llama3.1:8b", "hi", "--verbose", "--host", server.baseURL], environment: ["OLLAMA_API_KEY": secret])
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            let chat = try #require(server.recordedRequests().last { $0.path == "/api/chat" })
            #expect(chat.header("Authorization") == "Bearer \(secret)")
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
    }

    @Test func aPortThatFallsBackWarnsOnceNamingTheValue() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            // `http://127.0.0.1:…:x` is not a port; the default for http is 80, which nothing here
            // serves, so the command may fail after the warning; the warning is what is checked.
            let value = "http://127.0.0.1:\(server.port)x"
            let result = try await run(["version"], environment: ["OLLAMA_HOST": value])
            let warnings = result.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
            #expect(warnings.count == 1, "stderr: \(result.stderr)")
            #expect(warnings.first?.contains("OLLAMA_HOST '\(value)'") == true)
            #expect(warnings.first?.contains("port '\(server.port)x'") == true)
            #expect(warnings.first?.contains("default port 80") == true)
        }
    }

    @Test func aPortGivenWithHostIsNamedAsSuch() async throws {
        let result = try await run(["version", "--host", "127.0.0.1:99999"])
        let warnings = result.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        #expect(warnings == ["warning: --host '127.0.0.1:99999' has port '99999', not a number from 0 to 65535; using the default port 11434"])
    }

    @Test func aGoodHostGivesNoWarning() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["version"], environment: ["OLLAMA_HOST": ":\(server.port)"])
            #expect(result.exitCode == 0)
            #expect(result.stderr.isEmpty)
        }
    }

    @Test func aMissingModelIsNamedOnce() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["run", "nosuch", "hi", "--host", server.baseURL])
            #expect(result.exitCode == 1)
            let stderr = result.stderr.trimmingCharacters(in: .newlines)
            #expect(!stderr.contains("\n"))
            #expect(stderr.components(separatedBy: "not found").count == 2, "said more than once: \(stderr)")
            #expect(stderr.contains("tachikoma pull nosuch"))
        }
    }

    @Test func anErrorInsideTheStreamIsNotAnHTTPStatus() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["one", " two", " three"])
        script.reply.failure = .errorLine(afterTokens: 2, message: "model runner has unexpectedly stopped")
        try await ScriptedOllamaServer.withRunning(script) { server in
            let result = try await run(["run", "llama3.1:8b", "hi", "--host", server.baseURL])
            #expect(result.exitCode == 1)
            #expect(result.stderr.contains("model runner has unexpectedly stopped"))
            #expect(!result.stderr.contains("HTTP 200"))
        }
    }

    @Test func httpsToAServerWithoutTLSIsOnePlainLine() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["version", "--host", "https://127.0.0.1:\(server.port)"])
            #expect(result.exitCode == 1)
            let stderr = result.stderr.trimmingCharacters(in: .newlines)
            #expect(!stderr.contains("\n"), "more than one line: \(stderr)")
            #expect(stderr.contains("https://127.0.0.1:\(server.port)"))
            #expect(stderr.contains("TLS"))
            for detail in ["BoringSSL", "OPENSSL", "handshakeFailed", ".c:", "/work/", ".build", "sslError"] {
                #expect(!stderr.contains(detail), "shows \(detail): \(stderr)")
            }
        }
    }

    @Test func aModelNameInOtherCaseSuggestsTheInstalledOneInsteadOfPulling() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try PseudoTerminal(
                executable: tachikoma, arguments: ["--host", server.baseURL])
            try await chat.waitFor(">>> ")
            let mark = chat.mark
            chat.send("/model QWEN3:4B\r")
            try await chat.waitFor("did you mean qwen3:4b?", since: mark)
            try await chat.waitFor(">>> ", since: mark)
            #expect(!chat.visibleText(since: mark).contains("Pull it?"))
            #expect(!server.recordedRequests().contains { $0.path == "/api/pull" })
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func anUnknownHostNameIsNamedOnceWithoutResolverInternals() async throws {
        let result = try await run(["version", "--host", "http://no-such-host.invalid:1"])
        #expect(result.exitCode == 1)
        let stderr = result.stderr.trimmingCharacters(in: .newlines)
        #expect(!stderr.contains("\n"))
        #expect(stderr.contains("no such host 'no-such-host.invalid'"), "\(stderr)")
        #expect(stderr.components(separatedBy: "no-such-host.invalid").count == 3, "the URL and the host, once each: \(stderr)")
        #expect(!stderr.contains("SocketAddressError"))
    }

    @Test func setParametersReachTheRequestAsOllamaNamesThem() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try PseudoTerminal(
                executable: tachikoma, arguments: ["--host", server.baseURL])
            try await chat.waitFor(">>> ")
            var mark = chat.mark
            chat.send("/set stop a b \"c d\"\r")
            try await chat.waitFor("Set parameter 'stop'", since: mark)
            mark = chat.mark
            chat.send("/set parameter num_gpu 12\r")
            try await chat.waitFor("Set parameter 'num_gpu' to '12'", since: mark)
            mark = chat.mark
            chat.send("/set use_mmap false\r")
            try await chat.waitFor("Set parameter 'use_mmap'", since: mark)
            mark = chat.mark
            chat.send("/set mirostat 0x1\r")
            try await chat.waitFor("mirostat must be a whole number from 0 to 2, not '0x1'", since: mark)
            mark = chat.mark
            chat.send("/set format {\"type\": \"object\", \"required\": [\"a b\"]}\r")
            try await chat.waitFor("Set format to the JSON schema", since: mark)
            mark = chat.mark
            chat.send("hello\r")
            try await chat.waitFor("You said: hello", since: mark)
            try await chat.waitFor(">>> ", since: mark)
            let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
            let options = try #require(body["options"]?.objectValue)
            #expect(options["stop"] == .array(["a", "b", "c d"]))
            #expect(options["num_gpu"] == .number(12))
            #expect(options["use_mmap"] == .bool(false))
            #expect(options["mirostat"] == nil)
            #expect(body["format"] == .object(["type": "object", "required": .array(["a b"])]))
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }
}
