import AsyncHTTPClient
import Foundation
import NIOCore
import OllamaTestSupport
import TachikomaCore
import Testing

/// The server as the real client meets it: AsyncHTTPClient with pooled keep-alive connections.
@Suite("Scripted Ollama server: AsyncHTTPClient", .timeLimit(.minutes(1)))
struct ScriptedServerHTTPClientTests {
    private func chatRequest(_ server: ScriptedOllamaServer, body: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: server.baseURL + "/api/chat")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    @Test func streamsThenReusesTheConnectionThenShutsDown() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let client = HTTPClient.shared
            let body = #"{"model":"llama3.1:8b","messages":[{"role":"user","content":"one two"}]}"#
            for _ in 0..<3 {
                let response = try await client.execute(chatRequest(server, body: body), timeout: .seconds(10))
                #expect(response.status == .ok)
                #expect(response.headers.first(name: "content-type") == "application/x-ndjson")
                var text = ""
                for try await chunk in response.body {
                    text += String(buffer: chunk)
                }
                #expect(text.split(separator: "\n").count == 5)
                #expect(text.hasSuffix("}\n"))
            }
            let tags = try await client.execute(HTTPClientRequest(url: server.baseURL + "/api/tags"), timeout: .seconds(10))
            let tagsBody = try await tags.body.collect(upTo: 1 << 20)
            #expect(String(buffer: tagsBody).hasPrefix(#"{"models":[{"name":"llama3.1:8b""#))
            #expect(server.recordedRequests().count == 4)
        }
    }

    @Test func abandoningTheBodyCountsAsAClientDisconnect() async throws {
        var script = ServerScript()
        script.reply.content = .repeated(token: "x", count: 100_000)
        script.reply.tokenDelay = .milliseconds(5)
        try await ScriptedOllamaServer.withRunning(script) { server in
            let (firstChunk, arrived) = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                let body = #"{"model":"llama3.1:8b","messages":[{"role":"user","content":"hi"}]}"#
                let response = try await HTTPClient.shared.execute(chatRequest(server, body: body), timeout: .seconds(30))
                for try await chunk in response.body where String(buffer: chunk).contains(#""content":"x""#) {
                    // Keep consuming until cancelled, like a user watching the answer before pressing Ctrl-C.
                    arrived.yield()
                }
            }
            // Cancel only once the answer is streaming: a cancel before the request went out is no disconnect.
            for await _ in firstChunk { break }
            task.cancel()
            _ = await task.result
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(90)))
        }
    }
}
