import Foundation
import TachikomaCore
import Testing

@testable import OllamaBackend

/// What a model can do, as `/api/show` says it and as the rest of the program reads it.
@Suite struct ModelCapabilitiesWireTests {
    /// `/api/show`'s words become the typed set; words this client does not know are left out.
    @Test(arguments: [
        (#"["completion","tools","insert"]"#, [.completion, .tools, .insert]),
        (#"["embedding"]"#, [.embedding]),
        (#"["completion","vision","audio","thinking","telepathy"]"#, [.completion, .vision, .audio, .thinking]),
        (#"["telepathy"]"#, []),
        // No list, or an empty one, says nothing: unknown, as on a server that cannot say.
        (#"[]"#, nil),
        ("null", nil),
    ] as [(String, ModelCapabilities?)])
    func showsCapabilitiesAreTyped(words: String, expected: ModelCapabilities?) throws {
        let json = #"{"details": {"family": "llama"}, "capabilities": \#(words)}"#
        let response = try JSONDecoder().decode(ShowResponse.self, from: Data(json.utf8))
        #expect(response.details(name: "m").capabilities == expected)
    }
}
