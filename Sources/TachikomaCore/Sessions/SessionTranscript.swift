/// One step of a session's timeline.
public enum SessionEvent: Sendable, Hashable {
    case message(StoredMessage)
    case setting(StoredSettingChange)
}

/// A whole session as loaded: messages and setting changes in the order they happened.
public struct SessionTranscript: Sendable, Hashable {
    public var session: Session
    public var events: [SessionEvent]

    public init(session: Session, events: [SessionEvent]) {
        self.session = session
        self.events = events
    }

    /// The messages alone, in order.
    public var messages: [StoredMessage] {
        events.compactMap { event in
            if case .message(let message) = event { return message }
            return nil
        }
    }

    /// The settings in force after the last event: what a resumed chat continues with.
    public var finalSettings: SessionSettings {
        var settings = SessionSettings()
        for case .setting(let setting) in events { settings.apply(setting.change) }
        return settings
    }

    /// Each user message with the settings in force when it was sent: what a replay re-sends.
    public var userTurns: [(message: StoredMessage, settings: SessionSettings)] {
        var settings = SessionSettings()
        var turns: [(message: StoredMessage, settings: SessionSettings)] = []
        for event in events {
            switch event {
            case .setting(let setting): settings.apply(setting.change)
            case .message(let message) where message.message.role == .user: turns.append((message, settings))
            case .message: break
            }
        }
        return turns
    }
}

/// A message that matched a search, with where it is.
public struct SearchHit: Sendable, Hashable {
    public var sessionID: SessionID
    public var sessionName: String
    public var message: StoredMessage
    /// A short excerpt of the content around the matches.
    public var snippet: [SnippetFragment]

    public init(sessionID: SessionID, sessionName: String, message: StoredMessage, snippet: [SnippetFragment]) {
        self.sessionID = sessionID
        self.sessionName = sessionName
        self.message = message
        self.snippet = snippet
    }

    /// The snippet as plain text.
    public var snippetText: String { snippet.map(\.text).joined() }
}

/// A piece of a search snippet; `isMatch` marks the words that matched, for highlighting.
public struct SnippetFragment: Sendable, Hashable {
    public var text: String
    public var isMatch: Bool

    public init(text: String, isMatch: Bool) {
        self.text = text
        self.isMatch = isMatch
    }
}
