import Foundation
import GRDB
import TachikomaCore

/// The `session` and `setting_change` rows, and the timeline they make with the messages.
enum SessionRows {
    static let selection = "id, name, created_at, last_used_at, parent_id"

    static func session(_ row: Row) -> Session {
        let parent: Int64? = row[4]
        return Session(
            id: SessionID(rawValue: row[0]), name: row[1], createdAt: Date(millisecondsSince1970: row[2]),
            lastUsedAt: Date(millisecondsSince1970: row[3]), parentID: parent.map(SessionID.init(rawValue:)))
    }

    static func fetch(_ id: SessionID, db: Database) throws -> Session? {
        try Row.fetchOne(db, sql: "SELECT \(selection) FROM session WHERE id = ?", arguments: [id.rawValue])
            .map(session)
    }

    /// By name, ignoring ASCII case (the column's collation).
    static func fetch(named name: String, db: Database) throws -> Session? {
        try Row.fetchOne(db, sql: "SELECT \(selection) FROM session WHERE name = ?", arguments: [name]).map(session)
    }

    static func isTaken(_ name: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM session WHERE name = ?)", arguments: [name]) ?? false
    }

    /// `base`, or the first of "base (2)", "base (3)"… that no session has.
    static func unusedName(_ base: String, db: Database) throws -> String {
        var number = 1
        while try isTaken(SessionName.numbered(base, number), db: db) { number += 1 }
        return SessionName.numbered(base, number)
    }

    /// Reserves the session's next timeline position.
    static func takePosition(_ session: SessionID, db: Database) throws -> Int64 {
        guard
            let position = try Int64.fetchOne(
                db, sql: "UPDATE session SET next_position = next_position + 1 WHERE id = ? RETURNING next_position - 1",
                arguments: [session.rawValue])
        else { throw SessionStoreError.unknownSession(id: session) }
        return position
    }

    static func touch(_ session: SessionID, at date: Date, db: Database) throws {
        try db.execute(
            sql: "UPDATE session SET last_used_at = max(last_used_at, ?) WHERE id = ?",
            arguments: [date.millisecondsSince1970, session.rawValue])
    }

    static func insertSetting(_ change: SettingChange, session: SessionID, at date: Date, db: Database) throws {
        let position = try takePosition(session, db: db)
        let value = String(decoding: try JSONEncoder().encode(change), as: UTF8.self)
        try db.execute(
            sql: "INSERT INTO setting_change (session_id, position, kind, value, recorded_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [session.rawValue, position, change.kind, value, date.millisecondsSince1970])
    }

    /// The whole timeline (every branch's messages and the setting changes, merged by position) and
    /// the head.
    static func transcript(_ session: Session, db: Database) throws -> SessionTranscript {
        var messages: [(Int64, SessionEvent)] = []
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT \(MessageRows.selection) FROM message WHERE session_id = ? ORDER BY position",
            arguments: [session.id.rawValue])
        while let row = try cursor.next() {
            messages.append((row[18], .message(try MessageRows.message(row))))
        }
        let attachments = try AttachmentRows.fetch(session: session.id, db: db)
        if !attachments.isEmpty {
            for index in messages.indices {
                guard case .message(var stored) = messages[index].1, let found = attachments[stored.id] else { continue }
                stored.message = stored.message.restoring(found)
                messages[index].1 = .message(stored)
            }
        }
        var settings: [(Int64, SessionEvent)] = []
        let decoder = JSONDecoder()
        for row in try Row.fetchAll(
            db, sql: "SELECT position, value, recorded_at FROM setting_change WHERE session_id = ? ORDER BY position",
            arguments: [session.id.rawValue])
        {
            let value: String = row[1]
            guard let change = try? decoder.decode(SettingChange.self, from: Data(value.utf8)) else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "a setting change does not decode")
            }
            let setting = StoredSettingChange(change: change, recordedAt: Date(millisecondsSince1970: row[2]))
            settings.append((row[0], .setting(setting)))
        }
        // Merge the two ordered lists.
        var events: [SessionEvent] = []
        events.reserveCapacity(messages.count + settings.count)
        var m = 0
        var s = 0
        while m < messages.count || s < settings.count {
            if s == settings.count || (m < messages.count && messages[m].0 < settings[s].0) {
                events.append(messages[m].1)
                m += 1
            } else {
                events.append(settings[s].1)
                s += 1
            }
        }
        let head = try MessageTree.head(of: session.id, db: db)
        return SessionTranscript(session: session, timeline: events, headID: head)
    }
}
