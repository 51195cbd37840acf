import Foundation
import TachikomaCore
import Testing

@testable import OllamaBackend

/// Ollama's further options (`/set num_gpu`, `/set mirostat`, …) go out under their own names.
@Suite struct ExtraOptionsWireTests {
    @Test func extraOptionsSitBesideTheNamedOnes() throws {
        var options = GenerationOptions(temperature: 0.5)
        options.extraOptions = ["num_gpu": 12, "use_mmap": false, "mirostat_tau": 4.5]
        let request = ChatRequest(CompletionRequest(messages: [.user("x")], options: options), config: OllamaBackendConfig(), stream: true)
        let body = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(request))
        let sent = try #require(body.objectValue?["options"]?.objectValue)
        #expect(sent["temperature"] == 0.5)
        #expect(sent["num_gpu"] == 12)
        #expect(sent["use_mmap"] == false)
        #expect(sent["mirostat_tau"] == 4.5)
    }

    @Test func aNamedOptionIsNeverOverriddenByAnExtraOfTheSameName() throws {
        var wire = WireOptions(temperature: 0.5)
        wire.extra = ["temperature": 2, "numa": true]
        let data = try JSONEncoder().encode(wire)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.components(separatedBy: "temperature").count == 2, "\(text)")
        let decoded = try JSONDecoder().decode(WireOptions.self, from: data)
        #expect(decoded.temperature == 0.5)
        #expect(decoded.extra == ["numa": true])
    }

    @Test func noExtrasAddNothing() throws {
        let data = try JSONEncoder().encode(WireOptions(topK: 40))
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == ["top_k": 40])
    }
}
