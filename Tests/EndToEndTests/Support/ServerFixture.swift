import Foundation
import OllamaTestSupport

/// Runs `body` with a fresh scripted server and shuts it down afterwards, even when `body` throws.
func withScriptedServer<T>(
    _ script: ServerScript = ServerScript(), _ body: (ScriptedOllamaServer) async throws -> T
) async throws -> T {
    let server = try await ScriptedOllamaServer.start(port: 0, script: script)
    do {
        let result = try await body(server)
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}

/// Runs `body` with the URL of a loopback port where nothing listens.
func withClosedPort<T>(_ body: (String) async throws -> T) async throws -> T {
    let reserved = try ReservedPort()
    defer { reserved.release() }
    return try await body(reserved.url)
}

/// An environment that keeps the tests away from the user's own config and history.
func isolatedEnvironment() -> [String: String] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tachikoma-e2e-\(UUID())").path
    return [
        "XDG_CONFIG_HOME": directory + "/config", "XDG_STATE_HOME": directory + "/state", "HOME": directory,
        "NO_COLOR": "",
    ]
}
