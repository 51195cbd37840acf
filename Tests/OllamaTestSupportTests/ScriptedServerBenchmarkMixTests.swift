import Foundation
import NIOCore
import OllamaTestSupport
import TachikomaCore
import Testing

/// The streams the benchmarks measure, the holds and ports tests use: what the server must send.
@Suite("Scripted Ollama server: benchmark mix, holds and reserved ports")
struct ScriptedServerBenchmarkMixTests {
    static let userHello = #"{"model":"llama3.1:8b","messages":[{"role":"user","content":"hello"}]}"#

    @Test func sampleAnswerTokensJoinToItsTextAndCoverWhatGoEscapes() {
        #expect(SampleAnswer.tokens.joined() == SampleAnswer.text)
        #expect(SampleAnswer.tokens.count > 300)
        for needed in ["<", ">", "&", "\"", "\\", "\t", "\n", "é", "日", "🚀", "```"] {
            #expect(SampleAnswer.text.contains(needed), "the sample answer lacks \(needed)")
        }
    }

    @Test func sampleAnswerStreamIsEncodedAsGoEncodesIt() async throws {
        let count = 2_000
        var script = ServerScript()
        script.reply.content = .cycled(tokens: SampleAnswer.tokens, count: count)
        try await ScriptedOllamaServer.withRunning(script) { server in
            let response = try await ScriptedServerTestClient.send(port: server.port, "POST", "/api/chat", body: Self.userHello)
            let lines = response.lines
            try #require(lines.count == count + 1)
            let body = response.text
            for escape in [#"\u003c"#, #"\u003e"#, #"\u0026"#, #"\""#, #"\\"#, #"\n"#, #"\t"#] {
                #expect(body.contains(escape), "no \(escape) in the stream")
            }
            #expect(!body.contains("<") && !body.contains(">") && !body.contains("&"))
            let content = response.jsonLines.compactMap { $0.scripted("message", "content")?.stringValue }.joined()
            let cycles = count / SampleAnswer.tokens.count
            #expect(content.hasPrefix(String(repeating: SampleAnswer.text, count: cycles)))

            // Every line has its own created_at, as Go prints time.Now(): trailing zeros dropped, so
            // the length changes from line to line.
            let stamps = response.jsonLines.compactMap { $0.scripted("created_at")?.stringValue }
            #expect(stamps.count == count + 1)
            #expect(stamps.allSatisfy { $0.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z/) != nil })
            #expect(Set(stamps.map(\.count)).count > 1)
        }
    }

    @Test func aHeldStreamSendsItsFirstTokensThenTheRestOnRelease() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["first", " second", " third"])
        script.reply.holdAfterTokens = 1
        try await ScriptedOllamaServer.withRunning(script) { server in
            let connection = try await ScriptedServerTestClient.connect(port: server.port)
            var received = ""
            try await connection.executeThenClose { inbound, outbound in
                try await outbound.write(ScriptedServerTestClient.requestBytes("POST", "/api/chat", body: Self.userHello))
                var iterator = inbound.makeAsyncIterator()
                while !received.contains(#""content":"first""#), let chunk = try await iterator.next() {
                    received += String(buffer: chunk)
                }
                #expect(!received.contains("second"), "the stream went on before the release")
                server.releaseHeldStreams()
                while let chunk = try await iterator.next() { received += String(buffer: chunk) }
            }
            #expect(received.contains(#""content":" third""#))
            #expect(received.contains(#""done":true"#))
        }
    }

    @Test func aReservedPortRefusesThenServesOnTheSameSocket() async throws {
        let reserved = try ReservedPort()
        await #expect(throws: (any Error).self) {
            _ = try await ScriptedServerTestClient.send(port: reserved.port, "GET", "/api/version")
        }
        try await ScriptedOllamaServer.withRunning(listeningOn: reserved) { server in
            #expect(server.port == reserved.port)
            let response = try await ScriptedServerTestClient.send(port: reserved.port, "GET", "/api/version")
            #expect(response.status == 200)
        }
    }
}
