import AsyncHTTPClient
import NIOCore
import NIOSSL
import TachikomaCore

/// An HTTP client made for one backend client, shut down (without blocking) when that goes away.
public final class OwnedHTTPClient: Sendable {
    public let client: HTTPClient

    /// - Parameters:
    ///   - connectTimeout: how long to wait for a TCP connection.
    ///   - requestTimeout: the read timeout: the longest silence allowed between two reads.
    ///   - tls: nil for the system's trust roots; see `trustingCertificates(inPEMFile:)`.
    public init(connectTimeout: Duration, requestTimeout: Duration, tls: TLSConfiguration? = nil) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(
            connect: .nanoseconds(connectTimeout.clampedNanoseconds),
            read: .nanoseconds(requestTimeout.clampedNanoseconds))
        // A refused connection should be reported now, not after retrying until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Nothing here bootstraps a tracer, so requests would open spans on the no-op one: nil
        // skips that bookkeeping (a dynamic cast and a span per request).
        configuration.tracing.tracer = nil
        if let tls { configuration.tlsConfiguration = tls }
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    deinit {
        _ = client.shutdown()
    }

    /// A client TLS configuration that trusts the certificates of a PEM file (a private CA or a
    /// server's own self-signed certificate) instead of the system's roots.
    ///
    /// - Throws: `BackendError.configuration` naming the file when it cannot be read or holds no
    ///   certificate.
    public static func trustingCertificates(inPEMFile path: String) throws -> TLSConfiguration {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw BackendError.configuration(
                "cannot read the CA file '\(path)': it must be a readable PEM file of certificates")
        }
        guard !certificates.isEmpty else {
            throw BackendError.configuration("the CA file '\(path)' holds no PEM certificate")
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(certificates)
        return tls
    }
}
