/// Why the session store could not do what was asked. Each case carries what a person needs to
/// act, and `description` is the one line they read.
public enum SessionStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file is not an SQLite database at all.
    case notADatabase(path: String)
    /// An SQLite database that another program made.
    case notOurs(path: String)
    /// Made by a newer Tachikoma: its schema has migrations this one does not know.
    case newerSchema(path: String)
    /// SQLite found the file corrupt; it is left as it is.
    case damaged(path: String, detail: String)
    /// Another process held the database longer than the busy timeout.
    case locked(path: String)
    /// The file or its folder cannot be written.
    case readOnly(path: String)
    case diskFull(path: String)
    /// The file or its folder could not be opened or made.
    case cannotOpen(path: String, reason: String)
    /// Any other SQLite or file-system failure.
    case storageFailure(path: String, detail: String)
    case sessionNotFound(name: String)
    /// A session id that is not (or no longer) in the store.
    case unknownSession(id: SessionID)
    /// A message id that is not (or no longer) in the store.
    case unknownMessage(id: StoredMessageID)
    case nameTaken(name: String)
    case invalidName(name: String, reason: String)
    /// An import file that is not a Tachikoma session export.
    case notAnExport(path: String, reason: String)
    /// An export path that is not `.md` or `.json`.
    case unsupportedExportFormat(path: String)
    case cannotWriteExport(path: String, reason: String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            "\(path) is not an SQLite database; it was left untouched (move it away to start a new one)"
        case .notOurs(let path):
            "\(path) is another program's SQLite database; it was left untouched (move it away to start a new one)"
        case .newerSchema(let path):
            "\(path) was written by a newer Tachikoma; update Tachikoma to use it"
        case .damaged(let path, let detail):
            "\(path) is damaged (\(detail)); it was left untouched (move it away to start a new one)"
        case .locked(let path):
            "\(path) is locked by another process; try again when it finishes"
        case .readOnly(let path):
            "\(path) cannot be written (read-only file or folder)"
        case .diskFull(let path):
            "\(path) cannot be written: the disk is full"
        case .cannotOpen(let path, let reason):
            "cannot open \(path): \(reason)"
        case .storageFailure(let path, let detail):
            "\(path): \(detail)"
        case .sessionNotFound(let name):
            "no session named \"\(name)\" (list them with `tachikoma sessions`)"
        case .unknownSession(let id):
            "session \(id) is not in the store (was it deleted?)"
        case .unknownMessage(let id):
            "message \(id) is not in the store (was its session deleted?)"
        case .nameTaken(let name):
            "a session named \"\(name)\" already exists; choose another name"
        case .invalidName(let name, let reason):
            "\"\(name)\" cannot be a session name: \(reason)"
        case .notAnExport(let path, let reason):
            "\(path) is not a Tachikoma session export: \(reason)"
        case .unsupportedExportFormat(let path):
            "cannot export to \(path): the name must end in .md (Markdown) or .json"
        case .cannotWriteExport(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
