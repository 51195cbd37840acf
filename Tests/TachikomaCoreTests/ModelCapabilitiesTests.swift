import Testing

@testable import TachikomaCore

/// One typed set of what a model can do, read from a server's words.
@Suite struct ModelCapabilitiesTests {
    @Test func aServersWordsAreReadAndUnknownOnesLeftOut() {
        let words = ["completion", "tools", "vision", "thinking", "insert", "embedding", "audio"]
        #expect(ModelCapabilities.parse(words) == [.completion, .tools, .vision, .thinking, .insert, .embedding, .audio])
        #expect(ModelCapabilities.parse(["completion", "telepathy", "Tools", ""]) == [.completion])
        #expect(ModelCapabilities.parse([]).isEmpty)
    }

    @Test func theWordsComeBackInOneOrderWhateverTheServersWas() {
        #expect(ModelCapabilities.parse(["thinking", "tools", "completion"]).names == ["completion", "tools", "thinking"])
        let all = ModelCapabilities.words.reduce(into: ModelCapabilities()) { $0.insert($1.capability) }
        #expect(ModelCapabilities.parse(all.names) == all)
        #expect(Set(all.names).count == ModelCapabilities.words.count, "each capability has its own word")
    }

    /// A server that does not say gives the model the benefit of the doubt; one that says is believed.
    @Test func unknownCapabilitiesMayHaveAnything() {
        #expect(ModelDetails(name: "m").mayHave(.tools))
        #expect(ModelDetails(name: "m", capabilities: nil).mayHave([.tools, .vision]))
        #expect(ModelDetails(name: "m", capabilities: [.completion, .tools]).mayHave(.tools))
        #expect(!ModelDetails(name: "m", capabilities: [.completion]).mayHave(.tools))
        #expect(!ModelDetails(name: "m", capabilities: []).mayHave(.tools))
        #expect(!ModelDetails(name: "m", capabilities: [.tools]).mayHave([.tools, .vision]))
    }
}
