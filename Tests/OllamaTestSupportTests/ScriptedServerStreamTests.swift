import Foundation
import NIOCore
import OllamaTestSupport
import TachikomaCore
import Testing

@Suite("Scripted Ollama server: chat and generate streams")
struct ScriptedServerStreamTests {
    static let userHello = #"{"model":"llama3.1:8b","messages":[{"role":"user","content":"hello world"}]}"#


    private func script(_ change: (inout ScriptedReply) -> Void) -> ServerScript {
        var script = ServerScript()
        change(&script.reply)
        return script
    }

    static func isGoTimestamp(_ text: String?) -> Bool {
        guard let text else { return false }
        return text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})/) != nil
    }

    @Test func chatStreamsEchoTokensThenStatistics() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let response = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.userHello)
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/x-ndjson")
            #expect(response.chunkedComplete)
            let lines = response.lines
            try #require(lines.count == 5)
            let contents = response.jsonLines.dropLast().compactMap { $0.scripted("message", "content")?.stringValue }
            #expect(contents == ["You", " said:", " hello", " world"])
            let first = lines[0].replacing(/"created_at":"[^"]*"/, with: #""created_at":"T""#)
            #expect(first == #"{"model":"llama3.1:8b","created_at":"T","message":{"role":"assistant","content":"You"},"done":false}"#)

            let final = try #require(response.jsonLines.last)
            #expect(Self.isGoTimestamp(final.scripted("created_at")?.stringValue))
            #expect(final.scripted("done") == true)
            #expect(final.scripted("done_reason") == "stop")
            #expect(final.scripted("message") == ["role": "assistant", "content": ""])
            #expect(final.scripted("eval_count")?.scriptedNumber == 4)
            for key in ["total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_duration"] {
                #expect((final.scripted(key)?.scriptedNumber ?? 0) > 0, "\(key)")
            }
            #expect(lines[4].contains(#""done":true,"done_reason":"stop","total_duration":"#))
            #expect(lines[4].contains(#","eval_count":4,"eval_duration":"#))
        }
    }

    @Test func promptEvalCountGrowsWithThePrompt() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let short = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.userHello)
            let longText = String(repeating: "lorem ipsum ", count: 200)
            let long = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/chat",
                body: #"{"model":"llama3.1:8b","messages":[{"role":"user","content":"\#(longText)"}]}"#)
            let shortCount = try #require(short.jsonLines.last?.scripted("prompt_eval_count")?.scriptedNumber)
            let longCount = try #require(long.jsonLines.last?.scripted("prompt_eval_count")?.scriptedNumber)
            #expect(longCount > shortCount + 300)
        }
    }

    @Test func thinkingComesFirstWithEmptyContent() async throws {
        try await ScriptedOllamaServer.withRunning(script { $0.thinking = ["Hmm", " ok"]; $0.content = .tokens(["Hi"]) }) { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/chat",
                body: #"{"model":"qwen3:4b","messages":[{"role":"user","content":"hi"}],"think":true}"#)
            let lines = response.lines
            try #require(lines.count == 4)
            #expect(lines[0].contains(#""message":{"role":"assistant","content":"","thinking":"Hmm"},"done":false}"#))
            #expect(lines[1].contains(#""thinking":" ok""#))
            #expect(lines[2].contains(#""message":{"role":"assistant","content":"Hi"},"done":false}"#))
            #expect(response.jsonLines.last?.scripted("eval_count")?.scriptedNumber == 3)

            let noThinking = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/chat",
                body: #"{"model":"qwen3:4b","messages":[{"role":"user","content":"hi"}],"think":false}"#)
            #expect(noThinking.lines.count == 2)
            #expect(!noThinking.text.contains("thinking"))
        }
    }

    @Test func toolCallsArriveWholeInOneChunk() async throws {
        let call = ScriptedToolCall(name: "get_weather", arguments: ["city": "Paris", "days": 2])
        try await ScriptedOllamaServer.withRunning(script { $0.content = .tokens([]); $0.toolCalls = [call] }) { server in
            let body = #"{"model":"llama3.1:8b","messages":[{"role":"user","content":"weather?"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}"#
            let response = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: body)
            let lines = response.lines
            try #require(lines.count == 2)
            #expect(lines[0].hasSuffix(#","message":{"role":"assistant","content":"","tool_calls":[{"function":{"index":0,"name":"get_weather","arguments":{"city":"Paris","days":2}}}]},"done":false}"#))
            #expect(response.jsonLines.last?.scripted("done_reason") == "stop")

            let withoutTools = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.userHello)
            #expect(!withoutTools.text.contains("tool_calls"))
        }
    }

    @Test func errorLineInsideAnOKStream() async throws {
        try await ScriptedOllamaServer.withRunning(script { $0.content = .tokens(["a", "b", "c"]); $0.failure = .errorLine(afterTokens: 2, message: "runner crashed") }) { server in
            let response = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.userHello)
            #expect(response.status == 200)
            #expect(response.chunkedComplete)
            let lines = response.lines
            try #require(lines.count == 3)
            #expect(lines[2] == #"{"error":"runner crashed"}"#)
            #expect(!response.text.contains(#""done":true"#))
        }
    }

    @Test func disconnectEndsTheBodyWithoutDone() async throws {
        try await ScriptedOllamaServer.withRunning(script { $0.content = .tokens(["a", "b", "c"]); $0.failure = .disconnect(afterTokens: 2) }) { server in
            let response = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.userHello)
            #expect(response.status == 200)
            #expect(!response.chunkedComplete)
            #expect(response.lines.count == 2)
            #expect(!response.text.contains(#""done":true"#))
            #expect(server.clientDisconnects == 0)
        }
    }

    @Test func endWithoutDoneFinishesTheBodyCleanly() async throws {
        try await ScriptedOllamaServer.withRunning(script { $0.content = .tokens(["a", "b"]); $0.failure = .endWithoutDone(afterTokens: 1) }) { server in
            let response = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.userHello)
            #expect(response.chunkedComplete)
            #expect(response.lines.count == 1)
        }
    }

    @Test func numPredictCutsWithLength() async throws {
        try await ScriptedOllamaServer.withRunning(script { $0.content = .repeated(token: "x", count: 10) }) { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/chat",
                body: #"{"model":"llama3.1:8b","messages":[{"role":"user","content":"hi"}],"options":{"num_predict":3}}"#)
            #expect(response.lines.count == 4)
            let final = try #require(response.jsonLines.last)
            #expect(final.scripted("done_reason") == "length")
            #expect(final.scripted("eval_count")?.scriptedNumber == 3)
        }
    }

    @Test func chatWithoutStreamingIsOneObject() async throws {
        try await ScriptedOllamaServer.withRunning(script { $0.thinking = ["think"] }) { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/chat",
                body: #"{"model":"qwen3:4b","messages":[{"role":"user","content":"hi there"}],"stream":false}"#)
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            let json = try #require(response.jsonLinesOfWholeBody.first)
            #expect(json.scripted("message") == ["role": "assistant", "content": "You said: hi there", "thinking": "think"])
            #expect(json.scripted("done") == true)
            #expect(json.scripted("eval_count")?.scriptedNumber == 5)
            #expect(response.text.contains(#"},"done":true,"done_reason":"stop","total_duration":"#))
        }
    }

    @Test func generateStreamsResponsesAndContext() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let response = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/generate", body: #"{"model":"llama3.1:8b","prompt":"why"}"#)
            let lines = response.lines
            try #require(lines.count == 4)
            #expect(lines[2].hasSuffix(#","response":" why","done":false}"#))
            #expect(lines[3].contains(#","response":"","done":true,"done_reason":"stop","context":["#))
            let final = try #require(response.jsonLines.last)
            let promptCount = try #require(final.scripted("prompt_eval_count")?.scriptedNumber)
            #expect(final.scripted("context")?.scriptedArray?.count == Int(promptCount) + 3)

            let whole = try await ScriptedServerTestClient.send(
                port: server.port, "POST", "/api/generate", body: #"{"model":"llama3.1:8b","prompt":"why","stream":false}"#)
            let json = try #require(whole.jsonLinesOfWholeBody.first)
            #expect(json.scripted("response") == "You said: why")
            #expect(json.scripted("done_reason") == "stop")
        }
    }

    @Test func benchmarkStreamCarriesEveryToken() async throws {
        try await ScriptedOllamaServer.withRunning(script { $0.content = .repeated(token: " tok", count: 200_000) }) { server in
            let response = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.userHello)
            #expect(response.chunkedComplete)
            let lines = response.lines
            #expect(lines.count == 200_001)
            #expect(lines[199_999].hasSuffix(#""content":" tok"},"done":false}"#))
            #expect(lines[200_000].contains(#""eval_count":200000"#))
        }
    }

    @Test func clientLeavingMidStreamIsCounted() async throws {
        try await ScriptedOllamaServer.withRunning(script { $0.content = .repeated(token: "x", count: 10_000); $0.tokenDelay = .milliseconds(10) }) { server in
            try await readSomeThenHangUp(port: server.port)
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(90)))
            #expect(server.clientDisconnects == 1)
        }
    }

    @Test func clientLeavingAStallIsCounted() async throws {
        try await ScriptedOllamaServer.withRunning(script { $0.content = .tokens(["a", "b"]); $0.failure = .stall(afterTokens: 1) }) { server in
            try await readSomeThenHangUp(port: server.port)
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(90)))
        }
    }

    /// Sends a chat request, reads until a token line arrived, then closes the socket.
    private func readSomeThenHangUp(port: Int) async throws {
        let connection = try await ScriptedServerTestClient.connect(port: port)
        try await connection.executeThenClose { inbound, outbound in
            try await outbound.write(ScriptedServerTestClient.requestBytes("POST", "/api/chat", body: Self.userHello))
            var received = ""
            for try await chunk in inbound {
                received += String(buffer: chunk)
                if received.contains(#""done":false}"#) { break }
            }
            #expect(received.contains("HTTP/1.1 200 OK"))
        }
    }
}
