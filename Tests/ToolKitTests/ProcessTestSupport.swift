import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A program `swift build` put beside the test runner (.build/<triple>/debug/TachikomaPackageTests.xctest),
/// as the end-to-end tests find `tachikoma`: `mcp-test-server` and the `tachikoma-mcp` helper.
struct BuiltBinary {
    let name: String

    static let testServer = BuiltBinary(name: "mcp-test-server")
    static let helper = BuiltBinary(name: "tachikoma-mcp")

    var path: String {
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return runner.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The path, or a recorded issue saying how to build it.
    func require() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record("\(path) is missing: run `swift build --build-tests` first")
            throw CancellationError()
        }
        return path
    }
}

enum TestServerBinary {
    static func require() throws -> String { try BuiltBinary.testServer.require() }
}

/// A temporary folder removed on every path out of `body`.
func withScratchFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("toolkit-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

enum ProcessProbe {
    /// Whether `pid` is a live process (a zombie waiting to be reaped counts as gone).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // The state follows the command name, which is in parentheses and may hold spaces.
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// The pid written to `file` by the process under test, once it has been written.
    static func pid(in file: URL) async -> Int32? {
        var found: Int32?
        _ = await waitFor {
            found = (try? String(contentsOf: file, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return found != nil
        }
        return found
    }

    /// Waits for the process to be gone: a signalled process takes a moment to die.
    static func isGone(_ pid: Int32) async -> Bool {
        await waitFor { !isRunning(pid) }
    }
}

/// Checks `condition` until it holds, giving up after a generous limit (the machine is shared and
/// slow); the check is the event waited for, the short pause only spaces the checks.
func waitFor(upTo seconds: Double = 60, _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(seconds)
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

/// Writing to a pipe whose reader has gone raises SIGPIPE, which would end the whole test process;
/// `tachikoma` ignores it at start (EntryPoint), so the tests do as it does.
let brokenPipesIgnored: Void = {
    signal(SIGPIPE, SIG_IGN)
}()
