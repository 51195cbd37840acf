import Foundation
import GRDB
import TachikomaCore

/// A message's attachments in the `attachment` and `message_attachment` tables: the bytes once per
/// content, the list per message.
enum AttachmentRows {
    /// Stores `attachments` as `message`'s, in order; content already stored is not written again.
    static func insert(_ attachments: [Attachment], of message: StoredMessageID, db: Database) throws {
        for (ordinal, attachment) in attachments.enumerated() {
            let digest = attachment.digest
            try db.execute(
                sql: "INSERT INTO attachment (digest, bytes) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING",
                arguments: [digest, Data(attachment.bytes)])
            try db.execute(
                sql: "INSERT INTO message_attachment (message_id, ordinal, name, kind, exit_status, digest) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [message.rawValue, ordinal, attachment.name, attachment.kind.storedName, attachment.kind.exitStatus, digest])
        }
    }

    /// The attachments of the session's messages, by message, in order.
    static func fetch(session: SessionID, db: Database) throws -> [StoredMessageID: [Attachment]] {
        try fetch(
            db,
            sql: """
                SELECT ma.message_id, ma.name, ma.kind, ma.exit_status, a.bytes
                FROM message_attachment ma JOIN message m ON m.id = ma.message_id JOIN attachment a ON a.digest = ma.digest
                WHERE m.session_id = ? ORDER BY ma.message_id, ma.ordinal
                """, arguments: [session.rawValue])
    }

    private static func fetch(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StoredMessageID: [Attachment]] {
        var found: [StoredMessageID: [Attachment]] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            let word: String = row[2]
            let status: Int32? = row[3]
            guard let kind = AttachmentKind(storedName: word, exitStatus: status) else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "an attachment has the unknown kind \"\(word)\"")
            }
            let bytes: Data = row[4]
            found[StoredMessageID(rawValue: row[0]), default: []].append(Attachment(name: row[1], kind: kind, bytes: Array(bytes)))
        }
        return found
    }
}
