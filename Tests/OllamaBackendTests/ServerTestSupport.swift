import OllamaTestSupport
import TachikomaCore

@testable import OllamaBackend

/// Runs `body` against a fresh scripted server and a backend pointed at it, then shuts the server down.
func withScriptedServer<T>(
    _ script: ServerScript = ServerScript(),
    requestTimeout: Duration = .seconds(30),
    model: String = "llama3.1:8b",
    _ body: (ScriptedOllamaServer, OllamaBackend) async throws -> T
) async throws -> T {
    try await ScriptedOllamaServer.withRunning(script) { server in
        let config = OllamaBackendConfig(
            server: OllamaServerConfig(baseURL: server.baseURL, connectTimeout: .seconds(5), requestTimeout: requestTimeout),
            model: model)
        return try await body(server, OllamaBackend(config: config))
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
    /// The content deltas joined.
    var content: String {
        map { event -> String in
            if case .contentDelta(let text) = event { return text }
            return ""
        }.joined()
    }

    var thinking: String {
        map { event -> String in
            if case .thinkingDelta(let text) = event { return text }
            return ""
        }.joined()
    }

    var doneResponse: CompletionResponse? {
        for case .done(let response) in self { return response }
        return nil
    }
}

/// A port on 127.0.0.1 where nothing listens, held so no parallel test's server can take it.
func closedLoopbackPort() throws -> ReservedPort {
    try ReservedPort()
}
