import Foundation

/// A session's identity in the store that holds it; not meaningful in another store.
public struct SessionID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { "#\(rawValue)" }
}

/// One saved conversation: its name and when it was made and last used.
public struct Session: Sendable, Hashable {
    public var id: SessionID
    /// Unique in the store (compared without regard to ASCII case).
    public var name: String
    public var createdAt: Date
    /// When a message or setting was last recorded in it.
    public var lastUsedAt: Date
    /// The session this one replays, when it is a replay.
    public var parentID: SessionID?

    public init(id: SessionID, name: String, createdAt: Date, lastUsedAt: Date, parentID: SessionID? = nil) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.parentID = parentID
    }
}

/// A line of `/sessions`: the session and what it holds.
public struct SessionSummary: Sendable, Hashable {
    public var session: Session
    /// The models that answered in it, in the order they first answered.
    public var models: [String]
    /// Every stored message, of every role.
    public var messageCount: Int

    public init(session: Session, models: [String], messageCount: Int) {
        self.session = session
        self.models = models
        self.messageCount = messageCount
    }
}

/// What starting a session needs. A chat becomes a session with its first message.
public struct NewSession: Sendable, Hashable {
    /// The name to use; nil names it from `createdAt` and the first words of `firstUserText`
    /// (numbered when that name is taken). A given name that is taken is an error.
    public var name: String?
    /// The first user message, which the automatic name is made from.
    public var firstUserText: String
    /// The session this one replays.
    public var parentID: SessionID?
    /// The settings in force at the start (model, system prompt, options…), recorded before any
    /// message so the session replays with them.
    public var settings: [SettingChange]
    public var createdAt: Date

    public init(
        name: String? = nil, firstUserText: String, parentID: SessionID? = nil, settings: [SettingChange] = [],
        createdAt: Date = Date()
    ) {
        self.name = name
        self.firstUserText = firstUserText
        self.parentID = parentID
        self.settings = settings
        self.createdAt = createdAt
    }
}

extension Date {
    /// Whole milliseconds since 1970: the precision the store keeps.
    public var millisecondsSince1970: Int64 {
        let value = (timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite, abs(value) < 9e18 else { return value < 0 ? .min : .max }
        return Int64(value)
    }

    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// This date as the store keeps it (rounded to the millisecond).
    public var storedPrecision: Date { Date(millisecondsSince1970: millisecondsSince1970) }
}
