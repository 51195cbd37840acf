/// One step of a session's timeline.
public enum SessionEvent: Sendable, Hashable {
    case message(StoredMessage)
    case setting(StoredSettingChange)
}

/// A whole session as loaded: every message of every branch and every setting change, in the
/// order they happened, and where the current branch ends.
public struct SessionTranscript: Sendable, Hashable {
    public var session: Session
    /// Every message (on every branch; each names its parent) and setting change, in order.
    public var timeline: [SessionEvent]
    /// The last message of the current branch; nil when it is empty (everything was undone).
    public var headID: StoredMessageID?

    /// A session with one branch: each message of `events` follows the one before it.
    public init(session: Session, events: [SessionEvent]) {
        self.session = session
        var previous: StoredMessageID?
        timeline = events.map { event in
            guard case .message(var message) = event else { return event }
            message.parentID = previous
            previous = message.id
            return .message(message)
        }
        headID = previous
    }

    /// A session with branches: messages name their parents, `headID` ends the current branch.
    public init(session: Session, timeline: [SessionEvent], headID: StoredMessageID?) {
        self.session = session
        self.timeline = timeline
        self.headID = headID
    }

    /// The current branch's messages (from the first to `headID`) and the setting changes, in order:
    /// what the chat goes on with, what `history`, Markdown export and replay show.
    public var events: [SessionEvent] {
        let onBranch = Set(branchPath)
        return timeline.filter { event in
            guard case .message(let message) = event else { return true }
            return onBranch.contains(message.id)
        }
    }

    /// Every message of every branch, in the order they were written.
    public var allMessages: [StoredMessage] {
        timeline.compactMap { event in
            if case .message(let message) = event { return message }
            return nil
        }
    }

    /// The current branch's message ids, from the first to `headID`.
    public var branchPath: [StoredMessageID] {
        var parents: [StoredMessageID: StoredMessageID?] = [:]
        for case .message(let message) in timeline { parents[message.id] = message.parentID }
        var path: [StoredMessageID] = []
        var cursor = headID
        while let id = cursor, let parent = parents[id], path.count <= parents.count {
            path.append(id)
            cursor = parent
        }
        return path.reversed()
    }

    /// The session's branches, numbered as `/branches` shows them.
    public var branches: ConversationBranches {
        ConversationBranches(nodes: allMessages.map { ($0.id.rawValue, $0.parentID?.rawValue) })
    }

    /// The branch the session goes on with; nil when its current branch is empty.
    public var currentBranch: ConversationBranches.Branch? {
        branches.branch(containing: headID?.rawValue)
    }

    /// Whether any message was taken back, edited or answered again: more than one branch.
    public var hasBranches: Bool { branches.count > 1 }

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
