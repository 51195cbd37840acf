import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

@testable import OpenAIBackend

/// https:// against the scripted server presenting a self-signed certificate: refused in one plain
/// line without a CA file, trusted with the certificate as `caFile`.
@Suite struct OpenAITLSTests {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(.enabled(if: openssl != nil, "needs the openssl command to make a certificate"))
    func aSelfSignedServerIsRefusedInOneLineAndTrustedWithItsCertificateAsCAFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tachikoma-openai-tls-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try await Self.makeSelfSignedCertificate(in: folder)

        try await ScriptedOllamaServer.withRunning(tls: files) { server in
            #expect(server.openAIBaseURL.hasPrefix("https://"))
            let untrusting = try OpenAIBackend(
                baseURL: server.openAIBaseURL, apiKey: nil, apiKeyEnvName: nil, caFile: nil, model: "llama3.1:8b",
                connectTimeout: .seconds(30), requestTimeout: .seconds(60))
            var failure: (any Error)?
            do { _ = try await untrusting.healthCheck() } catch { failure = error }
            let error = try #require(failure as? BackendError, "expected a BackendError, got \(String(describing: failure))")
            let line = error.description
            #expect(line.contains(server.openAIBaseURL), "\(line)")
            #expect(line.contains("not trusted"), "\(line)")
            #expect(!line.contains("\n"))
            for detail in ["BoringSSL", "OPENSSL_internal", "SSL routines", "error:", ".swift", "/Sources/"] {
                #expect(!line.contains(detail), "'\(detail)' in: \(line)")
            }

            let trusting = try OpenAIBackend(
                baseURL: server.openAIBaseURL, apiKey: nil, apiKeyEnvName: nil, caFile: files.certificatePath,
                model: "llama3.1:8b", connectTimeout: .seconds(30), requestTimeout: .seconds(60))
            let (events, streamError) = await collect(trusting.stream(CompletionRequest(messages: [.user("over tls")])))
            #expect(streamError == nil)
            #expect(events.content == "You said: over tls")
            #expect(try await trusting.listModels().count == 2)
        }
    }

    /// A certificate for 127.0.0.1 signed by its own key, as `openssl req -x509` makes one.
    static func makeSelfSignedCertificate(in folder: URL) async throws -> ServerTLSFiles {
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
        // Waited for without blocking a thread of the cooperative pool (two on a two-core machine).
        try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in finished.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                finished.resume(throwing: error)
            }
        }
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl req exited \(process.terminationStatus)"])
        }
        return ServerTLSFiles(certificatePath: certificate, privateKeyPath: key)
    }
}
