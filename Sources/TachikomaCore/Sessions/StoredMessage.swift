import Foundation

/// A stored message's identity in the store that holds it.
public struct StoredMessageID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { "#\(rawValue)" }
}

/// A message as saved: the message itself, who wrote it, when, and what the server counted.
public struct StoredMessage: Sendable, Hashable {
    public var id: StoredMessageID
    public var sessionID: SessionID
    public var message: Message
    /// The model that wrote an answer; nil for the user's and tools' messages.
    public var model: String?
    /// The configured server (`servers` in the config file) that answered, when the chat knew it;
    /// nil for the user's messages and for answers saved before servers were recorded.
    public var server: String?
    public var createdAt: Date
    /// When it was complete; nil for an answer still streaming, or cut short by a crash.
    public var completedAt: Date?
    /// The server's token counts and timings; nil when it sent none.
    public var usage: Usage?
    /// The answer stopped before the model finished (Ctrl-C, a failed stream, or the process died
    /// while it streamed): `message` holds what had arrived by the last save.
    public var isInterrupted: Bool
    /// The answer is whole but stopped at the server's length limit (`done_reason` length), so
    /// `/continue` can take it up after a resume.
    public var reachedLengthLimit: Bool
    /// The message before it on its branch of the conversation; nil for a first message.
    public var parentID: StoredMessageID?

    public init(
        id: StoredMessageID, sessionID: SessionID, message: Message, model: String? = nil, createdAt: Date,
        completedAt: Date? = nil, usage: Usage? = nil, isInterrupted: Bool = false, reachedLengthLimit: Bool = false,
        server: String? = nil, parentID: StoredMessageID? = nil
    ) {
        self.reachedLengthLimit = reachedLengthLimit
        self.parentID = parentID
        self.server = server
        self.id = id
        self.sessionID = sessionID
        self.message = message
        self.model = model
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.usage = usage
        self.isInterrupted = isInterrupted
    }
}

/// A setting change as saved, with when it happened.
public struct StoredSettingChange: Sendable, Hashable {
    public var change: SettingChange
    public var recordedAt: Date

    public init(change: SettingChange, recordedAt: Date) {
        self.change = change
        self.recordedAt = recordedAt
    }
}
