import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// Issue 20, points 1 and 3 from the command line: `--think [LEVEL]`, `--hidethinking`, and `run`
/// with an embedding model.
@Suite struct ThinkingAndEmbeddingCommandTests {
    func run(_ arguments: [String], stdin: String? = nil, home: ScratchHome = ScratchHome()) async throws -> CommandResult {
        defer { home.remove() }
        return try await runCommand(BuiltProducts.tachikoma, arguments, stdin: stdin, environment: home.environment)
    }

    static func lastBody(_ server: ScriptedOllamaServer, _ path: String = "/api/chat") throws -> [String: JSONValue] {
        try #require(server.recordedRequests().last { $0.path == path }?.json?.objectValue)
    }

    @Test func thinkTakesNothingABoolOrALevel() async throws {
        var script = ServerScript(models: [.llama31, .qwen3])
        script.reply.thinking = ["Hmm."]
        try await ScriptedOllamaServer.withRunning(script) { server in
            let cases: [([String], JSONValue?)] = [
                (["--think"], .bool(true)), (["--think", "false"], .bool(false)), (["--think=true"], .bool(true)),
                (["--think", "high"], .string("high")), (["--think=max"], .string("max")), (["--think", "low"], .string("low")),
                ([], nil),
            ]
            for (flags, expected) in cases {
                // A bare --think before the prompt leaves the prompt a prompt.
                let result = try await run(["run", "qwen3:4b"] + flags + ["hello there", "--host", server.baseURL])
                #expect(Self.bodyThink(server) == expected, "\(flags)")
                if expected == .bool(true) || expected == nil { #expect(result.exitCode == 0, "\(flags): \(result.stderr)") }
                guard case .array(let messages)? = try Self.lastBody(server)["messages"] else {
                    Issue.record("no messages")
                    continue
                }
                #expect(messages.last?.objectValue?["content"] == .string("hello there"), "\(flags)")
            }
            let bad = try await run(["run", "qwen3:4b", "hi", "--think=extreme", "--host", server.baseURL])
            #expect(bad.exitCode == 2)
            #expect(bad.stderr.contains("invalid value for --think: 'extreme' (must be true, false, high, medium, low or max)"), "\(bad.stderr)")
        }
    }

    static func bodyThink(_ server: ScriptedOllamaServer) -> JSONValue? {
        server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue?["think"]
    }

    @Test func aModelThatDoesNotThinkGetsAWarningAndNoThinkInItsRequest() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await run(["run", "llama3.1:8b", "--think", "hi", "--host", server.baseURL])
            #expect(result.exitCode == 0, "\(result.stderr)")
            #expect(result.stderr == "warning: model \"llama3.1:8b\" does not support thinking output; it answers without thinking.\n")
            #expect(result.stdout == "You said: hi\n")
            #expect(Self.bodyThink(server) == nil)
            // A thinking model: no warning.
            let thinking = try await run(["run", "qwen3:4b", "--think", "hi", "--host", server.baseURL])
            #expect(!thinking.stderr.contains("warning"), "\(thinking.stderr)")
        }
    }

    @Test func hideThinkingPrintsOnlyTheAnswer() async throws {
        var script = ServerScript()
        script.reply.thinking = ["Secret", " musing."]
        try await ScriptedOllamaServer.withRunning(script) { server in
            let shown = try await run(["run", "qwen3:4b", "--think", "hi", "--host", server.baseURL])
            #expect(shown.stderr.contains("Secret musing."), "\(shown.stderr)")
            let hidden = try await run(["run", "qwen3:4b", "--think", "--hidethinking", "hi", "--host", server.baseURL])
            #expect(hidden.exitCode == 0)
            #expect(hidden.stdout == "You said: hi\n")
            #expect(!hidden.stderr.contains("Secret"), "\(hidden.stderr)")
        }
    }

    static let embeddingScript = ServerScript(models: [.llama31, .allMiniLM])

    /// The one line `run` printed, read as numbers.
    static func vector(_ line: String) throws -> [Float] {
        #expect(line.hasPrefix("[") && line.hasSuffix("]\n") && !line.contains(" "), "\(line.prefix(80))")
        guard case .array(let items) = try JSONTextParser.parse(line) else { return [] }
        return items.compactMap { item in
            guard case .number(let number) = item else { return nil }
            return Float(number)
        }
    }

    @Test func runWithAnEmbeddingModelPrintsTheVectorAsOneLine() async throws {
        try await ScriptedOllamaServer.withRunning(Self.embeddingScript) { server in
            let result = try await run(["run", "all-minilm", "why", "is", "the", "sky", "blue?", "--host", server.baseURL])
            #expect(result.exitCode == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty, "\(result.stderr)")
            #expect(try Self.vector(result.stdout).count == 384)
            let body = try Self.lastBody(server, "/api/embed")
            #expect(body == ["model": "all-minilm", "input": "why is the sky blue?"])
            #expect(!server.recordedRequests().contains { $0.path == "/api/chat" })
            // The same text, the same line.
            let again = try await run(["run", "all-minilm", "why is the sky blue?", "--host", server.baseURL])
            #expect(again.stdout == result.stdout)

            let piped = try await run(["run", "all-minilm", "--dimensions", "16", "--no-truncate", "blue?", "--host", server.baseURL], stdin: "why is the sky\n")
            #expect(piped.exitCode == 0, "\(piped.stderr)")
            #expect(try Self.vector(piped.stdout).count == 16)
            #expect(try Self.lastBody(server, "/api/embed") == [
                "model": "all-minilm", "input": "why is the sky\nblue?", "truncate": false, "dimensions": 16,
            ])
        }
    }

    @Test func anEmbeddingModelWithoutTextIsOneLineAndExit2() async throws {
        try await ScriptedOllamaServer.withRunning(Self.embeddingScript) { server in
            let result = try await run(["run", "all-minilm", "--host", server.baseURL], stdin: "")
            #expect(result.exitCode == 2)
            #expect(result.stderr == "Error: all-minilm is an embedding model: it needs text, e.g. tachikoma run all-minilm \"your text here\" (or pipe it on stdin)\n")
            #expect(!server.recordedRequests().contains { $0.path == "/api/embed" })
            let refused = try await run(["run", "all-minilm", "x", "--dimensions", "0", "--host", server.baseURL])
            #expect(refused.exitCode == 2)
            #expect(refused.stderr.contains("--dimensions takes a whole number above 0, not 0"), "\(refused.stderr)")
            let tooLong = try await run(
                ["run", "all-minilm", String(repeating: "word ", count: 600), "--no-truncate", "--host", server.baseURL])
            #expect(tooLong.exitCode == 1)
            #expect(tooLong.stderr.contains("the input length exceeds the context length"), "\(tooLong.stderr)")
        }
    }

    @Test func anOpenAICompatibleServerEmbedsAtV1Embeddings() async throws {
        var script = Self.embeddingScript
        script.openAI.listsModelTypes = true
        try await ScriptedOllamaServer.withRunning(script) { server in
            let home = ScratchHome()
            let path = home.path + "/config/tachikoma/config.json"
            try #"{"connect_timeout": 60, "default_server": "compat", "servers": {"compat": {"kind": "openai", "url": "\#(server.openAIBaseURL)"}}}"#
                .write(toFile: path, atomically: true, encoding: .utf8)
            #expect(chmod(path, 0o600) == 0)
            let result = try await run(["run", "all-minilm:latest", "hello", "--dimensions", "8", "--truncate"], home: home)
            #expect(result.exitCode == 0, "\(result.stderr)")
            #expect(try Self.vector(result.stdout).count == 8)
            #expect(result.stderr == "warning: OpenAI-compatible servers take no truncate setting; the text is sent without it.\n")
            #expect(try Self.lastBody(server, "/v1/embeddings") == ["model": "all-minilm:latest", "input": "hello", "dimensions": 8])
        }
    }
}

