#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `~` at the start of a path, expanded as a shell would: config files and `--config=~/…` are not
/// seen by a shell, and a literal `~` directory in the working directory is never what was meant.
public enum HomeDirectoryPath {
    /// Why a `~` could not be expanded.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case noHomeDirectory
        case unknownUser(String)

        public var description: String {
            switch self {
            case .noHomeDirectory: return "~ cannot be expanded: HOME is not set; write the full path"
            case .unknownUser(let name): return "~\(name) cannot be expanded: there is no user \(name); write the full path"
            }
        }
    }

    /// `~` and `~/rest` become `$HOME` and `$HOME/rest` (the password database when HOME is unset or
    /// relative); `~name/rest` becomes that user's home. Any other path is returned unchanged.
    public static func expand(_ path: String, environment: [String: String]) throws(Failure) -> String {
        guard path.hasPrefix("~") else { return path }
        let afterTilde = path.dropFirst()
        let slash = afterTilde.firstIndex(of: "/") ?? afterTilde.endIndex
        let user = String(afterTilde[..<slash])
        let rest = String(afterTilde[slash...])
        let home: String
        if user.isEmpty {
            if let fromEnvironment = environment["HOME"], fromEnvironment.hasPrefix("/") {
                home = fromEnvironment
            } else if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
                home = String(cString: directory)
            } else {
                throw .noHomeDirectory
            }
        } else {
            guard let entry = getpwnam(user), let directory = entry.pointee.pw_dir else { throw .unknownUser(user) }
            home = String(cString: directory)
        }
        if rest.isEmpty { return home }
        return home.hasSuffix("/") ? home + rest.dropFirst() : home + rest
    }
}
