import Foundation
import GRDB
import TachikomaCore

/// The conversation tree in the database: each message's `parent_id` (the message before it on its
/// branch) and each session's `head_id` (the current branch's last message).
///
/// Nothing here deletes what a branch leaves behind: moving the head is all `/undo`, `/edit`,
/// `/retry` and `/branch` do, and the next message recorded becomes a child of the head.
enum MessageTree {
    /// Where a message being inserted goes in its session's tree.
    enum Placement {
        /// After the session's head, and it becomes the head: a message recorded by the chat.
        case afterHead
        /// After `parent` (nil: a first message); the head stays: a message imported from an archive.
        case after(StoredMessageID?)
    }

    /// Reserves the session's next timeline position for a message and says what its parent is.
    /// One statement reads the head as it takes the position, so recording a message costs no
    /// extra query.
    static func takePlace(in session: SessionID, _ placement: Placement, db: Database) throws
        -> (position: Int64, parent: StoredMessageID?)
    {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    UPDATE session SET next_position = next_position + 1 WHERE id = ?
                    RETURNING next_position - 1, head_id
                    """,
                arguments: [session.rawValue])
        else { throw SessionStoreError.unknownSession(id: session) }
        let position: Int64 = row[0]
        switch placement {
        case .afterHead:
            let head: Int64? = row[1]
            return (position, head.map(StoredMessageID.init(rawValue:)))
        case .after(let parent):
            return (position, parent)
        }
    }

    /// The session's head, as stored; nil for an empty branch or a session that is not there.
    static func head(of session: SessionID, db: Database) throws -> StoredMessageID? {
        let head = try Int64.fetchOne(
            db, sql: "SELECT head_id FROM session WHERE id = ?", arguments: [session.rawValue])
        return head.map(StoredMessageID.init(rawValue:))
    }

    static func setHead(of session: SessionID, to message: StoredMessageID?, db: Database) throws {
        try db.execute(
            sql: "UPDATE session SET head_id = ? WHERE id = ?", arguments: [message?.rawValue, session.rawValue])
    }

    /// `SessionStoring.moveHead`: an unknown session is `.unknownSession`; a message that is not the
    /// session's (another session's, or none) is `.unknownMessage`.
    static func moveHead(of session: SessionID, to message: StoredMessageID?, db: Database) throws {
        let exists = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM session WHERE id = ?)", arguments: [session.rawValue])
        guard exists == true else { throw SessionStoreError.unknownSession(id: session) }
        if let message {
            let owner = try Int64.fetchOne(
                db, sql: "SELECT session_id FROM message WHERE id = ?", arguments: [message.rawValue])
            guard owner == session.rawValue else { throw SessionStoreError.unknownMessage(id: message) }
        }
        try setHead(of: session, to: message, db: db)
    }

    /// `SessionStoring.deleteMessage`: a head goes back to its parent before the row goes (the
    /// foreign key would otherwise leave the session with no head at all). Its children, if any,
    /// become first messages, as the in-memory store's dangling parents count as none.
    static func delete(_ message: StoredMessageID, db: Database) throws {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT session_id, parent_id FROM message WHERE id = ?", arguments: [message.rawValue])
        else { throw SessionStoreError.unknownMessage(id: message) }
        let session: Int64 = row[0]
        let parent: Int64? = row[1]
        try db.execute(
            sql: "UPDATE session SET head_id = ? WHERE id = ? AND head_id = ?",
            arguments: [parent, session, message.rawValue])
        try db.execute(sql: "DELETE FROM message WHERE id = ?", arguments: [message.rawValue])
    }

    /// Inserts an archive's timeline into the new session `session`: its messages with the parents
    /// the archive names, its setting changes, then its head. `archive` must be `linked()` already,
    /// so that a version 1 archive (no parents, no head) is one branch.
    static func insertTimeline(of archive: SessionArchive, into session: SessionID, db: Database) throws {
        // The archive numbers messages from 1 in order; a parent names an earlier one. One that does
        // not (an archive built by hand) makes a first message, as it does in the in-memory store.
        var ids: [StoredMessageID] = []
        func id(_ number: Int?) -> StoredMessageID? {
            number.flatMap { ids.indices.contains($0 - 1) ? ids[$0 - 1] : nil }
        }
        for event in archive.events {
            switch event {
            case .setting(let setting):
                try SessionRows.insertSetting(setting.change, session: session, at: setting.recordedAt, db: db)
            case .message(let record):
                let (inserted, _) = try MessageRows.insert(
                    record.message, session: session, model: record.model, server: record.server, usage: record.usage,
                    interrupted: record.isInterrupted, reachedLengthLimit: record.reachedLengthLimit,
                    createdAt: record.createdAt, completedAt: record.completedAt,
                    placement: .after(id(record.parent)), db: db)
                ids.append(inserted)
            }
        }
        try setHead(of: session, to: id(archive.head), db: db)
    }
}
