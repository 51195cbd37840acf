import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

@Suite("Scripted Ollama server: pull")
struct ScriptedServerPullTests {

    @Test func pullStreamsProgressAndInstallsTheModel() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/pull", body: #"{"model":"llama3.2"}"#)
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/x-ndjson")
            let lines = response.jsonLines
            let statuses = lines.compactMap { $0.scripted("status")?.stringValue }
            #expect(statuses.first == "pulling manifest")
            #expect(Array(statuses.suffix(3)) == ["verifying sha256 digest", "writing manifest", "success"])

            let layerLines = lines.filter { $0.scripted("digest") != nil }
            #expect(layerLines.count >= 8)
            let first = try #require(layerLines.first)
            let digest = try #require(first.scripted("digest")?.stringValue)
            #expect(digest.wholeMatch(of: /sha256:[0-9a-f]{64}/) != nil)
            #expect(first.scripted("status")?.stringValue == "pulling " + String(digest.dropFirst(7).prefix(12)))
            let sameLayer = layerLines.filter { $0.scripted("digest")?.stringValue == digest }
            let completed = sameLayer.map { $0.scripted("completed")?.scriptedNumber ?? 0 }
            #expect(completed == completed.sorted())
            #expect(completed.last == sameLayer.last?.scripted("total")?.scriptedNumber)
            #expect(response.lines[0] == #"{"status":"pulling manifest"}"#)

            let tags = try await ScriptedServerTestClient.send(port: server.port, "GET", "/api/tags")
            #expect(tags.text.contains(#"{"models":[{"name":"llama3.2:latest""#))
        }
    }

    @Test func pullOfAnUnknownModelEndsWithAnErrorLine() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/pull", body: #"{"model":"no-such-model"}"#)
            #expect(response.status == 200)
            #expect(response.lines == [#"{"status":"pulling manifest"}"#, #"{"error":"pull model manifest: file does not exist"}"#])

            let whole = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/pull", body: #"{"model":"no-such-model","stream":false}"#)
            #expect(whole.status == 500)
            #expect(whole.text == #"{"error":"pull model manifest: file does not exist"}"#)
        }
    }

    @Test func pullWithoutStreamingAnswersSuccess() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/pull", body: #"{"model":"gemma3:1b","stream":false}"#)
            #expect(response.status == 200)
            #expect(response.text == #"{"status":"success"}"#)
            #expect(server.script.models.first?.name == "gemma3:1b")
        }
    }
}
