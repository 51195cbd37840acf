import Foundation
import GRDB
import SessionStore
import TachikomaCore
import Testing

/// Opening databases written by earlier (and later) versions, and files that are not ours.
@Suite struct StoreMigrationTests {
    /// The first schema exactly as released (frozen here: if the code's v1 changes, this still
    /// writes what real v1 files hold).
    static let releasedVersion1 = """
        PRAGMA application_id = 1413696333;
        CREATE TABLE session (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, created_at INTEGER NOT NULL,
            last_used_at INTEGER NOT NULL, parent_id INTEGER REFERENCES session(id) ON DELETE SET NULL,
            next_position INTEGER NOT NULL DEFAULT 1);
        CREATE INDEX session_by_last_use ON session(last_used_at);
        CREATE TABLE message (
            id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL, thinking TEXT, tool_calls TEXT,
            tool_name TEXT, images TEXT, model TEXT, created_at INTEGER NOT NULL, completed_at INTEGER,
            prompt_tokens INTEGER, completion_tokens INTEGER, total_duration_ns INTEGER, load_duration_ns INTEGER,
            prompt_eval_duration_ns INTEGER, eval_duration_ns INTEGER, interrupted INTEGER NOT NULL DEFAULT 0,
            UNIQUE (session_id, position));
        CREATE TABLE setting_change (
            id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, recorded_at INTEGER NOT NULL,
            UNIQUE (session_id, position));
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1 sessions, messages, settings');
        """

    static func makeFolder(_ path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    }

    @Test func aVersion1DatabaseIsMigratedAndItsMessagesBecomeSearchable() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            try Self.makeFolder(path)
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: Self.releasedVersion1)
                try db.execute(
                    sql: """
                        INSERT INTO session (id, name, created_at, last_used_at, next_position) VALUES (1, 'old', 0, 5, 4);
                        INSERT INTO setting_change (session_id, position, kind, value, recorded_at)
                            VALUES (1, 1, 'model', '{"kind":"model","value":"llama3.1:8b"}', 0);
                        INSERT INTO message (session_id, position, role, content, model, created_at, completed_at,
                            completion_tokens) VALUES
                            (1, 2, 'user', 'What is a tachikoma?', NULL, 1, 1, NULL),
                            (1, 3, 'assistant', 'A spider-like think-tank.', 'llama3.1:8b', 2, 5, 9);
                        """)
            }

            let store = try SQLiteSessionStore(path: path)
            let old = try store.loadSession(named: "old")
            #expect(old.finalSettings.model == "llama3.1:8b")
            #expect(old.messages.map(\.message.content) == ["What is a tachikoma?", "A spider-like think-tank."])
            #expect(old.messages[1].usage?.completionTokens == 9)
            #expect(old.messages.map(\.parentID) == [nil, old.messages[0].id])
            #expect(old.headID == old.messages[1].id)
            #expect(try store.search("spider").map(\.sessionName) == ["old"])

            let next = try store.appendMessage(.user("And a fuchikoma?"), to: old.session.id)
            #expect(next.parentID == old.messages[1].id)
            #expect(try store.search("fuchikoma").count == 1)
            let applied = try DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            }
            #expect(
                applied == [
                    "v1 sessions, messages, settings", "v2 full-text index", "v3 tool call ids", "v4 message server",
                    "v5 message tree", "v6 attachments",
                ])
        }
    }

    /// The backfill links each session's messages by position, not by id: sessions written at once
    /// interleave their ids, and a session's positions are shared with its setting changes.
    @Test func theTreeMigrationLinksEachSessionByPositionAndHeadsItsLastMessage() throws {
        try withTemporaryFolder { folder in
            let path = try ReleasedDatabaseTests.copyOfReleasedDatabase(in: folder)
            try DatabaseQueue(path: path).write { db in
                try db.execute(
                    sql: """
                        INSERT INTO session (id, name, created_at, last_used_at, next_position) VALUES
                            (5, 'left', 0, 9, 6), (6, 'right', 0, 9, 4), (7, 'empty', 0, 0, 2);
                        INSERT INTO setting_change (session_id, position, kind, value, recorded_at)
                            VALUES (5, 2, 'model', '{"kind":"model","value":"m"}', 0),
                                   (7, 1, 'model', '{"kind":"model","value":"m"}', 0);
                        INSERT INTO message (id, session_id, position, role, content, created_at) VALUES
                            (18, 5, 1, 'user', 'left one', 1), (19, 6, 1, 'user', 'right one', 1),
                            (20, 5, 5, 'assistant', 'left three', 3), (21, 6, 3, 'assistant', 'right two', 2),
                            (22, 5, 3, 'user', 'left two', 2);
                        """)
            }
            let store = try SQLiteSessionStore(path: path)
            let left = try store.loadSession(named: "left")
            #expect(left.allMessages.map(\.id.rawValue) == [18, 22, 20])
            #expect(left.allMessages.map { $0.parentID?.rawValue } == [nil, 18, 22])
            #expect(left.headID?.rawValue == 20)
            #expect(left.events.count == 4)
            let right = try store.loadSession(named: "right")
            #expect(right.allMessages.map { $0.parentID?.rawValue } == [nil, 19])
            #expect(right.headID?.rawValue == 21)
            let empty = try store.loadSession(named: "empty")
            #expect(empty.headID == nil)
            #expect(empty.events.count == 1)
            // The released sessions are untouched by the new ones.
            #expect(try store.loadSession(named: "cut-short").allMessages.map { $0.parentID?.rawValue } == [nil, 11])
        }
    }

    @Test func aDatabaseFromANewerTachikomaIsRefusedAndLeftAlone() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            _ = try SQLiteSessionStore(path: path)
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v3 from the future')")
            }
            let before = fileBytes(path)
            #expect(throws: SessionStoreError.newerSchema(path: path)) { try SQLiteSessionStore(path: path) }
            #expect(fileBytes(path) == before)
        }
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftAlone() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            try Self.makeFolder(path)
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x')")
            }
            let before = fileBytes(path)
            #expect(throws: SessionStoreError.notOurs(path: path)) { try SQLiteSessionStore(path: path) }
            #expect(fileBytes(path) == before)
        }
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            try Self.makeFolder(path)
            let text = Data(String(repeating: "my notes, not a database\n", count: 200).utf8)
            try text.write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: SessionStoreError.self) { try SQLiteSessionStore(path: path) }
            #expect(error == .notADatabase(path: path))
            #expect(error?.description.contains(path) == true)
            #expect(fileBytes(path) == text)
        }
    }
}
