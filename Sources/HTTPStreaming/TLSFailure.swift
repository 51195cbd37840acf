import Foundation
import NIOSSL

/// A TLS failure in words: BoringSSL's own text names its source files and error codes, which tell a
/// person nothing, so only its reason (e.g. `WRONG_VERSION_NUMBER`) is read and said plainly.
public enum TLSFailure {
    /// What went wrong, in one line, or nil when `error` is not about TLS.
    public static func describe(_ error: any Error) -> String? {
        switch error {
        case let error as NIOSSLError:
            switch error {
            case .handshakeFailed(let inner): return describe(inner)
            case .uncleanShutdown: return "the server ended the TLS connection without closing it"
            default: return "TLS failed (\(error))"
            }
        case let error as BoringSSLError:
            return describe(error)
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return "the server's TLS certificate is for another host name"
        case is NIOSSLError, is NIOSSLExtraError:
            return "TLS failed"
        default:
            return nil
        }
    }

    private static func describe(_ error: BoringSSLError) -> String {
        let stack: [BoringSSLInternalError]
        switch error {
        case .sslError(let errors), .unknownError(let errors): stack = errors
        default: return "the TLS handshake failed"
        }
        let texts = stack.map(\.description)
        if texts.contains(where: { $0.contains("EOF during handshake") }) {
            return "the server closed the connection during the TLS handshake"
        }
        let reasons = texts.compactMap(reason)
        if reasons.contains(where: notTLS.contains) {
            return "the server does not speak TLS; is it http:// rather than https://?"
        }
        if reasons.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the server's TLS certificate is not trusted (self-signed or from an unknown authority)"
        }
        guard let first = reasons.first else { return "the TLS handshake failed" }
        return "the TLS handshake failed (\(first.lowercased().replacingOccurrences(of: "_", with: " ")))"
    }

    /// BoringSSL's reasons when the other side answered, but not in TLS (e.g. plain HTTP).
    private static let notTLS: Set<String> = ["WRONG_VERSION_NUMBER", "HTTP_REQUEST", "PACKET_LENGTH_TOO_LONG", "RECORD_TOO_LARGE"]

    /// `WRONG_VERSION_NUMBER` from `… error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER at /path:231`.
    private static func reason(_ text: String) -> String? {
        guard let marker = text.range(of: "OPENSSL_internal:") else { return nil }
        let tail = text[marker.upperBound...]
        let token = tail.prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
        return token.isEmpty ? nil : String(token)
    }
}
