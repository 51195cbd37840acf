import Foundation
import OllamaTestSupport

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
