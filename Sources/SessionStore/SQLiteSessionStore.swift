import Foundation
import GRDB
import TachikomaCore

/// The session store on SQLite: one database file in WAL mode, each record committed in its own
/// short transaction, so that `kill -9` loses nothing that a call returned from.
///
/// Two processes can use the same file at once: writes take the lock at the start of their
/// transaction (`BEGIN IMMEDIATE`) and wait up to `Options.busyTimeout` for the other.
public final class SQLiteSessionStore: SessionStoring {
    public struct Options: Sendable {
        /// How long a write waits for another process's transaction before `.locked`.
        public var busyTimeout: Duration
        /// Test hook: SQLite's `max_page_count`, to make "disk full" happen on demand.
        package var pageLimit: Int?
        /// Test hook: open the file read-only, as SQLite does when it cannot write it (root can
        /// write any file, so permission bits cannot make that happen in tests run as root).
        package var openReadOnly: Bool

        public init(busyTimeout: Duration = .seconds(2)) {
            self.busyTimeout = busyTimeout
            self.pageLimit = nil
            self.openReadOnly = false
        }
    }

    public let location: String
    private let database: DatabaseQueue

    /// Opens the database at `path` (made, with its folder, when missing) and brings its schema up to
    /// date. Never changes a file that is not ours, is damaged, or is from a newer Tachikoma.
    public init(path: String, options: Options = Options()) throws(SessionStoreError) {
        location = path
        try StoreLocation.prepare(path)
        // Before SQLite opens it for writing, which would fold another program's -wal into its file.
        try StoreFileCheck.check(path)
        // A file we cannot write, with nothing in a -wal, is read as immutable: SQLite then makes no
        // -wal or -shm beside it, which a read-only connection could not remove again.
        let immutable = StoreFileCheck.isUnwritableAndSettled(path)
        var configuration = Configuration()
        let waiter = BusyWaiter(timeout: options.busyTimeout)
        configuration.busyMode = .callback { tries in waiter.shouldRetry(afterTries: tries) }
        configuration.readonly = options.openReadOnly || immutable
        let pageLimit = options.pageLimit
        configuration.prepareDatabase { db in
            if let pageLimit { try db.execute(sql: "PRAGMA max_page_count = \(pageLimit)") }
        }
        do {
            database = try DatabaseQueue(path: immutable ? StoreFileCheck.immutableURI(path) : path, configuration: configuration)
        } catch {
            throw StoreFailure.map(error, path: path)
        }
        // Chats started together on a new file race to make its schema; switching to WAL takes a
        // lock SQLite reports at once rather than waiting. The ones that lose try again.
        var tries = 0
        while true {
            do throws(SessionStoreError) {
                try attempt { try Self.setUp(database, readOnly: options.openReadOnly, path: path) }
                break
            } catch {
                guard case .locked = error, tries < 40 else { throw error }
                tries += 1
                usleep(50_000)
            }
        }
        StoreLocation.tighten(path)
    }

    /// Opens the database at `StoreLocation.defaultPath(environment:)`.
    public convenience init(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(SessionStoreError)
    {
        try self.init(path: StoreLocation.defaultPath(environment: environment))
    }

    /// Checks the file is ours, then switches to WAL and migrates. Two processes may do this at once
    /// on a new file; the one that loses the race finds the work done.
    private static func setUp(_ database: DatabaseQueue, readOnly: Bool, path: String) throws {
        let migrator = StoreSchema.migrator
        let upToDate = try database.read { db in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
            if applicationID != StoreSchema.applicationID, applicationID != 0 || objects > 0,
                try !isOurUnfinishedStart(db)
            {
                throw SessionStoreError.notOurs(path: path)
            }
            if objects == 0 { return false }
            if try migrator.hasBeenSuperseded(db) { throw SessionStoreError.newerSchema(path: path) }
            return try migrator.hasCompletedMigrations(db)
        }
        if upToDate { return }
        // A database that needs its schema made or migrated cannot be used without writing.
        if readOnly { throw SessionStoreError.readOnly(path: path) }
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            try migrator.migrate(database)
        } catch let error as DatabaseError where Self.mayBeAMigrationRace(error) {
            // GRDB reads which migrations are applied before it takes the write lock, so two processes
            // opening a new file at once can both start the first one; the loser fails ("table
            // already exists") while the winner may still be migrating. Wait for the winner to finish.
            for _ in 0..<40 {
                if try database.read({ db in try migrator.hasCompletedMigrations(db) }) { return }
                usleep(50_000)
            }
            throw error
        }
    }

    /// Whether a failed migration may have lost a race with another process making the schema. A full
    /// disk, a read-only file or a corrupt one is not a race: waiting for a winner would only delay the
    /// error by two seconds.
    private static func mayBeAMigrationRace(_ error: DatabaseError) -> Bool {
        switch error.resultCode {
        case .SQLITE_ERROR, .SQLITE_BUSY, .SQLITE_LOCKED: true
        default: false
        }
    }

    /// GRDB makes its empty `grdb_migrations` table in a transaction of its own before the first
    /// migration, which sets the application id. When that migration fails (a full disk), the file
    /// holds the empty table alone: ours, unfinished, not another program's.
    static func isOurUnfinishedStart(_ db: Database) throws -> Bool {
        let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        guard names == ["grdb_migrations"] else { return false }
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 0
    }

    // MARK: - Recording

    public func createSession(_ new: NewSession) throws(SessionStoreError) -> Session {
        let given = try new.name.map { name throws(SessionStoreError) in try SessionName.validated(name) }
        return try write { db in
            let name: String
            if let given {
                if let other = try SessionRows.fetch(named: given, db: db) {
                    throw SessionStoreError.nameTaken(name: other.name)
                }
                name = given
            } else {
                name = try SessionRows.unusedName(
                    SessionName.automatic(firstUserText: new.firstUserText, date: new.createdAt), db: db)
            }
            let date = new.createdAt.millisecondsSince1970
            try db.execute(
                sql: "INSERT INTO session (name, created_at, last_used_at, parent_id) VALUES (?, ?, ?, ?)",
                arguments: [name, date, date, new.parentID?.rawValue])
            let id = SessionID(rawValue: db.lastInsertedRowID)
            for change in new.settings {
                try SessionRows.insertSetting(change, session: id, at: new.createdAt, db: db)
            }
            return Session(
                id: id, name: name, createdAt: new.createdAt.storedPrecision, lastUsedAt: new.createdAt.storedPrecision,
                parentID: new.parentID)
        }
    }

    public func appendMessage(
        _ message: Message, to session: SessionID, model: String?, usage: Usage?, interrupted: Bool, at date: Date
    ) throws(SessionStoreError) -> StoredMessage {
        try write { db in
            let (id, parent) = try MessageRows.insert(
                message, session: session, model: model, usage: usage, interrupted: interrupted, createdAt: date,
                completedAt: date, db: db)
            try SessionRows.touch(session, at: date, db: db)
            return StoredMessage(
                id: id, sessionID: session, message: message, model: model, createdAt: date.storedPrecision,
                completedAt: date.storedPrecision, usage: usage, isInterrupted: interrupted, parentID: parent)
        }
    }

    public func beginAnswer(in session: SessionID, model: String, at date: Date) throws(SessionStoreError)
        -> StoredMessageID
    {
        try beginAnswer(in: session, model: model, server: nil, at: date)
    }

    public func beginAnswer(in session: SessionID, model: String, server: String?, at date: Date)
        throws(SessionStoreError) -> StoredMessageID
    {
        try write { db in
            let (id, _) = try MessageRows.insert(
                .assistant(""), session: session, model: model, server: server, usage: nil, interrupted: true,
                createdAt: date, completedAt: nil, db: db)
            try SessionRows.touch(session, at: date, db: db)
            return id
        }
    }

    public func saveProgress(of answer: StoredMessageID, content: String, thinking: String?) throws(SessionStoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE message SET content = ?, thinking = ? WHERE id = ?",
                arguments: [content, thinking, answer.rawValue])
            if db.changesCount == 0 { throw SessionStoreError.unknownMessage(id: answer) }
        }
    }

    public func markReachedLengthLimit(_ answer: StoredMessageID) throws(SessionStoreError) {
        let marked = try write { db in try MessageRows.markReachedLengthLimit(answer, db: db) }
        if !marked { throw .unknownMessage(id: answer) }
    }

    public func finishAnswer(
        _ answer: StoredMessageID, with message: Message, usage: Usage?, interrupted: Bool, at date: Date
    ) throws(SessionStoreError) -> StoredMessage {
        try write { db in
            var arguments: [(any DatabaseValueConvertible)?] = [
                message.content, message.thinking, try MessageRows.json(message.toolCalls, ifEmpty: message.toolCalls.isEmpty),
                date.millisecondsSince1970, interrupted,
            ]
            arguments += MessageRows.arguments(usage)
            arguments.append(answer.rawValue)
            try db.execute(
                sql: """
                    UPDATE message SET content = ?, thinking = ?, tool_calls = ?, completed_at = ?, interrupted = ?, \
                    prompt_tokens = ?, completion_tokens = ?, total_duration_ns = ?, load_duration_ns = ?, \
                    prompt_eval_duration_ns = ?, eval_duration_ns = ?
                    WHERE id = ?
                    """, arguments: StatementArguments(arguments))
            guard db.changesCount > 0, let stored = try MessageRows.fetch(answer, db: db) else {
                throw SessionStoreError.unknownMessage(id: answer)
            }
            try SessionRows.touch(stored.sessionID, at: date, db: db)
            return stored
        }
    }

    public func deleteMessage(_ message: StoredMessageID) throws(SessionStoreError) {
        try write { db in try MessageTree.delete(message, db: db) }
    }

    public func moveHead(of session: SessionID, to message: StoredMessageID?) throws(SessionStoreError) {
        try write { db in try MessageTree.moveHead(of: session, to: message, db: db) }
    }

    public func recordSetting(_ change: SettingChange, in session: SessionID, at date: Date) throws(SessionStoreError) {
        try write { db in
            try SessionRows.insertSetting(change, session: session, at: date, db: db)
            try SessionRows.touch(session, at: date, db: db)
        }
    }

    public func markUsed(_ session: SessionID, at date: Date) throws(SessionStoreError) {
        try write { db in
            try SessionRows.touch(session, at: date, db: db)
            if db.changesCount == 0 { throw SessionStoreError.unknownSession(id: session) }
        }
    }

    public func renameSession(_ session: SessionID, to name: String) throws(SessionStoreError) -> Session {
        let name = try SessionName.validated(name)
        return try write { db in
            if let other = try SessionRows.fetch(named: name, db: db), other.id != session {
                throw SessionStoreError.nameTaken(name: other.name)
            }
            try db.execute(sql: "UPDATE session SET name = ? WHERE id = ?", arguments: [name, session.rawValue])
            guard let renamed = try SessionRows.fetch(session, db: db) else {
                throw SessionStoreError.unknownSession(id: session)
            }
            return renamed
        }
    }

    public func deleteSession(named name: String) throws(SessionStoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM session WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw SessionStoreError.sessionNotFound(name: name) }
        }
    }

    public func importSession(_ archive: SessionArchive) throws(SessionStoreError) -> Session {
        let base = try SessionName.validated(archive.name)
        return try write { db in
            let name = try SessionRows.unusedName(base, db: db)
            let parent = try archive.parentName.flatMap { try SessionRows.fetch(named: $0, db: db)?.id }
            try db.execute(
                sql: "INSERT INTO session (name, created_at, last_used_at, parent_id) VALUES (?, ?, ?, ?)",
                arguments: [
                    name, archive.createdAt.millisecondsSince1970, archive.lastUsedAt.millisecondsSince1970,
                    parent?.rawValue,
                ])
            let id = SessionID(rawValue: db.lastInsertedRowID)
            try MessageTree.insertTimeline(of: archive.linked(), into: id, db: db)
            return Session(
                id: id, name: name, createdAt: archive.createdAt.storedPrecision,
                lastUsedAt: archive.lastUsedAt.storedPrecision, parentID: parent)
        }
    }

    // MARK: - Reading

    public func listSessions() throws(SessionStoreError) -> [SessionSummary] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.name, s.created_at, s.last_used_at, s.parent_id,
                        (SELECT count(*) FROM message m WHERE m.session_id = s.id),
                        (SELECT group_concat(model, char(31)) FROM (
                            SELECT model, min(position) AS first FROM message
                            WHERE session_id = s.id AND model IS NOT NULL GROUP BY model ORDER BY first))
                    FROM session s ORDER BY s.last_used_at DESC, s.id DESC
                    """
            ).map { row in
                let models: String? = row[6]
                return SessionSummary(
                    session: SessionRows.session(row),
                    models: models.map { $0.split(separator: "\u{1F}").map(String.init) } ?? [], messageCount: row[5])
            }
        }
    }

    public func loadSession(named name: String) throws(SessionStoreError) -> SessionTranscript {
        try read { db in
            guard let session = try SessionRows.fetch(named: name, db: db) else {
                throw SessionStoreError.sessionNotFound(name: name)
            }
            return try SessionRows.transcript(session, db: db)
        }
    }

    public func loadSession(id: SessionID) throws(SessionStoreError) -> SessionTranscript {
        try read { db in
            guard let session = try SessionRows.fetch(id, db: db) else { throw SessionStoreError.unknownSession(id: id) }
            return try SessionRows.transcript(session, db: db)
        }
    }

    public func latestSession() throws(SessionStoreError) -> SessionTranscript? {
        try read { db in
            guard
                let session = try Row.fetchOne(
                    db,
                    sql: "SELECT \(SessionRows.selection) FROM session ORDER BY last_used_at DESC, id DESC LIMIT 1"
                ).map(SessionRows.session)
            else { return nil }
            return try SessionRows.transcript(session, db: db)
        }
    }

    public func search(_ text: String, limit: Int) throws(SessionStoreError) -> [SearchHit] {
        guard let query = FullTextQuery.match(text), limit > 0 else { return [] }
        return try read { db in
            // The inner query walks the index newest first and stops at the limit, so only the
            // shown hits pay for a snippet.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(MessageRows.qualifiedSelection), s.name, hit.snippet
                    FROM (SELECT rowid, snippet(message_fts, 0, ?, ?, '…', 16) AS snippet FROM message_fts
                          WHERE message_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS hit
                    JOIN message m ON m.id = hit.rowid
                    JOIN session s ON s.id = m.session_id
                    ORDER BY m.id DESC
                    """,
                arguments: [FullTextQuery.openMark, FullTextQuery.closeMark, query, limit])
            return try rows.map { row in
                let message = try MessageRows.message(row)
                return SearchHit(
                    sessionID: message.sessionID, sessionName: row[MessageRows.columnCount], message: message,
                    snippet: FullTextQuery.fragments(row[MessageRows.columnCount + 1]))
            }
        }
    }

    // MARK: - Transactions

    /// One write transaction that takes the write lock at once, so a busy database is waited for.
    private func write<T>(_ body: (Database) throws -> T) throws(SessionStoreError) -> T {
        try attempt {
            try database.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw SessionStoreError.storageFailure(path: location, detail: "no result") }
                return result
            }
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(SessionStoreError) -> T {
        try attempt { try database.read(body) }
    }

    private func attempt<T>(_ body: () throws -> T) throws(SessionStoreError) -> T {
        do {
            return try body()
        } catch {
            throw StoreFailure.map(error, path: location)
        }
    }
}
