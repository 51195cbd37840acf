import Testing
import TachikomaCore

@testable import ChatEngine
@testable import ChatREPL

/// A server as an OpenAI-compatible one is: it lists and describes its models (without saying what
/// they can do) but cannot download any, so its backend is no `ModelPulling`.
final class NonPullingBackend: ModelListing, ModelDescribing, @unchecked Sendable {
    let inner: MockBackend

    init(models: [String] = ["gpt-x", "gpt-y"]) {
        inner = MockBackend(models: models)
    }

    func info() async throws -> BackendInfo { try await inner.info() }
    func complete(_ request: CompletionRequest) async throws -> CompletionResponse { try await inner.complete(request) }
    func stream(_ request: CompletionRequest) -> AsyncThrowingStream<StreamEvent, any Error> { inner.stream(request) }
    func healthCheck() async throws -> HealthStatus { try await inner.healthCheck() }
    func countTokens(_ messages: [Message]) async throws -> TokenCount { TokenCount.estimate(messages) }
    func listModels() async throws -> [ModelSummary] { try await inner.listModels() }
    func modelDetails(_ name: String) async throws -> ModelDetails { ModelDetails(name: name, capabilities: nil) }
}

/// "/model NAME pulls it" is offered exactly when the backend can pull.
@Suite struct PullOfferTests {
    func run(_ lines: [String], backend: any Backend) async -> CapturingOutput {
        let input = ScriptedInput(lines)
        let output = CapturingOutput()
        let repl = ChatREPL(
            backend: backend, settings: ChatSettings(model: "llama3.2", color: false), saving: .off, input: input,
            output: output, handlesSignals: false, startupTimeout: inProcessStartupTimeout)
        _ = await repl.run()
        return output
    }

    @Test func aServerThatCannotPullIsNotOfferedAPullAtStartUp() async {
        let output = await run([], backend: NonPullingBackend())
        #expect(output.text.contains("model 'llama3.2' is not on the server; /model lists what is there."))
        #expect(!output.text.contains("pulls it"))
    }

    /// Issue 20: llama-server with the default model configured: the one model it serves is used and
    /// named, and the next request carries that name; no pull is suggested.
    @Test func aServerOfOneModelIsUsedWithThatModelAndSaysSo() async throws {
        let backend = NonPullingBackend(models: ["qwen2.5-7b-instruct"])
        backend.inner.enqueueAnswer(["hi"])
        let output = await run(["hello"], backend: backend)
        #expect(output.text.contains("Model 'llama3.2' is not on this server; it serves one model, qwen2.5-7b-instruct, so the chat uses that."))
        #expect(!output.text.contains("pull"))
        #expect(backend.inner.requests.get().map(\.model) == ["qwen2.5-7b-instruct"])
    }

    @Test func aServerThatCanPullIsOfferedOneAtStartUp() async {
        let output = await run([], backend: MockBackend(models: ["gpt-x"]))
        #expect(output.text.contains("model 'llama3.2' is not on the server; /model llama3.2 pulls it, /model lists what is there."))
    }

    @Test func aMissingModelInATurnIsNotOfferedAPullOnAServerThatCannot() async {
        let backend = NonPullingBackend(models: ["llama3.2"])
        backend.inner.enqueue([.fail(.modelNotFound(model: "llama3.2", message: "the server does not list it"))])
        let output = await run(["hello"], backend: backend)
        #expect(output.text.contains("model 'llama3.2' is not on the server; /model lists the models there. /retry resends your message."))
        #expect(!output.text.contains("pulls it"))
    }

    @Test func noModelsOnAServerThatCannotPullSuggestsNoPull() async {
        let output = await run(["/model"], backend: NonPullingBackend(models: []))
        #expect(output.text.contains("The server has no models.\n"))
        #expect(!output.text.contains("pulls one"))
    }
}
