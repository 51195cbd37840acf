import Foundation
import GRDB
import TachikomaCore

/// How a stored message maps to a `message` row and back. Column order is `selection`'s.
enum MessageRows {
    static let selection = """
        id, session_id, role, content, thinking, tool_calls, tool_name, images, model, created_at, completed_at, \
        prompt_tokens, completion_tokens, total_duration_ns, load_duration_ns, prompt_eval_duration_ns, \
        eval_duration_ns, interrupted, position, tool_call_id, server, parent_id
        """

    /// What the `interrupted` column holds: how an answer ended. A Tachikoma from before the length
    /// mark reads any value but 0 as interrupted, which `/continue` also takes up.
    enum Ending: Int {
        case complete = 0
        case interrupted = 1
        case reachedLengthLimit = 2
    }

    /// How many columns `selection` has: where the columns a join adds after it begin.
    static let columnCount = 22

    /// `selection` with every column as `m.column`, for joins.
    static let qualifiedSelection = selection.split(separator: ",")
        .map { "m." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")

    static func message(_ row: Row) throws -> StoredMessage {
        let roleText: String = row[2]
        guard let role = Role(rawValue: roleText) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "a message has the unknown role \"\(roleText)\"")
        }
        let toolCalls: [ToolCall] = try decode(row[5]) ?? []
        let images: [String] = try decode(row[7]) ?? []
        let message = Message(
            role: role, content: row[3], images: images, thinking: row[4], toolCalls: toolCalls, toolName: row[6],
            toolCallID: row[19])
        let completedAt: Int64? = row[10]
        // Typed here: passed straight to `server:`, GRDB would decode a non-optional String and trap on NULL.
        let server: String? = row[20]
        let parent: Int64? = row[21]
        let ending: Int = row[17]
        return StoredMessage(
            id: StoredMessageID(rawValue: row[0]), sessionID: SessionID(rawValue: row[1]), message: message,
            model: row[8], createdAt: Date(millisecondsSince1970: row[9]),
            completedAt: completedAt.map(Date.init(millisecondsSince1970:)), usage: usage(row),
            isInterrupted: ending == Ending.interrupted.rawValue,
            reachedLengthLimit: ending == Ending.reachedLengthLimit.rawValue,
            server: server, parentID: parent.map(StoredMessageID.init(rawValue:)))
    }

    /// nil when the server sent no counts at all.
    static func usage(_ row: Row) -> Usage? {
        let prompt: Int? = row[11]
        let completion: Int? = row[12]
        let durations: [Int64?] = [row[13], row[14], row[15], row[16]]
        if prompt == nil, completion == nil, durations.allSatisfy({ $0 == nil }) { return nil }
        let asDuration = { (value: Int64?) in value.map(Duration.nanoseconds) }
        return Usage(
            promptTokens: prompt, completionTokens: completion, totalDuration: asDuration(durations[0]),
            loadDuration: asDuration(durations[1]), promptEvalDuration: asDuration(durations[2]),
            evalDuration: asDuration(durations[3]))
    }

    /// The usage columns' values, in `selection` order.
    static func arguments(_ usage: Usage?) -> [(any DatabaseValueConvertible)?] {
        [
            usage?.promptTokens, usage?.completionTokens, usage?.totalDuration?.clampedNanoseconds,
            usage?.loadDuration?.clampedNanoseconds, usage?.promptEvalDuration?.clampedNanoseconds,
            usage?.evalDuration?.clampedNanoseconds,
        ]
    }

    static func json<T: Encodable>(_ value: T, ifEmpty isEmpty: Bool) throws -> String? {
        isEmpty ? nil : String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ text: String?) throws -> T? {
        guard let text else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "a message holds JSON that does not decode")
        }
    }

    /// Inserts a message at the session's next position, placed in its tree as `placement` says;
    /// returns its id and its parent's.
    static func insert(
        _ message: Message, session: SessionID, model: String?, server: String? = nil, usage: Usage?, interrupted: Bool,
        reachedLengthLimit: Bool = false, createdAt: Date, completedAt: Date?,
        placement: MessageTree.Placement = .afterHead, db: Database
    ) throws -> (id: StoredMessageID, parent: StoredMessageID?) {
        let (position, parent) = try MessageTree.takePlace(in: session, placement, db: db)
        var arguments: [(any DatabaseValueConvertible)?] = [
            session.rawValue, position, message.role.rawValue, message.content, message.thinking,
            try json(message.toolCalls, ifEmpty: message.toolCalls.isEmpty), message.toolName,
            // A message's pictures are kept once, as attachments, when it has them.
            try json(message.images, ifEmpty: message.images.isEmpty || !message.attachments.isEmpty), model,
            createdAt.millisecondsSince1970,
            completedAt?.millisecondsSince1970,
        ]
        arguments += Self.arguments(usage)
        let ending: Ending = interrupted ? .interrupted : reachedLengthLimit ? .reachedLengthLimit : .complete
        arguments.append(ending.rawValue)
        arguments.append(message.toolCallID)
        arguments.append(server)
        arguments.append(parent?.rawValue)
        try db.execute(
            sql: """
                INSERT INTO message (session_id, position, role, content, thinking, tool_calls, tool_name, images, \
                model, created_at, completed_at, prompt_tokens, completion_tokens, total_duration_ns, \
                load_duration_ns, prompt_eval_duration_ns, eval_duration_ns, interrupted, tool_call_id, server, \
                parent_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: StatementArguments(arguments))
        let id = StoredMessageID(rawValue: db.lastInsertedRowID)
        try AttachmentRows.insert(message.attachments, of: id, db: db)
        if case .afterHead = placement { try MessageTree.setHead(of: session, to: id, db: db) }
        return (id, parent)
    }

    /// Marks a complete answer as stopped at the length limit (an interrupted one keeps its mark);
    /// false when there is no such message.
    static func markReachedLengthLimit(_ id: StoredMessageID, db: Database) throws -> Bool {
        try db.execute(
            sql: "UPDATE message SET interrupted = ? WHERE id = ? AND interrupted = ?",
            arguments: [Ending.reachedLengthLimit.rawValue, id.rawValue, Ending.complete.rawValue])
        let exists = "SELECT EXISTS (SELECT 1 FROM message WHERE id = ?)"
        return try Bool.fetchOne(db, sql: exists, arguments: [id.rawValue]) == true
    }

    static func fetch(_ id: StoredMessageID, db: Database) throws -> StoredMessage? {
        try Row.fetchOne(db, sql: "SELECT \(selection) FROM message WHERE id = ?", arguments: [id.rawValue])
            .map(message)
    }
}
