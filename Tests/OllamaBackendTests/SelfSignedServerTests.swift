import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import TachikomaCore
import Testing

@testable import OllamaBackend

/// An https:// server presenting a self-signed certificate, reached for real: the failure is one
/// plain line, with none of BoringSSL's error codes, source paths or line numbers.
@Suite struct SelfSignedServerTests {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(.enabled(if: openssl != nil, "needs the openssl command to make a certificate"))
    func aSelfSignedCertificateIsOnePlainLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tachikoma-tls-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (certificate, key) = try Self.makeSelfSignedCertificate(in: folder)

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
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        let port = server.localAddress?.port ?? 0
        let url = "https://127.0.0.1:\(port)"
        let backend = OllamaBackend(config: OllamaBackendConfig(
            server: OllamaServerConfig(baseURL: url, connectTimeout: .seconds(30), requestTimeout: .seconds(60)),
            model: "llama3.1:8b"))
        var failure: (any Error)?
        do {
            _ = try await backend.healthCheck()
        } catch {
            failure = error
        }
        try? await server.close()
        try? await group.shutdownGracefully()

        let error = try #require(failure as? BackendError, "expected a BackendError, got \(String(describing: failure))")
        let line = error.description
        #expect(line.contains(url), "\(line)")
        #expect(line.contains("not trusted"), "\(line)")
        #expect(!line.contains("\n"), "\(line)")
        for detail in ["BoringSSL", "OPENSSL_internal", "SSL routines", "error:", ".cc", ".c:", ".swift", "/Sources/", "/.build/"] {
            #expect(!line.contains(detail), "'\(detail)' in: \(line)")
        }
    }

    /// A certificate for 127.0.0.1 signed by its own key, as `openssl req -x509` makes one.
    static func makeSelfSignedCertificate(in folder: URL) throws -> (certificate: String, key: String) {
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl ?? "openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl req exited \(process.terminationStatus)"])
        }
        return (certificate, key)
    }
}
