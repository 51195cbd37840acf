import Foundation
import GRDB
import TachikomaCore

/// Turns what SQLite and the file system report into `SessionStoreError`, naming the database file.
enum StoreFailure {
    static let sqliteMagic = Array("SQLite format 3\u{0}".utf8)

    static func map(_ error: any Error, path: String) -> SessionStoreError {
        if let error = error as? SessionStoreError { return error }
        guard let error = error as? DatabaseError else {
            return .storageFailure(path: path, detail: "\(error)")
        }
        let detail = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .locked(path: path)
        case .SQLITE_READONLY:
            return .readOnly(path: path)
        case .SQLITE_FULL:
            return .diskFull(path: path)
        case .SQLITE_CORRUPT:
            return .damaged(path: path, detail: detail)
        case .SQLITE_NOTADB:
            return hasSQLiteHeader(path)
                ? .damaged(path: path, detail: "its header is not valid") : .notADatabase(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return folderIsReadOnly(path) ? .readOnly(path: path) : .cannotOpen(path: path, reason: detail)
        default:
            return .storageFailure(path: path, detail: detail)
        }
    }

    /// Whether the file starts as every SQLite database does (so a failure means damage, not a
    /// foreign file).
    static func hasSQLiteHeader(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: sqliteMagic.count)) ?? Data()
        return Array(head) == sqliteMagic
    }

    static func folderIsReadOnly(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        return access(folder.isEmpty ? "." : folder, W_OK) != 0 || (access(path, F_OK) == 0 && access(path, W_OK) != 0)
    }

    /// A file-system error number as the one thing a person needs to know.
    static func map(errno number: Int32, path: String) -> SessionStoreError {
        switch number {
        case EACCES, EPERM, EROFS: .readOnly(path: path)
        case ENOSPC, EDQUOT: .diskFull(path: path)
        default: .cannotOpen(path: path, reason: String(cString: strerror(number)))
        }
    }
}
