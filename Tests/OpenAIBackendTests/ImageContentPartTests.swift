import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

@testable import OpenAIBackend

/// Pictures on the OpenAI-compatible wire: `image_url` content parts with data URLs whose media type
/// the bytes decide, in order, byte for byte.
@Suite struct ImageContentPartTests {
    static let png = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x03, 0x00, 0x02, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]
    static let webp: [UInt8] = Array("RIFF".utf8) + [0x1A, 0, 0, 0] + Array("WEBPVP8 ".utf8) + [UInt8](repeating: 0, count: 18)

    @Test func picturesAreDataURLPartsAfterTheText() async throws {
        var model = ScriptedModel.gemma3
        model.capabilities = ["completion", "vision"]
        try await withOpenAIServer(ServerScript(models: [model]), model: "gemma3:1b") { server, backend in
            let message = Message.user("what are these?", attachments: [
                Attachment(name: "a.png", kind: .media(.png), bytes: Self.png),
                Attachment(name: "b.jpg", kind: .media(.jpeg), bytes: Self.jpeg),
                Attachment(name: "c.webp", kind: .media(.webp), bytes: Self.webp),
            ])
            let response = try await backend.complete(CompletionRequest(messages: [message]))
            let recorded = try #require(server.recordedRequests().last { $0.path == "/v1/chat/completions" })
            let urls = [
                "data:image/png;base64," + Data(Self.png).base64EncodedString(),
                "data:image/jpeg;base64," + Data(Self.jpeg).base64EncodedString(),
                "data:image/webp;base64," + Data(Self.webp).base64EncodedString(),
            ]
            // Each URL exactly as sent, and the message as an OpenAI server reads it.
            for url in urls { #expect(recorded.bodyText.contains("{\"url\":\"\(url)\"}")) }
            let parts: [JSONValue] = [["type": "text", "text": "what are these?"]]
                + urls.map { ["type": "image_url", "image_url": ["url": .string($0)]] }
            #expect(recorded.json?.objectValue?["messages"] == [["role": "user", "content": .array(parts)]])
            #expect(recorded.messageImages == [[Self.png, Self.jpeg, Self.webp].map { Data($0).base64EncodedString() }])
            #expect(response.content.hasSuffix("I see 3 images: PNG 1×1, JPEG 2×3, WEBP."))
        }
    }

    @Test func aSoundIsAnInputAudioPart() async throws {
        let wav: [UInt8] = Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WAVEfmt ".utf8) + [UInt8](repeating: 0, count: 24)
        try await withOpenAIServer { server, backend in
            let message = Message.user("listen", attachments: [Attachment(name: "a.wav", kind: .media(.wav), bytes: wav)])
            _ = try? await backend.complete(CompletionRequest(messages: [message]))
            let recorded = try #require(server.recordedRequests().last { $0.path == "/v1/chat/completions" })
            let part: JSONValue = ["type": "input_audio", "input_audio": ["data": .string(Data(wav).base64EncodedString()), "format": "wav"]]
            #expect(recorded.json?.objectValue?["messages"] == [["role": "user", "content": [["type": "text", "text": "listen"], part]]])
        }
    }

    @Test func llamaServersPropsSayWhetherItsModelSees() async throws {
        var seeing = ScriptedModel.gemma3
        seeing.capabilities = ["completion", "vision"]
        var script = ServerScript(models: [seeing])
        script.openAI.servesProps = true
        try await withOpenAIServer(script, model: "gemma3:1b") { server, backend in
            let details = try await backend.modelDetails("gemma3:1b")
            #expect(details.capabilities == nil && details.inputs == [.vision] && details.mediaInputs == [.vision])
            #expect(details.contextLength == seeing.contextLength)
            #expect(server.recordedRequests().contains { $0.path == "/props" })
        }
        // A server without meta in its list (Ollama's, vLLM, LM Studio) is not asked.
        try await withOpenAIServer(ServerScript(models: [seeing]), model: "gemma3:1b") { server, backend in
            let details = try await backend.modelDetails("gemma3:1b")
            #expect(details.inputs == nil && details.mediaInputs == nil)
            #expect(!server.recordedRequests().contains { $0.path == "/props" })
        }
        #expect(OpenAIClient.serverRoot(of: "http://h:8080/v1/") == "http://h:8080")
        #expect(OpenAIClient.serverRoot(of: "http://h:8080") == "http://h:8080")
    }
}
