import AsyncHTTPClient
import NIOCore
import NIOPosix
import TachikomaCore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@testable import HTTPStreaming
@testable import OllamaBackend

@Suite("Error mapping")
struct ErrorMappingTests {
    private let mapper = HTTPErrorMapper(
        config: OllamaServerConfig(baseURL: "http://127.0.0.1:1", connectTimeout: .seconds(5), requestTimeout: .seconds(300)))

    @Test func notFoundIsModelNotFoundWithTheServersMessage() {
        let body = ByteBuffer(string: #"{"error":"model \"nope\" not found, try pulling it first"}"#)
        #expect(
            mapper.status(404, reason: "Not Found", body: body, model: "nope")
                == .modelNotFound(model: "nope", message: "model \"nope\" not found, try pulling it first"))
    }

    @Test func otherStatusesKeepTheirNumberAndMessage() {
        let body = ByteBuffer(string: #"{"error":"registry.ollama.ai/library/x does not support tools"}"#)
        #expect(
            mapper.status(400, reason: "Bad Request", body: body, model: "x")
                == .api(status: 400, message: "registry.ollama.ai/library/x does not support tools"))
        #expect(mapper.status(503, reason: "Service Unavailable", body: nil, model: nil)
            == .api(status: 503, message: "Service Unavailable"))
    }

    @Test func nonJSONErrorBodyIsQuoted() {
        let body = ByteBuffer(string: "<html><body>Bad gateway</body></html>")
        #expect(mapper.status(502, reason: "Bad Gateway", body: body, model: nil)
            == .api(status: 502, message: "<html><body>Bad gateway</body></html>"))
    }

    @Test func notFoundWithoutAModelIsAnAPIError() {
        #expect(BackendErrorKind(mapper.status(404, reason: "Not Found", body: nil, model: nil)) == .api)
    }

    @Test func plainTextNotFoundIsNotAboutTheModel() {
        // What a wrong base path gets: Go's default 404, not Ollama's JSON error.
        let body = ByteBuffer(string: "404 page not found")
        #expect(mapper.status(404, reason: "Not Found", body: body, model: "llama3.1:8b")
            == .api(status: 404, message: "404 page not found"))
    }

    @Test func timeoutsAreTimeouts() {
        #expect(mapper.transport(HTTPClientError.connectTimeout) == .timeout(url: "http://127.0.0.1:1", seconds: 5))
        #expect(mapper.transport(HTTPClientError.readTimeout) == .timeout(url: "http://127.0.0.1:1", seconds: 300))
        #expect(mapper.transport(HTTPClientError.deadlineExceeded) == .timeout(url: "http://127.0.0.1:1", seconds: 300))
        #expect(mapper.transport(ChannelError.connectTimeout(.seconds(5))) == .timeout(url: "http://127.0.0.1:1", seconds: 5))
    }

    @Test func refusedIsServiceUnavailableNamingTheURL() {
        let refused = IOError(errnoCode: ECONNREFUSED, reason: "connect")
        #expect(mapper.transport(refused) == .serviceUnavailable(url: "http://127.0.0.1:1", reason: "connection refused"))
    }

    @Test func cancellationIsCancelled() {
        #expect(mapper.transport(CancellationError()) == .cancelled)
        #expect(mapper.transport(HTTPClientError.cancelled) == .cancelled)
    }

    @Test func otherIOErrorsAreNetworkErrors() {
        #expect(BackendErrorKind(mapper.transport(IOError(errnoCode: EPIPE, reason: "write"))) == .network)
        #expect(BackendErrorKind(mapper.transport(HTTPClientError.remoteConnectionClosed)) == .network)
    }

    @Test func backendErrorsPassThrough() {
        #expect(mapper.transport(BackendError.streamEndedEarly(partial: "x")) == .streamEndedEarly(partial: "x"))
    }

    @Test func parsingQuotesTheFirst80Bytes() {
        let body = ByteBuffer(string: String(repeating: "<p>", count: 50))
        guard case .parsing(_, let snippet) = mapper.parsing("the model list", body: body) else {
            Issue.record("expected parsing")
            return
        }
        #expect(snippet.utf8.count == 80)
        #expect(snippet.hasPrefix("<p><p>"))
    }
}
