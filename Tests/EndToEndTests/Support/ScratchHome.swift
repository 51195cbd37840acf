import Foundation

/// A home and XDG folders of their own for the binary under test, away from the user's config and
/// history; the folder is removed by `remove()` or, at the latest, when the last reference goes
/// (a `PseudoTerminal` keeps its home until it has killed its child).
final class ScratchHome: Sendable {
    let path: String

    /// Creates the folder with a config file that allows the start-up checks a minute: the tests
    /// run many binaries at once on two cores, where the default 5 s was seen to pass before a
    /// loaded machine answered. A test of the timeout itself writes its own config over it.
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tachikoma-e2e-\(UUID())").path
        let configFolder = path + "/config/tachikoma"
        try? FileManager.default.createDirectory(atPath: configFolder, withIntermediateDirectories: true)
        try? #"{"connect_timeout": 60}"#.write(toFile: configFolder + "/config.json", atomically: true, encoding: .utf8)
        // Whatever the umask, a config file others may write is refused.
        chmod(configFolder + "/config.json", 0o600)
    }

    /// `HOME`, `XDG_CONFIG_HOME` and `XDG_STATE_HOME` below the folder, and colour left to the binary.
    var environment: [String: String] {
        ["XDG_CONFIG_HOME": path + "/config", "XDG_STATE_HOME": path + "/state", "HOME": path, "NO_COLOR": ""]
    }

    /// A file path below the folder (its parent folders are created).
    func file(_ name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path + "/" + name
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit { remove() }
}
