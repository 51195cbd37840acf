import Foundation
import GRDB
import TachikomaCore

/// Tells, before SQLite opens a database for writing, whether it may be ours: opening another
/// program's WAL database for writing and closing it again checkpoints its `-wal` into it and
/// deletes its `-wal` and `-shm`, changing a file that is not ours.
///
/// The main file's header says most of it without SQLite: not a database, damaged, or another
/// program's application id. A file whose `-wal` holds changes (another program's WAL database, a
/// new one of ours whose first transactions have not reached the main file, or one a newer
/// Tachikoma has migrated) is read from a private copy, so its own three files are never touched.
enum StoreFileCheck {
    /// Throws `.notADatabase`, `.damaged` or `.notOurs` when the file at `path` must not be opened
    /// for writing; returns when it is missing, empty, ours, or to be judged as before.
    static func check(_ path: String) throws(SessionStoreError) {
        guard let header = Self.header(of: path), !header.isEmpty else { return }
        let magic = StoreFailure.sqliteMagic
        guard header.starts(with: magic) else {
            // A header overwritten in part is damage; anything else is another kind of file.
            if header.count >= 16, header.prefix(6).elementsEqual(magic.prefix(6)) {
                throw .damaged(path: path, detail: "its header is not valid")
            }
            throw .notADatabase(path: path)
        }
        guard header.count >= 100 else { throw .damaged(path: path, detail: "its header is cut short") }
        // Fields every SQLite header holds (the payload fractions): anything else is damage, and its
        // application id would mean nothing.
        guard header[21] == 64, header[22] == 32, header[23] == 32 else {
            throw .damaged(path: path, detail: "its header is not valid")
        }
        let applicationID = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let ours = Int32(bitPattern: applicationID) == StoreSchema.applicationID
        if !ours, applicationID != 0 { throw .notOurs(path: path) }
        // Without a -wal holding changes, opening and closing changes nothing, and the store judges
        // the file as it opens it. With one, closing would fold it in: judge a copy first (ours
        // too, as a newer Tachikoma's migrations may be in it).
        guard Self.size(of: path + "-wal") > 0 else { return }
        try inspectCopy(of: path)
    }

    /// Whether the file exists, this process cannot write it, and no `-wal` holds changes for it:
    /// then nothing can change it while we read, and it can be opened as immutable.
    static func isUnwritableAndSettled(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0 && size(of: path + "-wal") == 0
    }

    /// The SQLite URI that opens `path` as immutable: no locks, no `-wal`, no `-shm`.
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + "?immutable=1"
    }

    /// Reads the database and its `-wal` from copies in a private folder, removed afterwards.
    private static func inspectCopy(of path: String) throws(SessionStoreError) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tachikoma-check-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/check.sqlite"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
        } catch {
            // The copy is a precaution: when it cannot be made, what follows judges as before.
            return
        }
        enum Verdict { case ours, notOurs, newer }
        let verdict: Verdict
        do {
            verdict = try DatabaseQueue(path: copy).read { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if applicationID == StoreSchema.applicationID {
                    return try StoreSchema.migrator.hasBeenSuperseded(db) ? .newer : .ours
                }
                let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                guard applicationID == 0 else { return .notOurs }
                return try objects == 0 || SQLiteSessionStore.isOurUnfinishedStart(db) ? .ours : .notOurs
            }
        } catch {
            throw StoreFailure.map(error, path: path)
        }
        switch verdict {
        case .ours: return
        case .notOurs: throw .notOurs(path: path)
        case .newer: throw .newerSchema(path: path)
        }
    }

    /// The first 100 bytes of the file (fewer when it is shorter); nil when it cannot be read.
    private static func header(of path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 100)).map(Array.init) ?? []
    }

    private static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
