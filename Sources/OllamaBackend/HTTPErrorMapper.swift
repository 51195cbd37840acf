#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import TachikomaCore

/// Turns what AsyncHTTPClient, NIO and the server report into `BackendError`s naming the server.
struct HTTPErrorMapper: Sendable {
    /// The server's base URL, for messages.
    let url: String
    let connectTimeoutSeconds: Double
    let requestTimeoutSeconds: Double

    init(config: OllamaServerConfig) {
        url = config.baseURL
        connectTimeoutSeconds = Self.seconds(config.connectTimeout)
        requestTimeoutSeconds = Self.seconds(config.requestTimeout)
    }

    /// An error raised while connecting, sending or reading.
    func transport(_ error: any Error) -> BackendError {
        if let error = error as? BackendError { return error }
        if error is CancellationError { return .cancelled }
        if let failure = TLSFailure.describe(error) { return .network(url: url, message: failure) }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return .timeout(url: url, seconds: connectTimeoutSeconds)
            case .readTimeout, .deadlineExceeded: return .timeout(url: url, seconds: requestTimeoutSeconds)
            case .cancelled: return .cancelled
            case .remoteConnectionClosed: return .network(url: url, message: "the server closed the connection")
            default:
                if Task.isCancelled { return .cancelled }
                return .network(url: url, message: String(describing: error))
            }
        }
        if let error = error as? NIOConnectionError {
            // The resolver's own text repeats the host and port and names NIO types: the name says it all.
            if error.dnsAError ?? error.dnsAAAAError != nil {
                return .serviceUnavailable(url: url, reason: "no such host '\(error.host)'")
            }
            for failure in error.connectionErrors {
                if let mapped = connectFailure(failure.error) { return mapped }
            }
            return .serviceUnavailable(url: url, reason: String(describing: error))
        }
        if let mapped = connectFailure(error) { return mapped }
        if Task.isCancelled { return .cancelled }
        return .network(url: url, message: String(describing: error))
    }

    /// A failure to open the connection, or nil when `error` is something else.
    private func connectFailure(_ error: any Error) -> BackendError? {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return .serviceUnavailable(url: url, reason: "connection refused")
            case EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL:
                return .serviceUnavailable(url: url, reason: "host unreachable")
            case ETIMEDOUT: return .timeout(url: url, seconds: connectTimeoutSeconds)
            default: return nil
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return .timeout(url: url, seconds: connectTimeoutSeconds)
        }
        if let error = error as? SocketAddressError, case .unknown(let host, _) = error {
            return .serviceUnavailable(url: url, reason: "no such host '\(host)'")
        }
        if error is NIOConnectionError { return transport(error) }
        return nil
    }

    /// A non-2xx answer: 404 means the model is missing, any other status keeps its number and the
    /// server's own message.
    /// A 404 without Ollama's JSON error body (e.g. "404 page not found" for a wrong base path) is
    /// not about the model, so it stays an `.api` error.
    func status(_ status: Int, reason: String, body: ByteBuffer?, model: String?) -> BackendError {
        if let error = Self.errorField(body) {
            if status == 404, let model { return .modelNotFound(model: model, message: error) }
            return .api(status: status, message: error)
        }
        let text = body.map { Self.snippet($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        return .api(status: status, message: text.isEmpty ? reason : text)
    }

    /// The `error` of an Ollama error body.
    static func errorField(_ body: ByteBuffer?) -> String? {
        guard let body, body.readableBytes > 0 else { return nil }
        return try? JSONDecoder().decode(ErrorResponse.self, from: Data(body.readableBytesView)).error
    }

    /// A 2xx body that is not the JSON the endpoint promises.
    func parsing(_ what: String, body: ByteBuffer) -> BackendError {
        .parsing(message: "\(what) from \(url) is not the JSON Ollama sends", snippet: Self.snippet(body))
    }

    /// The first 80 bytes, as text.
    static func snippet(_ body: ByteBuffer) -> String {
        String(decoding: body.readableBytesView.prefix(80), as: UTF8.self)
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.secondsValue
    }
}
