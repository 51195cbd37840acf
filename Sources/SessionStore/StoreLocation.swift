import Foundation
import TachikomaCore

/// Where the database lives, and making its folder (0700) and file (0600) private before SQLite
/// opens it: SQLite gives the `-wal` and `-shm` files the database file's permissions.
public enum StoreLocation {
    /// `$XDG_DATA_HOME/tachikoma/tachikoma.sqlite`, else `~/.local/share/tachikoma/tachikoma.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            // The XDG spec says a relative value is invalid and is to be ignored.
            dataHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = (home as NSString).appendingPathComponent(".local/share")
        }
        return ((dataHome as NSString).appendingPathComponent("tachikoma") as NSString)
            .appendingPathComponent("tachikoma.sqlite")
    }

    /// Makes the folder (0700, its missing parents as usual) and an empty database file (0600) when
    /// missing. An existing folder or file keeps its permissions, except that our own database file
    /// is tightened to 0600 once it is known to be ours (`tighten`).
    static func prepare(_ path: String) throws(SessionStoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try makeFolder(folder) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(0o600))
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw StoreFailure.map(errno: errno, path: path)
        }
    }

    /// Takes group and others' access away from the database file when it has some (a file copied
    /// in, or made with another umask). The owner's bits stay: a file its owner made read-only
    /// (0444) becomes 0400, not writable.
    static func tighten(_ path: String) {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & 0o077 != 0 { chmod(path, status.st_mode & 0o700) }
    }

    private static func makeFolder(_ folder: String) throws(SessionStoreError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            if !isFolder.boolValue { throw .cannotOpen(path: folder, reason: "it is a file, not a folder") }
            return
        }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != folder {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw .cannotOpen(path: parent, reason: "the folder cannot be made (\((error as NSError).localizedDescription))")
            }
        }
        if mkdir(folder, 0o700) != 0, errno != EEXIST { throw StoreFailure.map(errno: errno, path: folder) }
    }
}
