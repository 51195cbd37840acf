import AsyncHTTPClient
import Foundation
import HTTPStreaming
import NIOCore
import NIOHTTP1
import TachikomaCore

/// The chat-completions and models endpoints of one OpenAI-compatible server.
///
/// Every failure is a `BackendError` naming the server; a 429 is retried once, after the wait its
/// `Retry-After` asks for (one second when it names none, and not at all past `longestRetryWait`).
final class OpenAIClient: Sendable {
    let config: OpenAIBackendConfig
    let http: HTTPClient
    let errors: HTTPErrorMapper
    let statusErrors: OpenAIErrorMapping
    private let ownedClient: OwnedHTTPClient?
    private let chatBody = ConversationBody<ChatCompletionRequestWire>()
    private static let maxBodyBytes = 64 << 20
    /// A longer wait than this is not sat through: the error says how long the server asked for.
    static let longestRetryWait: Duration = .seconds(30)
    static let defaultRetryWait: Duration = .seconds(1)

    init(config: OpenAIBackendConfig, httpClient: HTTPClient?) throws {
        self.config = config
        errors = HTTPErrorMapper(url: config.baseURL, connectTimeout: config.connectTimeout, requestTimeout: config.requestTimeout)
        statusErrors = OpenAIErrorMapping(url: config.baseURL, key: config.apiKey, keyEnvName: config.apiKeyEnvName)
        if let httpClient {
            http = httpClient
            ownedClient = nil
        } else {
            let tls = try config.caFile.map(OwnedHTTPClient.trustingCertificates(inPEMFile:))
            let owned = OwnedHTTPClient(connectTimeout: config.connectTimeout, requestTimeout: config.requestTimeout, tls: tls)
            http = owned.client
            ownedClient = owned
        }
    }

    /// `GET {base}/models`.
    func listModels() async throws -> ModelListWire {
        let buffer = try await exchange(method: .GET, path: "/models", body: nil, model: nil)
        do {
            return try JSONDecoder().decode(ModelListWire.self, from: Data(buffer.readableBytesView))
        } catch {
            throw statusErrors.parsing("the model list", body: buffer)
        }
    }

    /// The embedding of one text (`POST {base}/embeddings`): the first vector of the answer.
    func embed(_ request: EmbeddingsRequestWire) async throws -> [Float] {
        let buffer = try await exchange(method: .POST, path: "/embeddings", body: encode(request), model: request.model)
        let answer: EmbeddingsResponseWire
        do {
            answer = try JSONDecoder().decode(EmbeddingsResponseWire.self, from: Data(buffer.readableBytesView))
        } catch {
            throw statusErrors.parsing("the embedding", body: buffer)
        }
        guard let vector = answer.data.first?.embedding else { throw statusErrors.parsing("the embedding (no data)", body: buffer) }
        return vector
    }

    /// One whole answer (`stream: false`).
    func complete(_ request: ChatCompletionRequestWire) async throws -> CompletionResponse {
        var request = request
        request.stream = false
        request.streamOptions = nil
        let model = request.model ?? config.model
        let buffer = try await exchange(method: .POST, path: "/chat/completions", body: encodeChat(request), model: model)
        let wire: CompletionWire
        do {
            wire = try JSONDecoder().decode(CompletionWire.self, from: Data(buffer.readableBytesView))
        } catch {
            if let detail = OpenAIErrorMapping.errorDetail(buffer) { throw BackendError.streamError(message: detail.message) }
            throw statusErrors.parsing("the answer", body: buffer)
        }
        guard let choice = wire.choices.first else { throw statusErrors.parsing("the answer (no choices)", body: buffer) }
        var toolCalls = ToolCallAssembly()
        for (position, call) in (choice.message.toolCalls ?? []).enumerated() {
            var fragment = call
            if fragment.index == nil { fragment.index = position }
            toolCalls.add(fragment)
        }
        let reasoning = choice.message.reasoningContent ?? choice.message.reasoning
        return CompletionResponse(
            model: wire.model ?? model, content: choice.message.content ?? "",
            thinking: reasoning.flatMap { $0.isEmpty ? nil : $0 }, toolCalls: toolCalls.toolCalls(),
            finishReason: ChatCompletionStreamAssembler.finishReason(choice.finishReason),
            usage: Usage(promptTokens: wire.usage?.promptTokens, completionTokens: wire.usage?.completionTokens))
    }

    /// An answer as it is generated (`stream: true`, usage included). See `HTTPResponseSource` for
    /// cancellation.
    func stream(
        _ request: ChatCompletionRequestWire, onComplete: (@Sendable (CompletionResponse) -> Void)?
    ) -> AsyncThrowingStream<StreamEvent, any Error> {
        var request = request
        request.stream = true
        request.streamOptions = StreamOptionsWire(includeUsage: true)
        let model = request.model ?? config.model
        let encoded: ByteBuffer
        do {
            encoded = try encodeChat(request)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
        var handler = ChatCompletionStreamAssembler(requestedModel: model)
        handler.onComplete = onComplete
        let source = SSEResponseSource(eventHandler: handler, errors: errors) { [self] in
            try await sendChecked(method: .POST, path: "/chat/completions", body: encoded, model: model)
        }
        return source.makeStream()
    }

    // MARK: Plumbing

    /// Sends a request and reads its whole body, which must come with a 2xx status.
    private func exchange(method: HTTPMethod, path: String, body: ByteBuffer?, model: String?) async throws -> ByteBuffer {
        let response = try await sendChecked(method: method, path: path, body: body, model: model)
        do {
            return try await response.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            throw errors.transport(error)
        }
    }

    /// Sends a request until it has a 2xx answer: a 429 is tried once more after the wait asked for.
    private func sendChecked(method: HTTPMethod, path: String, body: ByteBuffer?, model: String?) async throws
        -> HTTPClientResponse
    {
        var retried = false
        while true {
            let response = try await send(method: method, path: path, body: body)
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return response }
            let errorBody = try? await response.body.collect(upTo: 1 << 20)
            let retryAfter = OpenAIErrorMapping.retryAfter(response.headers.first(name: "Retry-After"))
            if status == 429, !retried, (retryAfter ?? Self.defaultRetryWait) <= Self.longestRetryWait {
                retried = true
                do {
                    try await Task.sleep(for: retryAfter ?? Self.defaultRetryWait)
                } catch {
                    throw BackendError.cancelled
                }
                continue
            }
            throw statusErrors.status(
                status, reason: response.status.reasonPhrase, body: errorBody, model: model, retryAfter: retryAfter)
        }
    }

    /// Sends a request and waits for the status line and headers.
    private func send(method: HTTPMethod, path: String, body: ByteBuffer?) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: config.baseURL + path)
        request.method = method
        request.headers.add(name: "User-Agent", value: "tachikoma")
        request.headers.add(name: "Accept", value: body == nil ? "application/json" : "application/json, text/event-stream")
        if let apiKey = config.apiKey { request.headers.add(name: "Authorization", value: apiKey.authorizationHeader) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        do {
            return try await http.execute(request, deadline: .now() + .nanoseconds(config.requestTimeout.clampedNanoseconds))
        } catch {
            throw errors.transport(error)
        }
    }

    private func encode(_ value: some Encodable) throws -> ByteBuffer {
        try encoding { try ConversationBody<ChatCompletionRequestWire>.encoder().encode(value) }
    }

    /// A chat request, its messages' JSON kept from the last request (`ConversationBody`).
    private func encodeChat(_ request: ChatCompletionRequestWire) throws -> ByteBuffer {
        try encoding { try chatBody.encode(request) }
    }

    private func encoding(_ body: () throws -> some Sequence<UInt8>) throws -> ByteBuffer {
        do {
            return ByteBuffer(bytes: try body())
        } catch {
            throw BackendError.configuration("could not encode the request: \(error)")
        }
    }
}
