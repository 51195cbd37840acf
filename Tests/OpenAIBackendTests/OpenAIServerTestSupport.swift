import OllamaTestSupport
import TachikomaCore

@testable import OpenAIBackend

/// Runs `body` against a fresh scripted server and an `OpenAIBackend` pointed at its `/v1`, then
/// shuts the server down.
func withOpenAIServer<T>(
    _ script: ServerScript = ServerScript(),
    model: String = "llama3.1:8b",
    apiKey: String? = nil,
    apiKeyEnvName: String? = nil,
    _ body: (ScriptedOllamaServer, OpenAIBackend) async throws -> T
) async throws -> T {
    try await ScriptedOllamaServer.withRunning(script) { server in
        let backend = try OpenAIBackend(
            baseURL: server.openAIBaseURL, apiKey: apiKey, apiKeyEnvName: apiKeyEnvName, caFile: nil, model: model,
            connectTimeout: .seconds(5), requestTimeout: .seconds(30))
        return try await body(server, backend)
    }
}

/// Every event of a stream, and the error it ended with (nil when it ended cleanly).
func collect<Element>(_ stream: AsyncThrowingStream<Element, any Error>) async -> (events: [Element], error: (any Error)?) {
    var events: [Element] = []
    do {
        for try await event in stream { events.append(event) }
        return (events, nil)
    } catch {
        return (events, error)
    }
}

extension Array where Element == StreamEvent {
    var content: String {
        map { if case .contentDelta(let text) = $0 { return text } else { return "" } }.joined()
    }

    var thinking: String {
        map { if case .thinkingDelta(let text) = $0 { return text } else { return "" } }.joined()
    }

    var doneResponse: CompletionResponse? {
        for case .done(let response) in self { return response }
        return nil
    }
}
