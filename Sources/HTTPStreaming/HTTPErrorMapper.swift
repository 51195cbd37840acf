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
public struct HTTPErrorMapper: Sendable {
    /// The server's base URL, for messages.
    public let url: String
    public let connectTimeoutSeconds: Double
    public let requestTimeoutSeconds: Double

    public init(url: String, connectTimeout: Duration, requestTimeout: Duration) {
        self.url = url
        connectTimeoutSeconds = Self.seconds(connectTimeout)
        requestTimeoutSeconds = Self.seconds(requestTimeout)
    }

    /// An error raised while connecting, sending or reading.
    public func transport(_ error: any Error) -> BackendError {
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

    /// The first 80 bytes, as text.
    public static func snippet(_ body: ByteBuffer) -> String {
        String(decoding: body.readableBytesView.prefix(80), as: UTF8.self)
    }

    public static func seconds(_ duration: Duration) -> Double {
        duration.secondsValue
    }
}
