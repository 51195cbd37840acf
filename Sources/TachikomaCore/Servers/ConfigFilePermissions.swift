import Foundation

/// The config file may name servers and the variables holding their keys: anyone who can write it
/// could send the chat, and its key, elsewhere. So one writable by group or others is refused.
enum ConfigFilePermissions {
    /// Throws `.insecurePermissions` when the file at `path` (following links) is writable by its
    /// group or by others; a file that cannot be examined is left to the read that follows.
    static func check(_ path: String) throws(ConfigError) {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        let mode = UInt32(status.st_mode) & 0o7777
        if mode & 0o022 != 0 {
            throw ConfigError.insecurePermissions(path: path, mode: String(mode, radix: 8))
        }
    }
}
