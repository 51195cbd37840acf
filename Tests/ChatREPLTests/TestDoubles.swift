import Foundation
import OllamaBackend
import OllamaTestSupport
import TachikomaCore
import TerminalText

@testable import ChatEngine
@testable import ChatREPL

/// A lock-protected value for test doubles shared across threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    @discardableResult
    func update<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}

/// Notified whenever a test double records something (output written), so that `.waitUntil`
/// steps wake on the event instead of polling.
let testDoubleChanges = ChangeSignal()

/// One step of a scripted answer.
enum ScriptStep: Sendable {
    case event(StreamEvent)
    case fail(BackendError)
    /// Waits (up to a generous timeout) until the condition holds.
    case waitUntil(@Sendable () -> Bool)
    case run(@Sendable () -> Void)
    /// Never finishes on its own: ends only when the consumer cancels.
    case hang
}

/// A backend that answers from a script and records every request.
final class MockBackend: ModelListing, ModelDescribing, ModelPulling, @unchecked Sendable {
    let requests = Locked<[CompletionRequest]>([])
    let answers = Locked<[[ScriptStep]]>([])
    let models = Locked<[ModelSummary]>([])
    let pulled = Locked<[String]>([])
    let cancelledStreams = Locked(0)
    var healthy = true
    var details = ModelDetails(name: "m")
    /// The call of `modelDetails` (1 for the first) that waits until its task is cancelled, then
    /// throws; nil when none does.
    let hangingDetailsCall = Locked<Int?>(nil)
    let detailsRequests = Locked(0)

    init(models: [String] = ["llama3.2:latest", "qwen3:8b"]) {
        self.models.set(models.map { ModelSummary(name: $0, digest: "sha256:abc", sizeBytes: 2_000_000_000, modifiedAt: nil) })
    }

    /// Names as an Ollama server has them, which the chat's tests were written against, unless a
    /// test gives another server's rule.
    var modelNaming: any ModelNaming = TaggedModelNaming(defaultTag: "latest")
    /// Topics as an Ollama server has them.
    var modelTopics: [String] { ["info", "parameters", "template", "system", "modelfile", "license"] }
    /// Ollama's parameters unless a test gives another server's.
    var requestParameters: RequestParameterTable = OllamaNaming.requestParameters

    func enqueue(_ steps: [ScriptStep]) { answers.update { $0.append(steps) } }

    /// An answer of these deltas, then done with these counts.
    func enqueueAnswer(_ deltas: [String], promptTokens: Int = 10, completionTokens: Int = 5) {
        let usage = Usage(
            promptTokens: promptTokens, completionTokens: completionTokens, totalDuration: .milliseconds(1500),
            loadDuration: .milliseconds(20), promptEvalDuration: .milliseconds(100), evalDuration: .seconds(1))
        let response = CompletionResponse(model: "m", content: "", finishReason: .stop, usage: usage)
        enqueue(deltas.map { .event(.contentDelta($0)) } + [.event(.done(response))])
    }

    func info() async throws -> BackendInfo {
        BackendInfo(name: "Mock", version: "1.0", endpoint: "mock://", defaultModel: "m")
    }

    /// What `complete` answers, in order; when none is left it fails.
    let completions = Locked<[String]>([])
    let completeRequests = Locked<[CompletionRequest]>([])

    func complete(_ request: CompletionRequest) async throws -> CompletionResponse {
        completeRequests.update { $0.append(request) }
        let next = completions.update { queue -> String? in queue.isEmpty ? nil : queue.removeFirst() }
        guard let content = next else { throw BackendError.unsupported("complete") }
        return CompletionResponse(model: request.model ?? "m", content: content, finishReason: .stop, usage: Usage())
    }

    func stream(_ request: CompletionRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        requests.update { $0.append(request) }
        let steps = answers.update { $0.isEmpty ? [] : $0.removeFirst() }
        let cancelled = cancelledStreams
        return AsyncThrowingStream { continuation in
            let task = Task {
                for step in steps {
                    switch step {
                    case .event(let event): continuation.yield(event)
                    case .fail(let error):
                        continuation.finish(throwing: error)
                        return
                    case .waitUntil(let condition):
                        // Conditions look at what a test double has seen; those notify `testDoubleChanges`.
                        _ = await testDoubleChanges.waitUntil(timeout: .seconds(90), condition)
                    case .run(let action): action()
                    case .hang:
                        // A stream that never yields; iterating it ends when this task is cancelled.
                        let (never, keepOpen) = AsyncStream<Never>.makeStream()
                        for await _ in never {}
                        keepOpen.finish()
                        cancelled.update { $0 += 1 }
                        continuation.finish(throwing: BackendError.cancelled)
                        return
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func healthCheck() async throws -> HealthStatus {
        guard healthy else { throw BackendError.serviceUnavailable(url: "http://127.0.0.1:1", reason: "connection refused") }
        return HealthStatus(version: "0.12.6", latency: .milliseconds(1))
    }

    func countTokens(_ messages: [Message]) async throws -> TokenCount { TokenCount.estimate(messages) }

    func listModels() async throws -> [ModelSummary] {
        guard healthy else { throw BackendError.serviceUnavailable(url: "http://127.0.0.1:1", reason: "connection refused") }
        return models.get()
    }

    func modelDetails(_ name: String) async throws -> ModelDetails {
        let call = detailsRequests.update { count in
            count += 1
            return count
        }
        if hangingDetailsCall.get() == call {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            throw BackendError.cancelled
        }
        return details
    }

    func pullModel(_ name: String) -> AsyncThrowingStream<PullProgress, any Error> {
        pulled.update { $0.append(name) }
        let models = self.models
        return AsyncThrowingStream { continuation in
            continuation.yield(PullProgress(status: "pulling manifest"))
            continuation.yield(PullProgress(status: "pulling abc", digest: "sha256:abc", totalBytes: 1000, completedBytes: 500))
            continuation.yield(PullProgress(status: "pulling abc", digest: "sha256:abc", totalBytes: 1000, completedBytes: 1000))
            continuation.yield(PullProgress(status: "success"))
            models.update { $0.append(ModelSummary(name: name, digest: "sha256:def", sizeBytes: 1000, modifiedAt: nil)) }
            continuation.finish()
        }
    }
}

/// Input that plays back a script, then reports the end of input.
final class ScriptedInput: ChatInput, @unchecked Sendable {
    private let events = Locked<[ChatInputEvent]>([])
    let prompts = Locked<[String]>([])
    let history = Locked<[String]>([])
    let completion = Locked<(@Sendable (ChatCompletionContext) -> [String])?>(nil)
    let restored = Locked(false)

    init(_ lines: [String]) {
        events.set(lines.map { .text($0) })
    }

    init(events: [ChatInputEvent]) {
        self.events.set(events)
    }

    var isInteractive = true

    func nextInput(prompt: String, continuationPrompt: String) -> ChatInputEvent {
        prompts.update { $0.append(prompt) }
        return events.update { $0.isEmpty ? .endOfFile : $0.removeFirst() }
    }

    func addToHistory(_ line: String) { history.update { $0.append(line) } }

    /// History problems handed over one per call, as the line editor hands over each once.
    let historyWarnings = Locked<[String]>([])

    func takeHistoryWarning() -> String? { historyWarnings.update { $0.isEmpty ? nil : $0.removeFirst() } }

    func setCompletionHandler(_ handler: @escaping @Sendable (ChatCompletionContext) -> [String]) {
        completion.set(handler)
    }

    func restoreTerminal() { restored.set(true) }

    /// What `/edit` put on the line, in order.
    let prefills = Locked<[String]>([])

    func prefillNextInput(_ text: String) { prefills.update { $0.append(text) } }
}

/// Collects everything written.
final class CapturingOutput: TextOutput, @unchecked Sendable {
    private let buffer = Locked("")
    let writes = Locked(0)
    private let width: Locked<Int?>

    init(width: Int? = nil) { self.width = Locked(width) }

    /// As a person resizing the window does.
    func resize(to columns: Int?) { width.set(columns) }

    func write(_ text: String) {
        buffer.update { $0 += text }
        writes.update { $0 += 1 }
        testDoubleChanges.notify()
    }

    func columns() -> Int? { width.get() }

    var text: String { buffer.get() }
}

/// The doubles answer at once, but a two-core CI machine running the whole suite can leave a test's
/// task unscheduled for seconds; the chat's 5 s start-up bound would then report a silent server.
/// Tests of that bound run the real binary against a server that does not answer.
let inProcessStartupTimeout: Duration = .seconds(600)

/// A REPL over the doubles, with colour off and no signal handling.
func makeREPL(
    _ lines: [String], backend: MockBackend = MockBackend(), settings: ChatSettings? = nil, width: Int? = nil,
    saving: SessionSaving = .off
) -> (ChatREPL, ScriptedInput, CapturingOutput) {
    var chosen = settings ?? ChatSettings(model: "llama3.2")
    if settings == nil { chosen.color = false }
    let input = ScriptedInput(lines)
    let output = CapturingOutput(width: width)
    let repl = ChatREPL(backend: backend, settings: chosen, saving: saving, input: input, output: output, handlesSignals: false, startupTimeout: inProcessStartupTimeout)
    return (repl, input, output)
}
