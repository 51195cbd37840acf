import Testing
import OllamaBackend
import TachikomaCore

@testable import ChatEngine
@testable import ChatREPL

@Suite struct SetCommandTests {
    func settings(after lines: [String]) async -> (ChatSettings, String) {
        let (repl, _, output) = makeREPL(lines)
        _ = await repl.run()
        return (repl.settings, output.text)
    }

    @Test func setsSamplingParametersInBothForms() async {
        let (settings, text) = await settings(after: [
            "/set temperature 0.7", "/set parameter top_p 0.9", "/set top_k 40", "/set min_p 0.05",
            "/set num_predict 128", "/set seed 42", "/set repeat_penalty 1.1", "/set parameter num_ctx 8192",
            "/set stop <|end|> END",
        ])
        #expect(settings.options.temperature == 0.7)
        #expect(settings.options.topP == 0.9)
        #expect(settings.options.topK == 40)
        #expect(settings.options.minP == 0.05)
        #expect(settings.options.maxTokens == 128)
        #expect(settings.options.seed == 42)
        #expect(settings.options.repeatPenalty == 1.1)
        #expect(settings.contextLength == 8192)
        #expect(settings.options.stop == ["<|end|>", "END"])
        #expect(text.contains("Set parameter 'temperature' to '0.7'"))
    }

    @Test func acceptsOllamasOneWordForms() async {
        let (settings, _) = await settings(after: ["/set think", "/set verbose", "/set nowordwrap", "/set format json"])
        #expect(settings.think == .enabled(true))
        #expect(settings.verbose)
        #expect(!settings.wordWrap)
        #expect(settings.format == .json)
        let (reset, _) = await self.settings(after: ["/set think", "/set nothink", "/set verbose", "/set quiet", "/set format json", "/set noformat", "/set wordwrap"])
        #expect(reset.think == .enabled(false))
        #expect(!reset.verbose)
        #expect(reset.format == nil)
        #expect(reset.wordWrap)
    }

    @Test func thinkTakesLevels() async {
        let (settings, _) = await settings(after: ["/set think high"])
        #expect(settings.think == .level("high"))
    }

    @Test func offResetsAParameterToTheModelsDefault() async {
        let (settings, _) = await settings(after: ["/set temperature 0.5", "/set temperature off"])
        #expect(settings.options.temperature == nil)
    }

    @Test func setSystemAndSystemCommandShareTheSystemPrompt() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["ok"])
        let (repl, _, output) = makeREPL(["/set system You are a pirate.", "/system", "hi"], backend: backend)
        _ = await repl.run()
        #expect(repl.settings.systemPrompt == "You are a pirate.")
        #expect(output.text.contains("Set system message.\nYou are a pirate.\n"))
        #expect(backend.requests.get().first?.messages.first == .system("You are a pirate."))
    }

    @Test(arguments: [
        ("/set temperature hot", "temperature must be a number"),
        ("/set temperature -1", "temperature must be a number from 0 to 2, not '-1'"),
        ("/set temperature 1e300", "temperature must be a number from 0 to 2, not '1e300'"),
        ("/set top_p 1.5", "top_p must be a number from 0 to 1, not '1.5'"),
        ("/set top_k 2.5", "top_k must be a whole number"),
        ("/set num_ctx 0", "num_ctx must be a whole number from 128 to 16777216 (tokens), not '0'"),
        ("/set seed 99999999999999999999", "seed must be a whole number from -2147483648 to 4294967295, not '99999999999999999999'"),
        ("/set history sometimes", "history takes on or off, not 'sometimes'"),
        ("/set seed", "seed needs a value"),
        ("/set think maybe", "think takes on, off, low, medium, high or max"),
        ("/set format yaml", "format takes json, a JSON schema object"),
        ("/set temprature 0.5", "Unknown parameter 'temprature'. Did you mean temperature?"),
        ("/set verbose sometimes", "verbose takes on or off"),
    ])
    func rejectsBadValuesWithOneClearLine(line: String, expected: String) async {
        let before = ChatSettings(model: "llama3.2", color: false)
        let (settings, text) = await settings(after: [line])
        let replies = text.components(separatedBy: "\n").filter { $0.contains(expected) }
        #expect(replies.count == 1, "no line containing \(expected) in: \(text)")
        #expect(settings == before)
    }

    @Test func setAloneShowsEveryParameter() async {
        let (_, text) = await settings(after: ["/set temperature 0.2", "/set"])
        #expect(text.contains("  temperature     0.2\n"))
        #expect(text.contains("  top_p           model default\n"))
        #expect(text.contains("  num_ctx         model default\n"))
    }

    @Test func parameterNamesAreData() {
        for name in ["temperature", "top_p", "top_k", "min_p", "num_predict", "num_ctx", "seed", "stop", "repeat_penalty", "think", "verbose", "wordwrap", "format"] {
            #expect(SettingTable(OllamaNaming.requestParameters).named(name) != nil, "missing \(name)")
        }
    }

    @Test func toolsCommandReportsAndToggles() async {
        let (settings, text) = await settings(after: ["/tools", "/tools on"])
        #expect(settings.toolsEnabled)
        #expect(text.contains("Tool calling is off; no tools are available."))
        #expect(text.contains("Tool calling is on"))
    }

    @Test func showPrintsTheModelsDetails() async {
        let backend = MockBackend()
        backend.details = ModelDetails(
            name: "llama3.2", architecture: "llama", parameterSize: "3.2B", contextLength: 131072, quantization: "Q4_K_M",
            capabilities: [.completion, .tools], parameters: "stop \"<|eot_id|>\"", template: "{{ .Prompt }}", license: "LICENSE TEXT")
        let (repl, _, output) = makeREPL(["/show", "/show template", "/show license", "/show parameters", "/show nonsense"], backend: backend)
        _ = await repl.run()
        #expect(output.text.contains("    architecture        llama\n"))
        #expect(output.text.contains("    context length      131072\n"))
        #expect(output.text.contains("  Capabilities\n    completion\n    tools\n"))
        #expect(output.text.contains("{{ .Prompt }}\n"))
        #expect(output.text.contains("LICENSE TEXT\n"))
        #expect(output.text.contains("Model defined parameters:\nstop \"<|eot_id|>\""))
        #expect(!output.text.contains("num_ctx"), "num_ctx was not set, so it is not a user-defined parameter")
        #expect(output.text.contains("Unknown /show topic 'nonsense'"))
    }
}
