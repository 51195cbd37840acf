import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

@testable import OllamaBackend

/// Pictures on Ollama's wire: base64 in the user message's `images`, in order, byte for byte, and
/// what the scripted server makes of them.
@Suite struct ImageWireTests {
    static let png = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x03, 0x00, 0x02, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]

    static var visionScript: ServerScript {
        var model = ScriptedModel.gemma3
        model.capabilities = ["completion", "vision"]
        return ServerScript(models: [model, .llama31])
    }

    @Test func picturesGoAsBase64InTheirMessageAndTheModelNamesThem() async throws {
        try await withScriptedServer(Self.visionScript, model: "gemma3:1b") { server, backend in
            let notes = Attachment(name: "n.txt", kind: .text(.file), bytes: Array("hi\n".utf8))
            let message = Message.user("what are these?", attachments: [
                Attachment(name: "a.png", kind: .media(.png), bytes: Self.png), notes,
                Attachment(name: "b.jpg", kind: .media(.jpeg), bytes: Self.jpeg),
            ])
            let response = try await backend.complete(CompletionRequest(messages: [message]))
            let recorded = try #require(server.recordedRequests().last { $0.path == "/api/chat" })
            let pngText = Data(Self.png).base64EncodedString()
            let jpegText = Data(Self.jpeg).base64EncodedString()
            // The pictures' bytes exactly as sent, in order, and the message as Ollama reads it.
            #expect(recorded.bodyText.contains("\"images\":[\"\(pngText)\",\"\(jpegText)\"]"))
            let messages = recorded.json?.objectValue?["messages"]
            #expect(messages == [[
                "role": "user", "content": "what are these?\n\nFile n.txt:\n```\nhi\n```",
                "images": [.string(pngText), .string(jpegText)],
            ]])
            #expect(recorded.messageImages == [[pngText, jpegText]])
            #expect(response.content.hasSuffix("I see 2 images: PNG 1×1, JPEG 2×3."))
        }
    }

    @Test func aModelWithoutVisionRefusesPicturesAndBadPicturesAreRefused() async throws {
        try await withScriptedServer(Self.visionScript, model: "llama3.1:8b") { _, backend in
            let message = Message.user("x", attachments: [Attachment(name: "a.png", kind: .media(.png), bytes: Self.png)])
            await #expect(throws: BackendError.self) { try await backend.complete(CompletionRequest(messages: [message])) }
        }
        try await withScriptedServer(Self.visionScript, model: "gemma3:1b") { _, backend in
            let fake = Message.user("x", images: [Data("not a picture".utf8).base64EncodedString()])
            await #expect(throws: BackendError.self) { try await backend.complete(CompletionRequest(messages: [fake])) }
            let details = try await backend.modelDetails("gemma3:1b")
            #expect(details.capabilities?.contains(.vision) == true)
        }
    }
}
