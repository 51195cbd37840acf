import Foundation
import Testing
import TachikomaCore

@testable import ChatEngine
@testable import ChatREPL

/// Named in-memory backends, as the executable's wiring names real ones.
final class MockServers: BackendProviding, @unchecked Sendable {
    let backends: [(name: String, backend: MockBackend)]
    /// Servers whose backend cannot be built at all (e.g. a kind this build cannot speak).
    let unbuildable: [String: BackendError]

    init(_ backends: [(name: String, backend: MockBackend)], unbuildable: [String: BackendError] = [:]) {
        self.backends = backends
        self.unbuildable = unbuildable
    }

    var servers: [ServerListing] {
        backends.map { ServerListing(name: $0.name, kind: "ollama", url: "http://\($0.name).test:11434") }
            + unbuildable.keys.sorted().map { ServerListing(name: $0, kind: "openai", url: "http://\($0).test/v1") }
    }

    func makeBackend(forServer name: String) throws -> any Backend {
        if let error = unbuildable[name] { throw error }
        guard let backend = backends.first(where: { $0.name == name })?.backend else {
            throw BackendError.configuration("no server \(name)")
        }
        return backend
    }
}

/// A server that lists its models but can neither describe nor pull them.
final class ListingOnlyBackend: ModelListing, @unchecked Sendable {
    let inner = MockBackend(models: ["gpt-x", "gpt-y"])
    func info() async throws -> BackendInfo { try await inner.info() }
    func complete(_ request: CompletionRequest) async throws -> CompletionResponse { try await inner.complete(request) }
    func stream(_ request: CompletionRequest) -> AsyncThrowingStream<StreamEvent, any Error> { inner.stream(request) }
    func healthCheck() async throws -> HealthStatus { try await inner.healthCheck() }
    func countTokens(_ messages: [Message]) async throws -> TokenCount { TokenCount.estimate(messages) }
    func listModels() async throws -> [ModelSummary] { try await inner.listModels() }
}

/// The shared helper, under a name this suite's own `makeREPL` does not hide.
func makeSingleServerREPL(_ lines: [String]) -> (ChatREPL, ScriptedInput, CapturingOutput) {
    makeREPL(lines)
}

@Suite struct ServerSwitchingTests {
    /// A REPL on server `a` of `servers`.
    func makeREPL(
        _ lines: [String], servers: MockServers, saving: SessionSaving = .off
    ) -> (ChatREPL, ScriptedInput, CapturingOutput) {
        let input = ScriptedInput(lines)
        let output = CapturingOutput()
        let first = servers.backends[0]
        let repl = ChatREPL(
            backend: first.backend, settings: ChatSettings(model: "llama3.2", color: false), saving: saving, input: input,
            output: output, handlesSignals: false, servers: ServerChoice(provider: servers, current: first.name))
        return (repl, input, output)
    }

    @Test func theConversationGoesToTheNewServerWithTheSameModel() async throws {
        let a = MockBackend()
        let b = MockBackend(models: ["llama3.2:latest"])
        a.enqueueAnswer(["One"])
        b.enqueueAnswer(["Two"])
        let (repl, _, output) = makeREPL(["first", "/server b", "second"], servers: MockServers([("a", a), ("b", b)]))
        _ = await repl.run()
        #expect(a.requests.get().count == 1)
        let request = try #require(b.requests.get().first)
        #expect(request.messages.map(\.content) == ["first", "One", "second"], "the whole conversation goes to b")
        #expect(request.model == "llama3.2:latest", "b has the model, under its own spelling")
        #expect(output.text.contains("Switched to b with llama3.2:latest; the conversation (2 messages) goes with it."))
        #expect(repl.servers?.current == "b")
    }

    /// Issue 20: `beta` on a server without tags becomes `beta:latest` on Ollama and `beta` again on
    /// the way back, each server's rule matching the other's name.
    @Test func aModelSurvivesRoundTripsBetweenServersThatSpellItDifferently() async throws {
        let compat = MockBackend(models: ["alpha", "beta"])
        compat.modelNaming = ExactModelNaming()
        let ollama = MockBackend(models: ["alpha:latest", "beta:latest"])
        for _ in 0..<3 {
            compat.enqueueAnswer(["c"])
            ollama.enqueueAnswer(["o"])
        }
        let input = ScriptedInput(["/model beta", "one", "/server ol", "two", "/server oa", "three", "/server ol", "four"])
        let output = CapturingOutput()
        let repl = ChatREPL(
            backend: compat, settings: ChatSettings(model: "alpha", color: false), saving: .off, input: input, output: output,
            handlesSignals: false, servers: ServerChoice(provider: MockServers([("oa", compat), ("ol", ollama)]), current: "oa"))
        _ = await repl.run()
        #expect(compat.requests.get().map(\.model) == ["beta", "beta"])
        #expect(ollama.requests.get().map(\.model) == ["beta:latest", "beta:latest"])
        #expect(!output.text.contains("so the model is now"), "\(output.text)")
        #expect(output.text.contains("Switched to oa with beta;"))
    }

    @Test func aServerWithoutTheModelGetsItsFirstModelSaidInOneLine() async throws {
        let a = MockBackend()
        let b = MockBackend(models: ["phi3:mini", "mistral:7b"])
        a.enqueueAnswer(["One"])
        b.enqueueAnswer(["Two"])
        let (repl, _, output) = makeREPL(["first", "/server b", "second"], servers: MockServers([("a", a), ("b", b)]))
        _ = await repl.run()
        let request = try #require(b.requests.get().first)
        #expect(request.model == "phi3:mini")
        #expect(request.messages.map(\.content) == ["first", "One", "second"])
        let line = try #require(output.text.split(separator: "\n").first { $0.hasPrefix("Switched to b") })
        #expect(line == "Switched to b; the conversation (2 messages) goes with it; it has no llama3.2, so the model is now phi3:mini.")
        #expect(repl.settings.model == "phi3:mini")
    }

    @Test func aServerThatDoesNotAnswerLeavesTheChatWhereItWas() async throws {
        let a = MockBackend()
        let b = MockBackend()
        b.healthy = false
        a.enqueueAnswer(["One"])
        a.enqueueAnswer(["Still here"])
        let (repl, _, output) = makeREPL(["first", "/server b", "second"], servers: MockServers([("a", a), ("b", b)]))
        _ = await repl.run()
        #expect(b.requests.get().isEmpty)
        #expect(a.requests.get().count == 2)
        let line = try #require(output.text.split(separator: "\n").first { $0.contains("server b") })
        #expect(line.hasPrefix("error: server b does not answer; staying on a. (could not connect to the server at http://127.0.0.1:1"))
        #expect(line.hasSuffix("is it running?)"))
        #expect(repl.servers?.current == "a")
    }

    @Test func aServerThatCannotBeBuiltIsOneLine() async {
        let a = MockBackend()
        let servers = MockServers([("a", a)], unbuildable: ["hosted": .unsupported("the openai kind")])
        let (repl, _, output) = makeREPL(["/server hosted"], servers: servers)
        _ = await repl.run()
        #expect(output.text.contains("error: cannot use server hosted; staying on a. (not supported by this backend: the openai kind)"))
        #expect(repl.servers?.current == "a")
    }

    @Test func serverListAndNearMisses() async {
        let (repl, _, output) = makeREPL(
            ["/server", "/server gpu-bx", "/server a"],
            servers: MockServers([("a", MockBackend()), ("gpu-box", MockBackend())]))
        _ = await repl.run()
        #expect(output.text.contains("* a        ollama  http://a.test:11434\n  gpu-box  ollama  http://gpu-box.test:11434\n"))
        #expect(output.text.contains("Unknown server 'gpu-bx'. Did you mean gpu-box? Servers: a, gpu-box."))
        #expect(output.text.contains("Already on a."))
    }

    @Test func tabCompletesServerNames() async throws {
        let (repl, input, _) = makeREPL([], servers: MockServers([("a", MockBackend()), ("gpu-box", MockBackend())]))
        _ = await repl.run()
        let handler = try #require(input.completion.get())
        #expect(handler(ChatCompletionContext(line: "/ser", textBeforeCursor: "/ser", word: "/ser")) == ["/server"])
        #expect(handler(ChatCompletionContext(line: "/server g", textBeforeCursor: "/server g", word: "g")) == ["gpu-box"])
        #expect(handler(ChatCompletionContext(line: "/server ", textBeforeCursor: "/server ", word: "")) == ["a", "gpu-box"])
    }

    @Test func withoutServersTheCommandSaysHowToAddThem() async {
        let (repl, _, output) = makeSingleServerREPL(["/server"])
        _ = await repl.run()
        #expect(output.text.contains("This chat has one server; name more under \"servers\" in the config file"))
    }

    @Test func eachAnswerIsSavedWithTheServerThatGaveIt() async throws {
        let store = InMemorySessionStore()
        let a = MockBackend()
        let b = MockBackend()
        a.enqueueAnswer(["One"])
        b.enqueueAnswer(["Two"])
        let (repl, _, _) = makeREPL(
            ["first", "/server b", "second"], servers: MockServers([("a", a), ("b", b)]), saving: .store(store))
        _ = await repl.run()
        let saved = try #require(try store.latestSession())
        #expect(saved.messages.map(\.server) == [nil, "a", nil, "b"])
        #expect(saved.messages.map(\.model) == [nil, "llama3.2", nil, "llama3.2:latest"])
        let shown = TranscriptText.render(saved)
        #expect(shown.contains("llama3.2 on a"), "\(shown)")
        #expect(shown.contains("llama3.2:latest on b"), "\(shown)")
        _ = repl
    }

    @Test func aBackendThatListsButCannotPullStillListsAndCompletes() async throws {
        let backend = ListingOnlyBackend()
        let input = ScriptedInput(["/model", "/model gpt-z", "/model gpt-y"])
        let output = CapturingOutput()
        let repl = ChatREPL(
            backend: backend, settings: ChatSettings(model: "gpt-x", color: false), input: input, output: output,
            handlesSignals: false)
        _ = await repl.run()
        #expect(output.text.contains("* gpt-x"))
        #expect(output.text.contains("Model 'gpt-z' is not on the server (did you mean gpt-x?); /model lists what is there."))
        #expect(!output.text.contains("Pull it?"))
        #expect(output.text.contains("Switched to gpt-y."))
        let handler = try #require(input.completion.get())
        #expect(handler(ChatCompletionContext(line: "/model gpt", textBeforeCursor: "/model gpt", word: "gpt")) == ["gpt-x", "gpt-y"])
    }
}
