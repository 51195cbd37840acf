import OllamaBackend
import Testing

@testable import ChatEngine
@testable import ChatREPL

@Suite struct CompletionTests {
    let sources = CompletionSources(
        modelNames: { ["llama3.2:latest", "llava:7b", "qwen3:8b"] }, settingTable: { SettingTable(OllamaNaming.requestParameters) })

    func complete(_ textBeforeCursor: String) -> [String] {
        let word = textBeforeCursor.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let context = ChatCompletionContext(line: textBeforeCursor, textBeforeCursor: textBeforeCursor, word: word)
        return CommandCompletion.candidates(for: context, table: .builtin, sources: sources)
    }

    @Test func completesCommandNames() {
        #expect(complete("/mo") == ["/model"])
        #expect(complete("/sh") == ["/show"])
        #expect(complete("/sy") == ["/system"])
        #expect(complete("/").contains("/retry"))
    }

    @Test func completesModelNamesAfterModel() {
        #expect(complete("/model ") == ["llama3.2:latest", "llava:7b", "qwen3:8b"])
        #expect(complete("/model ll") == ["llama3.2:latest", "llava:7b"])
        #expect(complete("/model q") == ["qwen3:8b"])
        #expect(complete("/model qwen3:8b ").isEmpty)
    }

    @Test func completesSetParameterNamesAndValues() {
        let names = complete("/set ")
        for name in ["temperature", "top_p", "top_k", "num_ctx", "seed", "stop", "think", "verbose", "wordwrap", "format", "system"] {
            #expect(names.contains(name))
        }
        #expect(complete("/set temp") == ["temperature"])
        #expect(complete("/set parameter num_") == ["num_batch", "num_ctx", "num_gpu", "num_keep", "num_predict", "num_thread"])
        #expect(complete("/set format ") == ["json", "off"])
        #expect(complete("/set think h") == ["high"])
    }

    @Test func completesOtherArguments() {
        #expect(complete("/show ") == ["info", "license", "modelfile", "parameters", "system", "template"])
        #expect(complete("/tools o") == ["off", "on"])
        #expect(complete("/help mo") == ["model"])
    }

    @Test func plainTextHasNoCandidates() {
        #expect(complete("hello wor").isEmpty)
        #expect(complete("/nosuch ").isEmpty)
    }

    @Test func theREPLInstallsCompletionReadingTheServersModels() async throws {
        let backend = MockBackend(models: ["mistral:latest", "llama3.2:latest"])
        let (repl, input, _) = makeREPL([], backend: backend)
        _ = await repl.run()
        let handler = try #require(input.completion.get())
        #expect(handler(ChatCompletionContext(line: "/mo", textBeforeCursor: "/mo", word: "/mo")) == ["/model"])
        // The banner's model check fetched the names, so Tab has them at once.
        #expect(handler(ChatCompletionContext(line: "/model m", textBeforeCursor: "/model m", word: "m")) == ["mistral:latest"])
    }
}

@Suite struct SessionNameCompletionTests {
    @Test func namesWithSpacesContinueFromTheWordsTyped() {
        let names = ["2026-11-26 why is the sky blue", "2026-11-26 whales", "notes"]
        #expect(SessionNameCompletion.candidates(previous: [], names: names) == names)
        #expect(
            SessionNameCompletion.candidates(previous: ["2026-11-26"], names: names) == ["why is the sky blue", "whales"])
        #expect(SessionNameCompletion.candidates(previous: ["2026-11-26", "why"], names: names) == ["is the sky blue"])
        #expect(SessionNameCompletion.candidates(previous: ["other"], names: names).isEmpty)
    }
}
