import NIOCore
import NIOSSL
import TachikomaCore
import Testing

@testable import HTTPStreaming
@testable import OllamaBackend

/// A TLS failure reads as one plain line naming the server, never BoringSSL's internals.
/// (A plain-HTTP server reached with https:// is checked end to end in HostsAndMessagesTests.)
@Suite struct TLSFailureTests {
    let mapper = HTTPErrorMapper(config: OllamaServerConfig(baseURL: "https://example.com:443"))

    @Test func aCertificateForAnotherNameSaysSo() {
        let error = mapper.transport(NIOSSLExtraError.failedToValidateHostname)
        #expect(error == .network(url: "https://example.com:443", message: "the server's TLS certificate is for another host name"))
    }

    @Test(arguments: [NIOSSLError.uncleanShutdown, .handshakeFailed(.syscallError), .handshakeFailed(.sslError([])),
        .noCertificateToValidate])
    func everyTLSErrorIsOnePlainLine(failure: NIOSSLError) {
        let text = mapper.transport(failure).description
        #expect(text.hasPrefix("network error talking to https://example.com:443: "))
        #expect(text.contains("TLS"))
        #expect(!text.contains("\n") && !text.contains("BoringSSL") && !text.contains("NIOSSL"))
    }

    @Test func otherErrorsAreNotTLS() {
        #expect(TLSFailure.describe(ChannelError.ioOnClosedChannel) == nil)
    }
}
