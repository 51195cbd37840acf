import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// The built `tachikoma` binary, run without a terminal, as scripts run it.
@Suite struct CommandLineTests {
    let tachikoma = BuiltProducts.tachikoma

    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> CommandResult {
        let home = ScratchHome()
        defer { home.remove() }
        return try await runCommand(
            tachikoma, arguments, stdin: stdin,
            environment: home.environment.merging(environment, uniquingKeysWith: { $1 }))
    }

    @Test func versionShowsClientAndServer() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["version", "--host", server.baseURL])
            #expect(result.exitCode == 0)
            #expect(result.stdout.contains("tachikoma version "))
            #expect(result.stdout.contains("ollama server version 0.12.6"))
        }
    }

    @Test func versionWithServerDownIsOneLineAndExit1() async throws {
        try await withClosedPort { url in
            let result = try await run(["version", "--host", url])
            #expect(result.exitCode == 1)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(result.stderr.contains(url))
            #expect(result.stderr.contains("ollama serve"))
        }
    }

    @Test func hostComesFromOLLAMA_HOST() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["version"], environment: ["OLLAMA_HOST": ":\(server.port)"])
            #expect(result.exitCode == 0)
            #expect(result.stdout.contains("http://127.0.0.1:\(server.port)"))
        }
    }

    @Test func listPrintsTheTable() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["list", "--host", server.baseURL])
            #expect(result.exitCode == 0)
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("NAME") == true)
            #expect(lines.first?.contains("ID") == true && lines.first?.contains("MODIFIED") == true)
            #expect(lines.contains { $0.hasPrefix("llama3.1:8b ") && $0.contains(" GB ") })
            #expect(lines.contains { $0.hasPrefix("qwen3:4b ") })
        }
    }

    @Test func listJSONIsParseable() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["list", "--json", "--host", server.baseURL])
            #expect(result.exitCode == 0)
            let value = try JSONTextParser.parse(result.stdout)
            guard case .array(let rows) = value else { Issue.record("not an array: \(result.stdout)"); return }
            #expect(rows.compactMap { $0.objectValue?["name"]?.stringValue } == ["llama3.1:8b", "qwen3:4b"])
        }
    }

    @Test func showPrintsArchitectureContextAndCapabilities() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["show", "qwen3:4b", "--host", server.baseURL])
            #expect(result.exitCode == 0)
            #expect(result.stdout.contains("architecture"))
            #expect(result.stdout.contains("context length"))
            #expect(result.stdout.contains("Capabilities"))
            #expect(result.stdout.contains("thinking"))
        }
    }

    @Test func showUnknownModelFailsWithExit1() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["show", "nope:1b", "--host", server.baseURL])
            #expect(result.exitCode == 1)
            #expect(result.stderr.contains("nope:1b"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func psListsLoadedModels() async throws {
        var script = ServerScript()
        script.running = [ScriptedRunningModel(name: "llama3.1:8b")]
        try await ScriptedOllamaServer.withRunning(script) { server in
            let result = try await run(["ps", "--host", server.baseURL])
            #expect(result.exitCode == 0)
            #expect(result.stdout.contains("PROCESSOR"))
            #expect(result.stdout.contains("llama3.1:8b"))
            #expect(result.stdout.contains("100% GPU"))
        }
    }

    @Test func pullPrintsPlainStepsWithoutATerminal() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["pull", "gemma3:1b", "--host", server.baseURL])
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.contains("pulling manifest\n"))
            #expect(result.stdout.contains("success\n"))
            #expect(!result.stdout.contains("\r"))
            #expect(!result.stdout.contains("\u{1B}"))
            let list = try await run(["list", "--host", server.baseURL])
            #expect(list.stdout.contains("gemma3:1b"))
        }
    }

    @Test func pullOfAnUnknownModelIsOneLineAndExit1() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["pull", "no-such-model", "--host", server.baseURL])
            #expect(result.exitCode == 1)
            #expect(result.stderr.contains("file does not exist"))
        }
    }

    @Test func runStreamsTheAnswerToStdout() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["run", "llama3.1:8b", "hello", "there", "--host", server.baseURL])
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            #expect(result.stdout == "You said: hello there\n")
            #expect(result.stderr.isEmpty)
            let chat = try #require(server.recordedRequests().last { $0.path == "/api/chat" })
            #expect(chat.json?.objectValue?["model"] == "llama3.1:8b")
            #expect(chat.json?.objectValue?["options"]?.objectValue?["num_ctx"] == nil, "num_ctx is sent only when set")
        }
    }

    /// Issue 20: options before the subcommand, as `ollama` and `git` take them.
    @Test func optionsBeforeTheSubcommandWork() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let list = try await run(["--host", server.baseURL, "list"])
            #expect(list.exitCode == 0, "stderr: \(list.stderr)")
            #expect(list.stdout.hasPrefix("NAME"))

            let scratch = ScratchHome()
            defer { scratch.remove() }
            let config = try scratch.file("config.json")
            try #"{"servers": {"ol": {"kind": "ollama", "url": "\#(server.baseURL)"}, "oa": {"kind": "openai", "url": "\#(server.openAIBaseURL)"}}}"#
                .write(toFile: config, atomically: true, encoding: .utf8)
            let answer = try await run(["--config", config, "--server", "oa", "run", "llama3.1:8b", "hello"])
            #expect(answer.exitCode == 0, "stderr: \(answer.stderr)")
            #expect(answer.stdout == "You said: hello\n")
            #expect(server.recordedRequests().last?.path == "/v1/chat/completions")

            // A session named like a command is still resumed by name.
            let resume = try await run(["--resume", "list", "--host", server.baseURL])
            #expect(resume.exitCode == 1)
            #expect(resume.stderr.contains("list"))
        }
    }

    @Test func runReadsThePromptFromStdin() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["run", "llama3.1:8b", "--host", server.baseURL], stdin: "from a pipe")
            #expect(result.exitCode == 0)
            #expect(result.stdout == "You said: from a pipe\n")
        }
    }

    @Test func runSendsSystemFormatAndThink() async throws {
        var script = ServerScript()
        script.reply.thinking = ["Let", " me", " see."]
        try await ScriptedOllamaServer.withRunning(script) { server in
            let result = try await run([
                "run", "qwen3:4b", "hi", "--system", "Be terse.", "--format", "json", "--think", "--host", server.baseURL,
            ])
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            #expect(result.stdout == "You said: hi\n")
            #expect(result.stderr.contains("Let me see."))
            let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
            #expect(body["format"] == "json")
            #expect(body["think"] == true)
            let messages = body["messages"]
            #expect(messages == [["role": "system", "content": "Be terse."], ["role": "user", "content": "hi"]])
        }
    }

    @Test func runVerbosePrintsStatisticsOnStderr() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["run", "llama3.1:8b", "hi", "--verbose", "--host", server.baseURL])
            #expect(result.exitCode == 0)
            #expect(result.stdout == "You said: hi\n")
            for label in ["total duration:", "load duration:", "prompt eval count:", "eval count:", "eval rate:", "time to first token:"] {
                #expect(result.stderr.contains(label), "missing \(label) in \(result.stderr)")
            }
        }
    }

    @Test func runNoStreamPrintsTheWholeAnswer() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["run", "llama3.1:8b", "hi", "--no-stream", "--host", server.baseURL])
            #expect(result.exitCode == 0)
            #expect(result.stdout == "You said: hi\n")
            let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
            #expect(body["stream"] == false)
        }
    }

    /// `--keepalive` goes in the request as given (a Go duration as a string, whole seconds as a
    /// number), only when given; a value Go would refuse is a usage error before anything is sent.
    @Test func keepAliveIsSentOnlyWhenGivenAndABadOneIsAUsageError() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            func lastBody() throws -> [String: JSONValue] {
                try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
            }
            #expect(try await run(["run", "llama3.1:8b", "hi", "--host", server.baseURL]).exitCode == 0)
            #expect(try lastBody()["keep_alive"] == nil)
            #expect(try await run(["run", "llama3.1:8b", "hi", "--keepalive", "1h30m", "--host", server.baseURL]).exitCode == 0)
            #expect(try lastBody()["keep_alive"] == .string("1h30m"))
            #expect(try await run(["run", "llama3.1:8b", "hi", "--keepalive", "-1", "--host", server.baseURL]).exitCode == 0)
            #expect(try lastBody()["keep_alive"] == .number(-1))
            // The chat too (here its input piped).
            #expect(try await run(["--keepalive", "10m", "--host", server.baseURL], stdin: "hello\n").exitCode == 0)
            #expect(try lastBody()["keep_alive"] == .string("10m"))
            let requests = server.recordedRequests().count
            let bad = try await run(["run", "llama3.1:8b", "hi", "--keepalive", "5x", "--host", server.baseURL])
            #expect(bad.exitCode == 2)
            #expect(bad.stderr.hasPrefix("Error: --keepalive takes a duration such as 10m, 1h30m or -1 (Go's syntax), or whole seconds, not '5x'\n"))
            #expect(server.recordedRequests().count == requests)
        }
    }

    @Test func runWithAMissingModelSuggestsPulling() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["run", "ghost:7b", "hi", "--host", server.baseURL])
            #expect(result.exitCode == 1)
            #expect(result.stderr.contains("tachikoma pull ghost:7b"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func runWithAnErrorMidStreamExits1AfterThePartialAnswer() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["one", " two", " three"])
        script.reply.failure = .errorLine(afterTokens: 2, message: "model runner has unexpectedly stopped")
        try await ScriptedOllamaServer.withRunning(script) { server in
            let result = try await run(["run", "llama3.1:8b", "hi", "--host", server.baseURL])
            #expect(result.exitCode == 1)
            #expect(result.stdout.hasPrefix("one two"))
            #expect(result.stderr.contains("model runner has unexpectedly stopped"))
        }
    }

    @Test func runAgainstADownServerNamesTheURL() async throws {
        try await withClosedPort { url in
            let result = try await run(["run", "llama3.1:8b", "hi", "--host", url])
            #expect(result.exitCode == 1)
            #expect(result.stderr.contains(url))
        }
    }

    @Test func usageAndConfigErrorsExit2() async throws {
        let badFormat = try await run(["run", "m", "hi", "--format", "yaml"])
        #expect(badFormat.exitCode == 2)
        #expect(badFormat.stderr.contains("--format"))

        let scratch = ScratchHome()
        defer { scratch.remove() }
        let file = try scratch.file("config.json")
        try "{\n  \"model\": 3\n}".write(toFile: file, atomically: true, encoding: .utf8)
        let badConfig = try await run(["list", "--config", file])
        #expect(badConfig.exitCode == 2)
        #expect(badConfig.stderr.contains("\(file): \"model\" must be a non-empty string"))
        #expect(!badConfig.stderr.contains("Fatal"))

        let unknownCommand = try await run(["frobnicate", "--nope"])
        #expect(unknownCommand.exitCode == 2)
    }
}
