import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import TachikomaCore
import Testing

@testable import OllamaBackend

/// `ca_file`: an https:// server whose certificate a private authority signed (here, itself) is
/// trusted when its certificate is named, and only then.
@Suite struct PrivateCertificateTests {
    /// Closes the connection at the first bytes of the request: the TLS handshake is what is tested,
    /// and the client then reports a closed connection at once instead of waiting for an answer.
    final class CloseOnRead: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.close(promise: nil)
        }
    }

    @Test(.enabled(if: SelfSignedServerTests.openssl != nil, "needs the openssl command to make a certificate"))
    func theNamedCertificateIsTrustedAndNoOtherIs() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tachikoma-ca-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (certificate, key) = try SelfSignedServerTests.makeSelfSignedCertificate(in: folder)
        let other = folder.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let (otherCertificate, _) = try SelfSignedServerTests.makeSelfSignedCertificate(in: other)

        let context = try NIOSSLContext(configuration: .makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server: any Channel
        do {
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                        try channel.pipeline.syncOperations.addHandler(CloseOnRead())
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        let url = "https://127.0.0.1:\(server.localAddress?.port ?? 0)"
        func failure(trusting caFile: String) async -> BackendError? {
            var config = OllamaServerConfig(baseURL: url, connectTimeout: .seconds(30), requestTimeout: .seconds(60))
            config.caFile = caFile
            let backend = OllamaBackend(config: OllamaBackendConfig(server: config, model: "llama3.1:8b"))
            do {
                _ = try await backend.healthCheck()
                return nil
            } catch {
                return error as? BackendError
            }
        }
        let trusted = await failure(trusting: certificate)
        let untrusted = await failure(trusting: otherCertificate)
        try? await server.close()
        try? await group.shutdownGracefully()

        // Past the handshake: the server hung up on the request, which is all it does.
        #expect(trusted == .network(url: url, message: "the server closed the connection"), "\(String(describing: trusted))")
        #expect(untrusted?.description.contains("not trusted") == true, "\(String(describing: untrusted))")
    }
}
