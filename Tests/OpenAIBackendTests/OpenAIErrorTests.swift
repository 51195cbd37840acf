import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

@testable import OpenAIBackend

/// Every error status an OpenAI-compatible server answers with, and failures inside a stream: each is
/// one line naming what happened and what to do, and a key never appears in it.
@Suite("OpenAI backend errors")
struct OpenAIErrorTests {
    static func failing(_ failures: OpenAIFailure...) -> ServerScript {
        var script = ServerScript()
        script.openAI.failures = failures
        return script
    }

    /// The error of a streamed and of a whole request (both must say the same).
    static func errors(of backend: OpenAIBackend, model: String? = nil) async -> [BackendError?] {
        let request = CompletionRequest(model: model, messages: [.user("hi")])
        let (_, streamed) = await collect(backend.stream(request))
        var whole: (any Error)?
        do { _ = try await backend.complete(request) } catch { whole = error }
        return [streamed as? BackendError, whole as? BackendError]
    }

    @Test func badRequestKeepsTheStatusAndTheServersMessage() async throws {
        let failure = OpenAIFailure(status: 400, message: "'messages' must contain at least one message")
        try await withOpenAIServer(Self.failing(failure, failure)) { _, backend in
            for error in await Self.errors(of: backend) {
                #expect(error == .api(status: 400, message: "'messages' must contain at least one message"))
            }
        }
    }

    @Test func aMissingKeySaysSoAndNamesTheVariable() async throws {
        var script = ServerScript()
        script.openAI.requiredAPIKey = "sk-right-key-1234"
        try await withOpenAIServer(script, apiKeyEnvName: "LLAMA_API_KEY") { _, backend in
            for error in await Self.errors(of: backend) {
                guard case .api(401, let message) = error else {
                    Issue.record("expected a 401, got \(String(describing: error))")
                    continue
                }
                #expect(message.contains("none was sent"))
                #expect(message.contains("LLAMA_API_KEY"))
                #expect(message.contains("You didn't provide an API key"))
            }
        }
    }

    @Test func aWrongKeySaysSoWithoutShowingIt() async throws {
        var script = ServerScript()
        script.openAI.requiredAPIKey = "sk-right-key-1234"
        let wrong = "sk-wrong-key-999999"
        try await withOpenAIServer(script, apiKey: wrong, apiKeyEnvName: "LLAMA_API_KEY") { server, backend in
            for error in await Self.errors(of: backend) {
                let text = error.map(String.init(describing:)) ?? ""
                guard case .api(401, let message) = error else {
                    Issue.record("expected a 401, got \(text)")
                    continue
                }
                #expect(message.contains("refused the API key from LLAMA_API_KEY"))
                #expect(!text.contains(wrong))
            }
            #expect(server.recordedRequests().allSatisfy { $0.header("Authorization") == "Bearer \(wrong)" })
        }
    }

    @Test func aServerMessageThatQuotesTheKeyHasItRedacted() async throws {
        let key = "sk-quoted-secret-77"
        let failure = OpenAIFailure(status: 401, message: "Incorrect API key provided: \(key).", code: "invalid_api_key")
        try await withOpenAIServer(Self.failing(failure), apiKey: key, apiKeyEnvName: "QUOTED_KEY") { _, backend in
            let (_, error) = await collect(backend.stream(CompletionRequest(messages: [.user("hi")])))
            let text = error.map(String.init(describing:)) ?? ""
            #expect(!text.contains(key), "\(text)")
            #expect(text.contains("Incorrect API key provided: [redacted key]."), "\(text)")
        }
    }

    @Test func theRightKeyGoesOutAsABearerToken() async throws {
        var script = ServerScript()
        script.openAI.requiredAPIKey = "sk-right-key-1234"
        try await withOpenAIServer(script, apiKey: "sk-right-key-1234") { server, backend in
            _ = try await backend.healthCheck()
            let response = try await backend.complete(CompletionRequest(messages: [.user("hi")]))
            #expect(response.content == "You said: hi")
            #expect(server.recordedRequests().allSatisfy { $0.header("Authorization") == "Bearer sk-right-key-1234" })
        }
    }

    @Test func forbiddenSaysTheKeyMayNotUseThis() async throws {
        let failure = OpenAIFailure(status: 403, message: "Project does not have access to model gpt-5", code: "model_not_found")
        try await withOpenAIServer(Self.failing(failure, failure), apiKey: "sk-x", apiKeyEnvName: "OPENAI_API_KEY") { _, backend in
            for error in await Self.errors(of: backend) {
                guard case .api(403, let message) = error else {
                    Issue.record("expected a 403, got \(String(describing: error))")
                    continue
                }
                #expect(message.contains("forbidden"))
                #expect(message.contains("OPENAI_API_KEY"))
                #expect(message.contains("Project does not have access to model gpt-5"))
            }
        }
    }

    @Test func anUnknownModelIsModelNotFound() async throws {
        try await withOpenAIServer { _, backend in
            for error in await Self.errors(of: backend, model: "gpt-nope") {
                guard case .modelNotServed("gpt-nope", let message) = error else {
                    Issue.record("expected modelNotServed, got \(String(describing: error))")
                    continue
                }
                #expect(message.contains("does not exist"))
            }
        }
    }

    @Test func aWrongBasePathIsNotAMissingModel() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            // The API base without /v1: the server answers 404 for /chat/completions.
            let backend = try OpenAIBackend(baseURL: server.baseURL, apiKey: nil, apiKeyEnvName: nil, caFile: nil, model: "llama3.1:8b")
            let (_, error) = await collect(backend.stream(CompletionRequest(messages: [.user("hi")])))
            guard case .api(404, _) = error as? BackendError else {
                Issue.record("expected a plain 404, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func rateLimitedIsRetriedOnceAfterRetryAfter() async throws {
        let limited = OpenAIFailure(status: 429, message: "Rate limit reached for requests", type: "requests",
                                    code: "rate_limit_exceeded", retryAfter: "0")
        try await withOpenAIServer(Self.failing(limited)) { server, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("hi")])))
            #expect(error == nil)
            #expect(events.content == "You said: hi")
            server.updateScript { $0.openAI.failures = [limited] }
            let response = try await backend.complete(CompletionRequest(messages: [.user("again")]))
            #expect(response.content == "You said: again")
            #expect(server.recordedRequests().count == 4)
        }
    }

    @Test func rateLimitedTwiceSaysSoWithTheWaitAskedFor() async throws {
        let limited = OpenAIFailure(status: 429, message: "Rate limit reached", code: "rate_limit_exceeded", retryAfter: "0")
        try await withOpenAIServer(Self.failing(limited, limited, limited, limited)) { server, backend in
            for error in await Self.errors(of: backend) {
                guard case .api(429, let message) = error else {
                    Issue.record("expected a 429, got \(String(describing: error))")
                    continue
                }
                #expect(message.contains("rate limited"))
                #expect(message.contains("Rate limit reached"))
                #expect(message.contains("wait 0 s"))
            }
            #expect(server.recordedRequests().count == 4)
        }
    }

    @Test func aRetryAfterLongerThanWeWaitIsNotSatThrough() async throws {
        let limited = OpenAIFailure(status: 429, message: "Slow down", retryAfter: "3600")
        try await withOpenAIServer(Self.failing(limited)) { server, backend in
            let (_, error) = await collect(backend.stream(CompletionRequest(messages: [.user("hi")])))
            guard case .api(429, let message) = error as? BackendError else {
                Issue.record("expected a 429, got \(String(describing: error))")
                return
            }
            #expect(message.contains("3600 s"))
            #expect(server.recordedRequests().count == 1)
        }
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(OpenAIErrorMapping.retryAfter("2", now: now) == .seconds(2))
        #expect(OpenAIErrorMapping.retryAfter("0.5", now: now) == .milliseconds(500))
        #expect(OpenAIErrorMapping.retryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == .seconds(10))
        #expect(OpenAIErrorMapping.retryAfter("soon", now: now) == nil)
        #expect(OpenAIErrorMapping.retryAfter(nil, now: now) == nil)
    }

    @Test func serverErrorKeepsItsMessage() async throws {
        let failure = OpenAIFailure(status: 500, message: "The server had an error while processing your request.", type: "server_error")
        try await withOpenAIServer(Self.failing(failure, failure)) { _, backend in
            for error in await Self.errors(of: backend) {
                #expect(error == .api(status: 500, message: "The server had an error while processing your request."))
            }
        }
    }

    @Test func aMidStreamErrorEventIsAStreamErrorAfterTheTextSoFar() async throws {
        let script = ServerScript(reply: ScriptedReply(
            content: .tokens(["one", " two", " three", " four"]), failure: .errorLine(afterTokens: 2, message: "CUDA out of memory")))
        try await withOpenAIServer(script) { _, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("x")])))
            #expect(events.content == "one two")
            #expect(error as? BackendError == .streamError(message: "CUDA out of memory"))
        }
    }

    @Test func aDroppedConnectionEndsTheAnswerEarly() async throws {
        let script = ServerScript(reply: ScriptedReply(
            content: .tokens(["one", " two", " three"]), failure: .disconnect(afterTokens: 3)))
        try await withOpenAIServer(script) { _, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("x")])))
            #expect(events.content == "one two three")
            #expect(error as? BackendError == .streamEndedEarly(partial: "one two three"))
        }
    }

    @Test func aBodyEndingWithoutFinishIsEndedEarly() async throws {
        let script = ServerScript(reply: ScriptedReply(content: .tokens(["a", "b"]), failure: .endWithoutDone(afterTokens: 2)))
        try await withOpenAIServer(script) { _, backend in
            let (events, error) = await collect(backend.stream(CompletionRequest(messages: [.user("x")])))
            #expect(events.content == "ab")
            #expect(error as? BackendError == .streamEndedEarly(partial: "ab"))
        }
    }

    @Test func nothingListeningIsServiceUnavailable() async throws {
        let reserved = try ReservedPort()
        let backend = try OpenAIBackend(
            baseURL: "http://127.0.0.1:\(reserved.port)/v1", apiKey: nil, apiKeyEnvName: nil, caFile: nil)
        await #expect(throws: BackendError.serviceUnavailable(url: "http://127.0.0.1:\(reserved.port)/v1", reason: "connection refused")) {
            _ = try await backend.healthCheck()
        }
    }
}
