import GRDB

/// The database's schema, as migrations from the first version on. A migration, once released, is
/// never edited: a change is a new migration appended here.
enum StoreSchema {
    /// `PRAGMA application_id` of a Tachikoma database ("TCKM"): how we tell our file from another's.
    static let applicationID: Int32 = 0x5443_4B4D

    /// Sessions, messages and setting changes. Times are milliseconds since 1970 (UTC); durations
    /// are nanoseconds. `position` orders messages and setting changes together within a session.
    static let version1 = """
        PRAGMA application_id = \(applicationID);
        CREATE TABLE session (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at INTEGER NOT NULL,
            last_used_at INTEGER NOT NULL,
            parent_id INTEGER REFERENCES session(id) ON DELETE SET NULL,
            next_position INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX session_by_last_use ON session(last_used_at);
        CREATE TABLE message (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            thinking TEXT,
            tool_calls TEXT,
            tool_name TEXT,
            images TEXT,
            model TEXT,
            created_at INTEGER NOT NULL,
            completed_at INTEGER,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            total_duration_ns INTEGER,
            load_duration_ns INTEGER,
            prompt_eval_duration_ns INTEGER,
            eval_duration_ns INTEGER,
            interrupted INTEGER NOT NULL DEFAULT 0,
            UNIQUE (session_id, position)
        );
        CREATE TABLE setting_change (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            UNIQUE (session_id, position)
        );
        """

    /// A full-text index over message content, an external-content FTS5 table kept in step by
    /// triggers, filled from the messages already stored.
    static let version2 = """
        CREATE VIRTUAL TABLE message_fts USING fts5(
            content, content='message', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER message_fts_insert AFTER INSERT ON message BEGIN
            INSERT INTO message_fts(rowid, content) VALUES (new.id, new.content);
        END;
        CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN
            INSERT INTO message_fts(message_fts, rowid, content) VALUES ('delete', old.id, old.content);
        END;
        CREATE TRIGGER message_fts_update AFTER UPDATE OF content ON message BEGIN
            INSERT INTO message_fts(message_fts, rowid, content) VALUES ('delete', old.id, old.content);
            INSERT INTO message_fts(rowid, content) VALUES (new.id, new.content);
        END;
        INSERT INTO message_fts(message_fts) VALUES ('rebuild');
        """

    /// The id of the call a `tool` message answers, for backends that pair results with calls by id.
    static let version3 = """
        ALTER TABLE message ADD COLUMN tool_call_id TEXT;
        """
    /// Which configured server answered each message; older messages have none (NULL).
    static let version4 = "ALTER TABLE message ADD COLUMN server TEXT;"

    /// Conversations as trees: each message names its parent (the message before it on its branch)
    /// and each session its head (the current branch's last message). Until now a session was one
    /// line, so every message's parent is the one before it by position and the head is the last.
    ///
    /// The head is a column of `session`, not a flag on `message`: moving it is one update of one
    /// row, and a session cannot have two. Both references are foreign keys, so neither can point at
    /// a message that is gone: deleting a message turns the references to it into NULL (the store
    /// moves a deleted head to its parent first). The indexes keep those deletions from scanning the
    /// tables (a session's messages are deleted one by one by the cascade).
    ///
    /// The backfill finds each previous message through the `UNIQUE (session_id, position)` index,
    /// a short search per message: for 100,000 messages in 1,000 sessions, 0.3 s of CPU and 0.9 s in
    /// all, most of it writing every message's page again. A window function (`lag(id) OVER
    /// (PARTITION BY session_id ORDER BY position)`) with `UPDATE … FROM` took as long.
    static let version5 = """
        ALTER TABLE message ADD COLUMN parent_id INTEGER REFERENCES message(id) ON DELETE SET NULL;
        ALTER TABLE session ADD COLUMN head_id INTEGER REFERENCES message(id) ON DELETE SET NULL;
        UPDATE message SET parent_id = (
            SELECT previous.id FROM message AS previous
            WHERE previous.session_id = message.session_id AND previous.position < message.position
            ORDER BY previous.position DESC LIMIT 1);
        UPDATE session SET head_id = (
            SELECT id FROM message WHERE session_id = session.id ORDER BY position DESC LIMIT 1);
        CREATE INDEX message_by_parent ON message(parent_id);
        CREATE INDEX session_by_head ON session(head_id);
        """

    /// Attachments: each content once, by its SHA-256 (`attachment`), and each message's list of
    /// them in order with the names they were attached under (`message_attachment`). A message's
    /// attachments go with it (the cascade), and content no message names any more goes with the
    /// last reference (the trigger), so deleting a session frees its pictures. Text attachments'
    /// words are in the message's content too, which is what the full-text index and older
    /// releases read; the `images` column stays for messages stored before this migration.
    static let version6 = """
        CREATE TABLE attachment (
            digest TEXT PRIMARY KEY,
            bytes BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE message_attachment (
            message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            exit_status INTEGER,
            digest TEXT NOT NULL REFERENCES attachment(digest),
            PRIMARY KEY (message_id, ordinal)
        ) WITHOUT ROWID;
        CREATE INDEX message_attachment_by_digest ON message_attachment(digest);
        CREATE TRIGGER attachment_unreferenced AFTER DELETE ON message_attachment
        WHEN NOT EXISTS (SELECT 1 FROM message_attachment WHERE digest = old.digest) BEGIN
            DELETE FROM attachment WHERE digest = old.digest;
        END;
        """

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 sessions, messages, settings") { db in try db.execute(sql: version1) }
        migrator.registerMigration("v2 full-text index") { db in try db.execute(sql: version2) }
        migrator.registerMigration("v3 tool call ids") { db in try db.execute(sql: version3) }
        migrator.registerMigration("v4 message server") { db in try db.execute(sql: version4) }
        // Immediate checks: nothing here needs foreign keys off, and deferred ones would end with a
        // check of every reference in the file.
        migrator.registerMigration("v5 message tree", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: version5)
        }
        migrator.registerMigration("v6 attachments", foreignKeyChecks: .immediate) { db in try db.execute(sql: version6) }
        return migrator
    }
}
