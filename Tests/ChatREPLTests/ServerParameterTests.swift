import OllamaBackend
import OpenAIBackend
import Testing
import TachikomaCore

@testable import ChatEngine
@testable import ChatREPL

/// `/set`, `/ctx` and their help follow what the current backend declares it takes.
@Suite struct ServerParameterTests {
    /// A double answering as an OpenAI-compatible server would be described.
    func openAIBackend(models: [String] = ["llama3.2:latest"]) -> MockBackend {
        let backend = MockBackend(models: models)
        backend.requestParameters = OpenAIRequestParameters.table
        return backend
    }

    /// The lines of `text` that contain `fragment`.
    func lines(_ text: String, containing fragment: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.contains(fragment) }
    }

    @Test func eachBackendDeclaresItsOwnTable() throws {
        let ollama = OllamaNaming.requestParameters
        #expect(ollama.contextWindowParameter?.name == "num_ctx")
        for name in ["top_k", "min_p", "num_predict", "repeat_penalty", "repeat_last_n", "mirostat", "num_gpu", "use_mmap"] {
            #expect(ollama.named(name) != nil, "Ollama lacks \(name)")
        }
        #expect(ollama.named("mirostat")?.listedWhenUnset == false, "runner options are listed only once set")
        #expect(ollama.named("max_tokens")?.name == "num_predict", "an OpenAI user's name works on Ollama too")

        let openAI = OpenAIRequestParameters.table
        #expect(openAI.contextWindowParameter == nil, "no request sets the window of an OpenAI-compatible server")
        #expect(openAI.contextWindowHint.contains("llama-server -c 8192"))
        #expect(openAI.namesContextWindow("num_ctx"))
        let maxTokens = try #require(openAI.named("num_predict"))
        #expect(maxTokens.name == "max_tokens")
        #expect(maxTokens.field == .maxTokens)
        for name in ["mirostat", "repeat_penalty", "repeat_last_n", "num_gpu", "num_ctx"] {
            #expect(openAI.named(name) == nil, "the OpenAI backend sends no \(name)")
        }
    }

    @Test func anOptionTheServerDoesNotTakeIsRefusedInOneLineNamingTheServerKind() async {
        let backend = openAIBackend()
        let (repl, _, output) = makeREPL(["/set mirostat 1", "/set parameter repeat_penalty 1.2"], backend: backend)
        _ = await repl.run()
        #expect(lines(output.text, containing: "mirostat")
            == ["The OpenAI-compatible server takes no parameter 'mirostat'; /help set lists the ones it does."])
        #expect(lines(output.text, containing: "repeat_penalty").count == 1)
        #expect(repl.settings.options.extraOptions.isEmpty)
        #expect(repl.settings.options.repeatPenalty == nil)
    }

    @Test func numPredictIsMaxTokensOnAnOpenAIServer() async throws {
        let backend = openAIBackend()
        backend.enqueueAnswer(["ok"])
        let (repl, _, output) = makeREPL(["/set num_predict 100", "hello"], backend: backend)
        _ = await repl.run()
        #expect(output.text.contains("Set parameter 'max_tokens' to '100'"))
        #expect(try #require(backend.requests.get().first).options.maxTokens == 100)
        let (refusing, _, refusal) = makeREPL(["/set max_tokens -1"], backend: openAIBackend())
        _ = await refusing.run()
        #expect(refusal.text.contains("max_tokens must be a whole number from 1 to 2147483647 (tokens), not '-1'"))
        #expect(refusing.settings.options.maxTokens == nil)
    }

    @Test func theContextWindowOfAnOpenAIServerIsSaidToBeTheServersOwn() async {
        let backend = openAIBackend()
        let (repl, _, output) = makeREPL(["/ctx 8192", "/set num_ctx 8192", "/ctx"], backend: backend)
        _ = await repl.run()
        let expected = "The OpenAI-compatible server takes no context window with a request: it is set where the server is started, e.g. llama-server -c 8192."
        #expect(lines(output.text, containing: "takes no context window") == [Substring(expected), Substring(expected)])
        #expect(repl.settings.contextLength == nil)
        #expect(!output.text.contains("Set parameter"))
        #expect(output.text.contains("(it is set where the server is started, e.g. llama-server -c 8192)"), "in: \(output.text)")
    }

    @Test func setListsWhatTheCurrentServerTakes() async {
        let (repl, _, openAI) = makeREPL(["/set"], backend: openAIBackend())
        _ = await repl.run()
        let (ollamaREPL, _, ollama) = makeREPL(["/set"])
        _ = await ollamaREPL.run()
        let ollamaText = ollama.text
        #expect(ollamaText.contains("  num_ctx         model default\n"))
        #expect(ollamaText.contains("  num_predict     model default\n"))
        #expect(!ollamaText.contains("max_tokens"))
        #expect(openAI.text.contains("  max_tokens   model default\n"))
        #expect(!openAI.text.contains("num_ctx"))
        #expect(!openAI.text.contains("repeat_penalty"))
    }

    @Test func helpSetAndHelpCtxDescribeTheCurrentServer() async {
        let (repl, _, output) = makeREPL(["/help set", "/help ctx"], backend: openAIBackend())
        _ = await repl.run()
        #expect(output.text.contains("Parameters on the OpenAI-compatible server:"))
        #expect(output.text.contains("max_tokens"))
        #expect(output.text.contains("(also num_predict)"))
        #expect(!output.text.contains("mirostat"))
        #expect(output.text.contains("The context window is set where the server is started, e.g. llama-server -c 8192."))
        #expect(!output.text.contains("/set num_ctx"))
        let (ollamaREPL, _, ollamaOutput) = makeREPL(["/help set", "/help ctx"])
        _ = await ollamaREPL.run()
        #expect(ollamaOutput.text.contains("Parameters on Ollama:"))
        #expect(ollamaOutput.text.contains("mirostat"))
        #expect(ollamaOutput.text.contains("like /set num_ctx N"))
    }

    @Test func theCutShortNoteNamesTheServersLimits() {
        #expect(ChatREPL.cutShortNote(OllamaNaming.requestParameters)
            == "(the answer reached the num_predict or num_ctx limit and was cut short; /continue asks for the rest)")
        #expect(ChatREPL.cutShortNote(OpenAIRequestParameters.table)
            == "(the answer reached the max_tokens limit or the end of the context window and was cut short; /continue asks for the rest)")
        #expect(ChatREPL.cutShortNote(.chatSettingsOnly) == "(the answer reached the server's length limit and was cut short; /continue asks for the rest)")
    }

    @Test func tabOffersTheCurrentServersParameters() {
        func complete(_ text: String, on server: RequestParameterTable) -> [String] {
            let word = text.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            let sources = CompletionSources(modelNames: { [] }, settingTable: { SettingTable(server) })
            return CommandCompletion.candidates(
                for: ChatCompletionContext(line: text, textBeforeCursor: text, word: word), table: .builtin, sources: sources)
        }
        let ollama = OllamaNaming.requestParameters
        let openAI = OpenAIRequestParameters.table
        #expect(complete("/set m", on: ollama) == ["main_gpu", "markdown", "min_p", "mirostat", "mirostat_eta", "mirostat_tau"])
        #expect(complete("/set m", on: openAI) == ["markdown", "max_tokens", "min_p"])
        #expect(complete("/set num_", on: openAI).isEmpty)
        #expect(complete("/ctx ", on: openAI) == ["policy"])
        #expect(complete("/ctx ", on: ollama).contains("8192"))
    }
}

/// What happens to set values when `/server` moves to a server that takes other parameters.
@Suite struct ServerSwitchParameterTests {
    func makeREPL(_ lines: [String], servers: MockServers) -> (ChatREPL, ScriptedInput, CapturingOutput) {
        let input = ScriptedInput(lines)
        let output = CapturingOutput()
        let first = servers.backends[0]
        let repl = ChatREPL(
            backend: first.backend, settings: ChatSettings(model: "llama3.2", color: false), input: input, output: output,
            handlesSignals: false, startupTimeout: inProcessStartupTimeout,
            servers: ServerChoice(provider: servers, current: first.name))
        return (repl, input, output)
    }

    @Test func valuesTheNewServerDoesNotTakeAreKeptAndSaidOnce() async throws {
        let ollama = MockBackend()
        let openAI = MockBackend(models: ["llama3.2:latest"])
        openAI.requestParameters = OpenAIRequestParameters.table
        openAI.enqueueAnswer(["on b"])
        ollama.enqueueAnswer(["back on a"])
        let (repl, _, output) = makeREPL(
            [
                "/set mirostat 1", "/set num_ctx 8192", "/set num_predict 50", "/set repeat_penalty 1.2",
                "/server b", "/set", "hello", "/server a", "again",
            ],
            servers: MockServers([("a", ollama), ("b", openAI)]))
        _ = await repl.run()
        let note = "Not sent to the OpenAI-compatible server, kept for a server that takes them: num_ctx 8192, repeat_penalty 1.2, mirostat 1."
        #expect(output.text.components(separatedBy: note).count == 3, "said at the switch and under /set: \(output.text)")
        #expect(output.text.contains("  max_tokens   50\n"), "num_predict is max_tokens there")

        let sentToB = try #require(openAI.requests.get().first)
        #expect(sentToB.options.maxTokens == 50)
        // Back on Ollama, everything set is sent again, and no note is needed.
        let sentToA = try #require(ollama.requests.get().last)
        #expect(sentToA.options.contextLength == 8192)
        #expect(sentToA.options.repeatPenalty == 1.2)
        #expect(sentToA.options.extraOptions["mirostat"] == .number(1))
        #expect(!output.text.contains("Not sent to Ollama"))
    }

    @Test func tabFollowsTheServer() async throws {
        let openAI = MockBackend(models: ["llama3.2:latest"])
        openAI.requestParameters = OpenAIRequestParameters.table
        let (repl, input, _) = makeREPL(["/server b"], servers: MockServers([("a", MockBackend()), ("b", openAI)]))
        _ = await repl.run()
        let handler = try #require(input.completion.get())
        #expect(handler(ChatCompletionContext(line: "/set m", textBeforeCursor: "/set m", word: "m")) == ["markdown", "max_tokens", "min_p"])
    }
}
