import OllamaBackend
import Testing
import TachikomaCore

@testable import ChatEngine
@testable import ChatREPL

/// Issue 10 point 2: `/set` reads values as `ollama run` does.
@Suite struct SetParsingTests {
    func settings(after lines: [String]) async -> (ChatSettings, String) {
        let (repl, _, output) = makeREPL(lines)
        _ = await repl.run()
        return (repl.settings, output.text)
    }

    @Test(arguments: ["/set top_k 0x10", "/set seed 0x10", "/set temperature 0x1", "/set top_p 0x0.8p0",
        "/set temperature inf", "/set temperature nan", "/set min_p 1_0", "/set num_gpu 0x10", "/set typical_p 0x1"])
    func numbersAreDecimalOnly(line: String) async {
        let (settings, text) = await settings(after: [line])
        #expect(settings.options == GenerationOptions())
        #expect(text.contains("must be"), "\(line) gave: \(text)")
    }

    @Test(arguments: [("1", 1.0), ("+0.5", 0.5), (".5", 0.5), ("5.", 5.0), ("1e-1", 0.1), ("1E+0", 1.0), ("-0", 0.0)])
    func decimalSpellingsAreNumbers(word: String, value: Double) {
        #expect(SettingParameter.decimalValue(word) == value)
    }

    @Test(arguments: ["", "+", "-", ".", "e5", "1e", "1e+", "1..2", "1e5e5", "0x10", "1_0", "inf", "nan", "١", "1 ", "--1", "1-"])
    func otherSpellingsAreNot(word: String) {
        #expect(SettingParameter.decimalValue(word) == nil)
    }

    @Test func stopWordsKeepTheirQuotedSpaces() async {
        let (settings, text) = await settings(after: ["/set stop a b \"c d\""])
        #expect(settings.options.stop == ["a", "b", "c d"])
        #expect(text.contains("Set parameter 'stop' to 'a', 'b', 'c d'"))
        let (single, _) = await self.settings(after: ["/set parameter stop '<|im end|>' \"it's\""])
        #expect(single.options.stop == ["<|im end|>", "it's"])
    }

    @Test func quotedWordsSplitLikeAShell() {
        #expect(QuotedWords.split("a b \"c d\"") == ["a", "b", "c d"])
        #expect(QuotedWords.split("  'x y'z \"\" ") == ["x yz", ""])
        #expect(QuotedWords.split("\"unclosed word") == ["\"unclosed", "word"])
        #expect(QuotedWords.dropping(2, wordsOf: "parameter stop  a \"b c\"") == "a \"b c\"")
    }

    @Test func everyOptionOllamaAcceptsIsSetUnderBothForms() async {
        let (settings, text) = await settings(after: [
            "/set num_gpu 99", "/set parameter num_thread 8", "/set repeat_last_n 64", "/set parameter mirostat 2",
            "/set mirostat_eta 0.1", "/set parameter mirostat_tau 5", "/set num_keep 24", "/set typical_p 0.7",
            "/set presence_penalty -0.5", "/set parameter frequency_penalty 1.5", "/set penalize_newline false",
            "/set numa true", "/set parameter num_batch 512", "/set use_mmap F", "/set use_mlock 1", "/set main_gpu 0",
        ])
        #expect(settings.options.repeatLastN == 64)
        let extra = settings.options.extraOptions
        #expect(extra["num_gpu"] == .number(99))
        #expect(extra["num_thread"] == .number(8))
        #expect(extra["mirostat"] == .number(2))
        #expect(extra["mirostat_eta"] == .number(0.1))
        #expect(extra["mirostat_tau"] == .number(5))
        #expect(extra["num_keep"] == .number(24))
        #expect(extra["typical_p"] == .number(0.7))
        #expect(extra["presence_penalty"] == .number(-0.5))
        #expect(extra["frequency_penalty"] == .number(1.5))
        #expect(extra["penalize_newline"] == .bool(false))
        #expect(extra["numa"] == .bool(true))
        #expect(extra["num_batch"] == .number(512))
        #expect(extra["use_mmap"] == .bool(false))
        #expect(extra["use_mlock"] == .bool(true))
        #expect(extra["main_gpu"] == .number(0))
        #expect(!text.contains("Unknown parameter"))
        let (cleared, _) = await self.settings(after: ["/set num_gpu 99", "/set num_gpu off"])
        #expect(cleared.options.extraOptions.isEmpty)
    }

    @Test(arguments: ["/set mirostat 3", "/set num_gpu -2", "/set typical_p 1.5", "/set numa maybe", "/set num_batch 0",
        "/set presence_penalty 2.5", "/set num_thread 1.5"])
    func outOfRangeOptionsAreRefusedInOneLine(line: String) async {
        let (settings, text) = await settings(after: [line])
        #expect(settings.options.extraOptions.isEmpty)
        let name = line.split(separator: " ")[1]
        #expect(text.contains("\(name) "), "\(line) gave: \(text)")
    }

    @Test func formatTakesAJSONSchemaAsRunDoes() async {
        let (settings, text) = await settings(after: ["/set format {\"type\": \"object\", \"properties\": {\"a b\": {\"type\": \"string\"}}}"])
        #expect(settings.format == .schema(.object(["type": "object", "properties": .object(["a b": .object(["type": "string"])])])))
        #expect(text.contains("Set format to the JSON schema given."))
        let (refused, refusal) = await self.settings(after: ["/set format yaml", "/set format [1, 2]", "/set format {broken"])
        #expect(refused.format == nil)
        #expect(refusal.components(separatedBy: "format takes json, a JSON schema object").count == 4)
    }

    @Test func theHelpListsTheNewOptionsWithTheirRanges() {
        let help = SetCommand.help(for: SettingTable(OllamaNaming.requestParameters))
        for name in ["num_gpu", "mirostat", "use_mmap", "presence_penalty"] { #expect(help.contains(name)) }
        #expect(help.contains("0 to 2; 0 off, 1 Mirostat, 2 Mirostat 2.0"))
    }
}
