import Testing
import TachikomaCore

/// How each kind of server spells a model, and the one spelling the chat shows (issue 20).
@Suite struct ModelNamingTests {
    let ollama = TaggedModelNaming(defaultTag: "latest")

    @Test(arguments: [
        ("sloth", "sloth:latest"),
        ("sloth:latest", "sloth:latest"),
        ("qwen3:4b", "qwen3:4b"),
        ("library/sloth", "library/sloth:latest"),
        ("registry.local:5000/team/sloth", "registry.local:5000/team/sloth:latest"),
        ("registry.local:5000/team/sloth:q4", "registry.local:5000/team/sloth:q4"),
    ])
    func ollamaShowsTheDefaultTag(name: String, canonical: String) {
        #expect(ollama.canonical(name) == canonical)
        #expect(ollama.same(name, canonical))
    }

    @Test func aServerWithoutTagsKeepsNamesAsTheyAre() {
        let exact = ExactModelNaming()
        #expect(exact.canonical("sloth") == "sloth")
        #expect(exact.canonical("gpt-4o-mini") == "gpt-4o-mini")
        #expect(!exact.same("sloth", "sloth:latest"))
    }
}
