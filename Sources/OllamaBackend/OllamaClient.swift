import AsyncHTTPClient
import Foundation
import HTTPStreaming
import NIOCore
import NIOHTTP1
import NIOSSL
import TachikomaCore

/// Ollama's HTTP API: one method per endpoint, answers as core types where they fit.
///
/// Every failure is a `BackendError` naming the server (see `HTTPErrorMapper`).
public final class OllamaClient: Sendable {
    public let config: OllamaServerConfig
    let http: HTTPClient
    let errors: HTTPErrorMapper
    private let ownedClient: OwnedHTTPClient?
    private let chatBody = ChatRequestBody()
    private static let maxBodyBytes = 64 << 20

    /// - Parameter httpClient: nil (the default) makes a client of its own that honours
    ///   `config.connectTimeout`, uses `config.requestTimeout` as the read timeout and fails at once on
    ///   a refused connection; it is shut down when this object goes away. A client passed in (e.g.
    ///   `HTTPClient.shared`) is used as is, with its own timeouts and connection retries.
    public init(config: OllamaServerConfig, httpClient: HTTPClient? = nil) {
        self.config = config
        self.errors = HTTPErrorMapper(config: config)
        if let httpClient {
            self.http = httpClient
            self.ownedClient = nil
        } else {
            // A private CA (`ca_file`) is read when the connection is made; a bad file is then a TLS error.
            var tls: TLSConfiguration?
            if let caFile = config.caFile {
                tls = TLSConfiguration.makeClientConfiguration()
                tls?.trustRoots = .file(caFile)
            }
            let owned = OwnedHTTPClient(
                connectTimeout: config.connectTimeout, requestTimeout: config.requestTimeout, tls: tls)
            self.http = owned.client
            self.ownedClient = owned
        }
    }

    // MARK: Server

    /// The server's version, e.g. "0.12.6".
    public func version() async throws -> String {
        try await getJSON(VersionResponse.self, path: "/api/version", what: "the version").version
    }

    /// Whether `GET /` answers 200 ("Ollama is running").
    public func isRunning() async -> Bool {
        do {
            let response = try await send(method: .GET, path: "/", body: nil)
            _ = try? await response.body.collect(upTo: 1 << 16)
            return response.status == .ok
        } catch {
            return false
        }
    }

    // MARK: Models

    /// The models the server has (`GET /api/tags`).
    public func listModels() async throws -> [ModelSummary] {
        try await getJSON(TagsResponse.self, path: "/api/tags", what: "the model list").models.map(\.summary)
    }

    /// What the server says about one model (`POST /api/show`), including its trained context length
    /// (`model_info["<architecture>.context_length"]`) and capabilities.
    public func show(model: String) async throws -> ModelDetails {
        struct Body: Encodable { var model: String }
        let show = try await postJSON(ShowResponse.self, path: "/api/show", body: Body(model: model), model: model)
        return show.details(name: model)
    }

    /// The embedding of one text (`POST /api/embed`): the first vector of the answer.
    /// - Throws: `BackendError.parsing` when the answer holds no vector.
    public func embed(_ request: EmbedRequestWire) async throws -> [Float] {
        let answer = try await postJSON(EmbedResponseWire.self, path: "/api/embed", body: request, model: request.model)
        guard let vector = answer.embeddings.first else {
            throw BackendError.parsing(message: "the server returned no embedding", snippet: "")
        }
        return vector
    }

    /// The models loaded in memory now (`GET /api/ps`).
    public func runningModels() async throws -> [RunningModel] {
        try await getJSON(PsResponse.self, path: "/api/ps", what: "the running models").models.map(\.running)
    }

    /// Downloads a model, reporting each step (`POST /api/pull`, streamed).
    public func pull(model: String) -> AsyncThrowingStream<PullProgress, any Error> {
        struct Body: Encodable {
            var model: String
            var stream = true
        }
        return streamed(path: "/api/pull", body: Body(model: model), model: model, handler: PullLineHandler(url: config.baseURL))
    }

    /// Loads a model into memory (a chat with no messages), keeping it for `keepAlive` when given.
    public func load(model: String, keepAlive: KeepAlive? = nil) async throws {
        _ = try await chat(ChatRequest(model: model, messages: [], keepAlive: keepAlive))
    }

    /// Unloads a model at once (a chat with no messages and `keep_alive: 0`).
    public func unload(model: String) async throws {
        _ = try await chat(ChatRequest(model: model, messages: [], keepAlive: .seconds(0)))
    }

    // MARK: Chat and generate

    /// One whole chat answer (`stream: false`).
    public func chat(_ request: ChatRequest) async throws -> CompletionResponse {
        var request = request
        request.stream = false
        return try await whole(path: "/api/chat", body: request, model: request.model, shape: .chat)
    }

    /// A chat answer as it is generated (`stream: true`). See `NDJSONResponseSource` for cancellation.
    public func chatStream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        chatStream(request, onComplete: nil)
    }

    /// `onComplete` sees the whole answer when its last line arrives, before the reader does.
    func chatStream(
        _ request: ChatRequest, onComplete: (@Sendable (CompletionResponse) -> Void)?
    ) -> AsyncThrowingStream<StreamEvent, any Error> {
        var request = request
        request.stream = true
        var handler = ChatStreamAssembler(shape: .chat, requestedModel: request.model)
        handler.onComplete = onComplete
        let body: ByteBuffer
        do {
            body = ByteBuffer(bytes: try chatBody.encode(request))
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: BackendError.configuration("could not encode the request: \(error)")) }
        }
        return streamed(path: "/api/chat", encoded: body, model: request.model, handler: handler)
    }

    /// One whole completion of a prompt (`stream: false`); the text is the response's `content`.
    public func generate(_ request: GenerateRequest) async throws -> CompletionResponse {
        var request = request
        request.stream = false
        return try await whole(path: "/api/generate", body: request, model: request.model, shape: .generate)
    }

    /// A completion of a prompt as it is generated (`stream: true`).
    public func generateStream(_ request: GenerateRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        var request = request
        request.stream = true
        let handler = ChatStreamAssembler(shape: .generate, requestedModel: request.model)
        return streamed(path: "/api/generate", body: request, model: request.model, handler: handler)
    }

    // MARK: Plumbing

    private func whole(
        path: String, body: some Encodable, model: String, shape: DeltaLineScanner.Shape
    ) async throws -> CompletionResponse {
        let buffer = try await exchange(method: .POST, path: path, body: encode(body), model: model)
        var assembler = ChatStreamAssembler(shape: shape, requestedModel: model)
        do {
            try buffer.withUnsafeReadableBytes { bytes in try assembler.consume(line: bytes) }
        } catch BackendError.parsing {
            throw errors.parsing("the answer", body: buffer)
        }
        guard let response = assembler.response else {
            throw errors.parsing("the answer (no \"done\": true)", body: buffer)
        }
        return response
    }

    private func streamed<Handler: StreamLineHandler>(
        path: String, body: some Encodable, model: String?, handler: Handler
    ) -> AsyncThrowingStream<Handler.Event, any Error> {
        do {
            return streamed(path: path, encoded: try encode(body), model: model, handler: handler)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
    }

    private func streamed<Handler: StreamLineHandler>(
        path: String, encoded: ByteBuffer, model: String?, handler: Handler
    ) -> AsyncThrowingStream<Handler.Event, any Error> {
        let source = NDJSONResponseSource(handler: handler, errors: errors) { [self] in
            let response = try await send(method: .POST, path: path, body: encoded)
            try await checkStatus(response, model: model)
            return response
        }
        return source.makeStream()
    }

    private func getJSON<T: Decodable>(_ type: T.Type, path: String, what: String) async throws -> T {
        let buffer = try await exchange(method: .GET, path: path, body: nil, model: nil)
        return try decode(type, from: buffer, what: what)
    }

    private func postJSON<T: Decodable>(
        _ type: T.Type, path: String, body: some Encodable, model: String?
    ) async throws -> T {
        let buffer = try await exchange(method: .POST, path: path, body: encode(body), model: model)
        return try decode(type, from: buffer, what: "the answer of \(path)")
    }

    private func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch {
            throw errors.parsing(what, body: buffer)
        }
    }

    /// Sends a request and reads its whole body, which must come with a 2xx status.
    private func exchange(method: HTTPMethod, path: String, body: ByteBuffer?, model: String?) async throws -> ByteBuffer {
        let response = try await send(method: method, path: path, body: body)
        try await checkStatus(response, model: model)
        do {
            return try await response.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            throw errors.transport(error)
        }
    }

    /// Sends a request and waits for the status line and headers.
    private func send(method: HTTPMethod, path: String, body: ByteBuffer?) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: config.baseURL + path)
        request.method = method
        request.headers.add(name: "User-Agent", value: "tachikoma")
        request.headers.add(name: "Accept", value: "application/json, application/x-ndjson")
        if let apiKey = config.apiKey { request.headers.add(name: "Authorization", value: apiKey.authorizationHeader) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        do {
            return try await http.execute(request, deadline: .now() + .nanoseconds(config.requestTimeout.clampedNanoseconds))
        } catch {
            // Connecting happens here, for streams too: where a server that is not running is said.
            throw errors.transport(error).with(OllamaNaming.serverHint)
        }
    }

    private func checkStatus(_ response: HTTPClientResponse, model: String?) async throws {
        guard !(200..<300).contains(response.status.code) else { return }
        let body = try? await response.body.collect(upTo: 1 << 20)
        throw errors.status(Int(response.status.code), reason: response.status.reasonPhrase, body: body, model: model)
    }

    private func encode(_ value: some Encodable) throws -> ByteBuffer {
        do {
            return ByteBuffer(bytes: try ChatRequestBody.encoder().encode(value))
        } catch {
            throw BackendError.configuration("could not encode the request: \(error)")
        }
    }
}
