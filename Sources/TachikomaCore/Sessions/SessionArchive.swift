import Foundation

/// A session as exported to JSON and imported back: Tachikoma's own documented shape.
///
/// ```json
/// {
///   "format": "tachikoma-session", "version": 2,
///   "session": {"name": "…", "createdAt": "2026-11-26T20:31:07.123Z", "lastUsedAt": "…"},
///   "events": [
///     {"type": "setting", "recordedAt": "…", "change": {"kind": "model", "value": "llama3.1:8b"}},
///     {"type": "message", "parent": null, "role": "user", "content": "Why is the sky blue?", "createdAt": "…",
///      "completedAt": "…", "interrupted": false, "toolCalls": [], "images": []},
///     {"type": "message", "parent": 1, "role": "assistant", "content": "…", "model": "llama3.1:8b",
///      "createdAt": "…", "completedAt": "…", "interrupted": false, "thinking": "…", "toolCalls": [],
///      "images": [],
///      "usage": {"promptTokens": 26, "completionTokens": 298, "totalDurationNs": 4825100000,
///                "loadDurationNs": 12000000, "promptEvalDurationNs": 80000000, "evalDurationNs": 4700000000}},
///     {"type": "message", "parent": 1, "role": "assistant", "content": "…", "model": "qwen3:4b", …,
///      "reachedLengthLimit": true}
///   ],
///   "head": 3
/// }
/// ```
/// Times are ISO 8601 in UTC with milliseconds. A member with nothing to say is left out (null
/// reads the same): `usage` when the server sent no counts and each of its members when unknown,
/// `model` of a user's message, `thinking`, `toolName`, `toolCallID`, `server`, and the session's
/// `parentName` but for a replay. Setting changes have the shape of `SettingChange`.
///
/// Version 2 keeps every branch: each message has a `"parent"`, the number (counting the archive's
/// messages from 1) of the message it follows, null for a first message, and the document has a
/// `"head"`, the number of the current branch's last message (null: the branch is empty); these
/// two are always written, null included. A parent must be an earlier message. Above, the
/// question was answered twice (`/retry`), and the second answer ends the current branch. A
/// version 1 archive has neither and is one branch, each message after the one before.
public struct SessionArchive: Sendable, Hashable {
    public static let format = "tachikoma-session"
    public static let version = 2

    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date
    /// The name the replayed session had, for a replay.
    public var parentName: String?
    /// Every message of every branch and every setting change, in order.
    public var events: [Event]
    /// The number (from 1, counting messages only) of the current branch's last message; nil when
    /// the branch is empty.
    public var head: Int?

    /// One step of the timeline, without store identities.
    public enum Event: Sendable, Hashable {
        case message(MessageRecord)
        case setting(StoredSettingChange)
    }

    /// A message with everything the store keeps of it but its identity.
    public struct MessageRecord: Sendable, Hashable {
        public var message: Message
        public var model: String?
        /// The configured server that answered, when recorded.
        public var server: String?
        public var createdAt: Date
        public var completedAt: Date?
        public var usage: Usage?
        public var isInterrupted: Bool
        /// The answer stopped at the server's length limit (`/continue` takes it up).
        public var reachedLengthLimit: Bool
        /// The number (from 1, counting the archive's messages only) of the message this one
        /// follows; nil for a first message.
        public var parent: Int?

        public init(
            message: Message, model: String? = nil, createdAt: Date, completedAt: Date? = nil, usage: Usage? = nil,
            isInterrupted: Bool = false, reachedLengthLimit: Bool = false, server: String? = nil, parent: Int? = nil
        ) {
            self.reachedLengthLimit = reachedLengthLimit
            self.parent = parent
            self.server = server
            self.message = message
            self.model = model
            self.createdAt = createdAt
            self.completedAt = completedAt
            self.usage = usage
            self.isInterrupted = isInterrupted
        }

        public init(_ stored: StoredMessage, parent: Int? = nil) {
            self.init(
                message: stored.message, model: stored.model, createdAt: stored.createdAt,
                completedAt: stored.completedAt, usage: stored.usage, isInterrupted: stored.isInterrupted,
                reachedLengthLimit: stored.reachedLengthLimit, server: stored.server, parent: parent)
        }
    }

    /// `head` nil with messages in `events` and no parents given: one branch, each message after
    /// the one before (see `linked()`).
    public init(
        name: String, createdAt: Date, lastUsedAt: Date, parentName: String? = nil, events: [Event], head: Int? = nil
    ) {
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.parentName = parentName
        self.events = events
        self.head = head
    }

    /// The messages as (record, parent number), numbered from 1.
    public var messageRecords: [MessageRecord] {
        events.compactMap { event in
            if case .message(let record) = event { return record }
            return nil
        }
    }

    /// This archive with one branch when it names no parents and no head (a version 1 archive, or
    /// one built by hand): each message follows the one before, and the last is the head.
    public func linked() -> SessionArchive {
        let records = messageRecords
        guard head == nil, !records.isEmpty, records.allSatisfy({ $0.parent == nil }) else { return self }
        var copy = self
        var number = 0
        copy.events = events.map { event in
            guard case .message(var record) = event else { return event }
            record.parent = number == 0 ? nil : number
            number += 1
            return .message(record)
        }
        copy.head = number
        return copy
    }

    /// The archive of a loaded session; `parentName` is the replayed session's name, if known.
    public init(_ transcript: SessionTranscript, parentName: String? = nil) {
        self.init(
            name: transcript.session.name, createdAt: transcript.session.createdAt,
            lastUsedAt: transcript.session.lastUsedAt, parentName: parentName,
            events: Self.numbered(transcript.timeline), head: nil)
        var numbers: [StoredMessageID: Int] = [:]
        for (index, message) in transcript.allMessages.enumerated() { numbers[message.id] = index + 1 }
        head = transcript.headID.flatMap { numbers[$0] }
    }

    private static func numbered(_ timeline: [SessionEvent]) -> [Event] {
        var numbers: [StoredMessageID: Int] = [:]
        var count = 0
        return timeline.map { event in
            switch event {
            case .message(let stored):
                count += 1
                numbers[stored.id] = count
                return .message(MessageRecord(stored, parent: stored.parentID.flatMap { numbers[$0] }))
            case .setting(let setting):
                return .setting(setting)
            }
        }
    }

    /// The JSON document, pretty-printed with sorted keys so exports diff well.
    public func jsonData() throws(SessionStoreError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(ArchiveDocument(self))
        } catch {
            throw .cannotWriteExport(path: name, reason: "cannot encode the session (\(error))")
        }
    }

    /// Reads an export; anything that is not one is `.notAnExport` with the first problem found.
    /// `path` names the file in the error.
    public static func decode(_ data: Data, path: String) throws(SessionStoreError) -> SessionArchive {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .notAnExport(path: path, reason: "it is not a JSON object")
        }
        guard root["format"] as? String == format else {
            throw .notAnExport(path: path, reason: "\"format\" is not \"\(format)\"")
        }
        guard let fileVersion = root["version"] as? Int else {
            throw .notAnExport(path: path, reason: "\"version\" is missing")
        }
        guard fileVersion <= version else {
            throw .notAnExport(
                path: path, reason: "version \(fileVersion) is newer than this Tachikoma reads (\(version))")
        }
        do {
            let document = try JSONDecoder().decode(ArchiveDocument.self, from: data)
            let archive = try document.archive()
            _ = try SessionName.validated(archive.name)
            return archive
        } catch let error as SessionStoreError {
            switch error {
            case .invalidName(_, let reason):
                throw .notAnExport(path: path, reason: "the session name is invalid: \(reason)")
            case .notAnExport(_, let reason):
                throw .notAnExport(path: path, reason: reason)
            default:
                throw .notAnExport(path: path, reason: error.description)
            }
        } catch let error as DecodingError {
            throw .notAnExport(path: path, reason: ArchiveDocument.describe(error))
        } catch {
            throw .notAnExport(path: path, reason: "\(error)")
        }
    }
}
