import TachikomaCore
import Testing

@Suite struct ThinkSettingTests {
    @Test func takesOllamasWordsAndOnOff() {
        #expect(ThinkSetting(word: "true") == .enabled(true))
        #expect(ThinkSetting(word: "False") == .enabled(false))
        #expect(ThinkSetting(word: "on") == .enabled(true))
        #expect(ThinkSetting(word: "off") == .enabled(false))
        for level in ["low", "medium", "high", "max"] { #expect(ThinkSetting(word: level) == .level(level)) }
        #expect(ThinkSetting(word: "HIGH") == .level("high"))
        #expect(ThinkSetting(word: "extreme") == nil)
        #expect(ThinkSetting(word: "") == nil)
    }

    @Test func onlyFalseAsksNotToThink() {
        #expect(ThinkSetting.enabled(true).asksToThink)
        #expect(ThinkSetting.level("low").asksToThink)
        #expect(!ThinkSetting.enabled(false).asksToThink)
        #expect(ThinkSetting.level("max").word == "max")
        #expect(ThinkSetting.enabled(false).word == "false")
    }

    @Test func anEmbeddingModelIsOneThatCannotComplete() {
        #expect(ModelCapabilities.embedding.embedsOnly)
        #expect(!ModelCapabilities([.embedding, .completion]).embedsOnly)
        #expect(!ModelCapabilities.completion.embedsOnly)
    }
}

@Suite struct ThinkConfigTests {
    @Test func theConfigTakesABoolALevelOrNull() throws {
        #expect(try TachikomaConfig.parse(#"{"think": false}"#, file: "c.json").think == nil)
        #expect(try TachikomaConfig.parse(#"{"think": "max"}"#, file: "c.json").think == .level("max"))
        #expect(try TachikomaConfig.parse(#"{"think": null}"#, file: "c.json").think == nil)
        #expect(try TachikomaConfig.parse("{}", file: "c.json").think == nil)
        #expect(throws: ConfigError.wrongType(path: "c.json", key: "think", expected: #"true, false or one of "low", "medium", "high", "max""#)) {
            try TachikomaConfig.parse(#"{"think": "hard"}"#, file: "c.json")
        }
    }
}
