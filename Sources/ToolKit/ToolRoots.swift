import Foundation
import TachikomaCore

/// The folders the file tools may read. A path is resolved the way the kernel would open it (`..`,
/// `.` and every symbolic link, with `realpath`) before it is compared, so neither `..` nor a link
/// inside a root can lead outside.
public struct ToolRoots: Sendable, Hashable {
    /// Resolved, absolute, without a trailing slash.
    public let folders: [String]
    /// Roots from the config that do not exist or are not folders: said once when tools start.
    public let missing: [String]

    /// - Parameter folders: absolute paths (`~` already expanded); relative ones are taken from
    ///   `workingDirectory`. Empty means the working directory alone.
    public init(_ folders: [String], workingDirectory: String = FileManager.default.currentDirectoryPath) {
        let wanted = folders.isEmpty ? [workingDirectory] : folders
        var resolved: [String] = []
        var missing: [String] = []
        for folder in wanted {
            let absolute = folder.hasPrefix("/") ? folder : workingDirectory + "/" + folder
            var isFolder: ObjCBool = false
            if let real = Self.realPath(absolute), FileManager.default.fileExists(atPath: real, isDirectory: &isFolder),
                isFolder.boolValue
            {
                if !resolved.contains(real) { resolved.append(real) }
            } else {
                missing.append(folder)
            }
        }
        self.folders = resolved
        self.missing = missing
    }

    /// The real path of `path` when it exists and lies inside a root. Relative paths are taken from
    /// the first root. Throws `outsideRoots`, or `failed` when nothing is there.
    public func resolve(_ path: String, tool: String) throws(ToolError) -> String {
        guard let base = folders.first else {
            throw .failed(tool: tool, message: "no folder may be read: none of tool_roots exists")
        }
        guard !path.isEmpty, !path.contains("\0") else { throw .invalidArguments(tool: tool, reason: "the path is empty") }
        let absolute = path.hasPrefix("/") ? path : base + "/" + path
        guard let real = Self.realPath(absolute) else {
            // Say "outside" rather than "missing" for a path that would lead outside anyway, so the
            // model learns nothing about what exists there.
            let lexical = (absolute as NSString).standardizingPath
            if !contains(lexical) { throw .outsideRoots(tool: tool, path: path) }
            throw .failed(tool: tool, message: "'\(path)' does not exist")
        }
        guard contains(real) else { throw .outsideRoots(tool: tool, path: path) }
        return real
    }

    /// The resolved path when it differs from `path`, nil when it is the same or does not exist yet
    /// (the call will say so); throws only `outsideRoots`.
    func resolveForPreview(_ path: String, tool: String) throws(ToolError) -> String? {
        do throws(ToolError) {
            let resolved = try resolve(path, tool: tool)
            return resolved == path ? nil : resolved
        } catch {
            if case .outsideRoots = error { throw error }
            return nil
        }
    }

    /// Whether an absolute, resolved path is a root or lies under one.
    public func contains(_ path: String) -> Bool {
        folders.contains { root in root == "/" || path == root || path.hasPrefix(root + "/") }
    }

    /// `realpath(3)`: nil when the path (or a folder on the way) does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
