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
    let server = try await ScriptedOllamaServer.start(port: 0, script: script)
    let config = OllamaBackendConfig(
        server: OllamaServerConfig(baseURL: server.baseURL, connectTimeout: .seconds(5), requestTimeout: requestTimeout),
        model: model)
    let backend = OllamaBackend(config: config)
    do {
        let result = try await body(server, backend)
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
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
