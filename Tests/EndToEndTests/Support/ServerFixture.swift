import Foundation
import OllamaTestSupport

/// Runs `body` with the URL of a loopback port where nothing listens.
func withClosedPort<T>(_ body: (String) async throws -> T) async throws -> T {
    let reserved = try ReservedPort()
    defer { reserved.release() }
    return try await body(reserved.url)
}
