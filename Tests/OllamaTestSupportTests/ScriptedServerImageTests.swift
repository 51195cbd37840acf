import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

/// The scripted server's pictures: a vision model names what it was shown, other models refuse
/// pictures, and what is not base64 of a picture is refused as Ollama's runner refuses it.
@Suite struct ScriptedServerImageTests {
    static let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

    static var script: ServerScript {
        var seeing = ScriptedModel.gemma3
        seeing.capabilities = ["completion", "vision"]
        return ServerScript(models: [seeing, .llama31])
    }

    static func chat(_ model: String, images: [String]) -> String {
        let list = images.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"model":"\#(model)","stream":false,"messages":[{"role":"user","content":"hi","images":[\#(list)]}]}"#
    }

    @Test func aVisionModelNamesThePicturesAndShowListsTheCapability() async throws {
        try await ScriptedOllamaServer.withRunning(Self.script) { server in
            let answer = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.chat("gemma3:1b", images: [Self.png, Self.png]))
            #expect(answer.status == 200)
            #expect(answer.text.contains(#""content":"You said: hi I see 2 images: PNG 1×1, PNG 1×1.""#))
            #expect(server.recordedRequests().last?.messageImages == [[Self.png, Self.png]])
            let show = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/show", body: #"{"model":"gemma3:1b"}"#)
            #expect(show.text.contains(#""capabilities":["completion","vision"]"#))
        }
    }

    @Test func picturesAreRefusedByAModelWithoutVisionAndWhenTheyAreNotPictures() async throws {
        try await ScriptedOllamaServer.withRunning(Self.script) { server in
            let blind = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.chat("llama3.1:8b", images: [Self.png]))
            #expect(blind.status == 400 && blind.text.contains("does not support images"))
            let text = Data("hello".utf8).base64EncodedString()
            let notPicture = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.chat("gemma3:1b", images: [text]))
            #expect(notPicture.status == 500 && notPicture.text == #"{"error":"failed to process inputs: image: unknown format"}"#)
            let notBase64 = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.chat("gemma3:1b", images: ["%%%"]))
            #expect(notBase64.status == 400)
        }
    }
}
