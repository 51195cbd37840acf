import Foundation

/// A `SessionStoring` that keeps everything in memory, for the chat's tests: same naming, ordering,
/// errors and search semantics as the SQLite store (words matched whole, ignoring case).
public final class InMemorySessionStore: SessionStoring, @unchecked Sendable {
    private struct Row {
        var position: Int
        var event: SessionEvent
    }

    private struct State {
        var sessions: [SessionID: Session] = [:]
        var rows: [SessionID: [Row]] = [:]
        var nextSessionID: Int64 = 1
        var nextMessageID: Int64 = 1
        var nextPosition = 1
        var messageSessions: [StoredMessageID: SessionID] = [:]
        /// Each session's current branch's last message.
        var heads: [SessionID: StoredMessageID] = [:]
    }

    // NSLock rather than Mutex: Mutex needs macOS 15 and the package supports macOS 14.
    private let lock = NSLock()
    private var state = State()
    /// When set, every call fails with this error: for testing how the chat copes with a store that fails.
    private var failure: SessionStoreError?

    public let location: String

    public init(location: String = "memory") {
        self.location = location
    }

    /// Makes every later call fail with `error` (nil: work again).
    public func failEveryCall(with error: SessionStoreError?) {
        lock.withLock { failure = error }
    }

    private func locked<T>(_ body: (inout State) throws(SessionStoreError) -> T) throws(SessionStoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        return try body(&state)
    }

    public func createSession(_ new: NewSession) throws(SessionStoreError) -> Session {
        let given = try new.name.map { name throws(SessionStoreError) in try SessionName.validated(name) }
        return try locked { state throws(SessionStoreError) in
            let name = try Self.uniqueName(
                given ?? SessionName.automatic(firstUserText: new.firstUserText, date: new.createdAt),
                numbering: given == nil, in: state)
            let date = new.createdAt.storedPrecision
            let session = Session(
                id: SessionID(rawValue: state.nextSessionID), name: name, createdAt: date, lastUsedAt: date,
                parentID: new.parentID)
            state.nextSessionID += 1
            state.sessions[session.id] = session
            state.rows[session.id] = []
            for change in new.settings {
                Self.append(.setting(StoredSettingChange(change: change, recordedAt: date)), to: session.id, &state)
            }
            return session
        }
    }

    public func appendMessage(
        _ message: Message, to session: SessionID, model: String?, usage: Usage?, interrupted: Bool, at date: Date
    ) throws(SessionStoreError) -> StoredMessage {
        try locked { state throws(SessionStoreError) in
            try Self.requireSession(session, in: state)
            let stored = StoredMessage(
                id: StoredMessageID(rawValue: state.nextMessageID), sessionID: session, message: message,
                model: model, createdAt: date.storedPrecision, completedAt: date.storedPrecision, usage: usage,
                isInterrupted: interrupted, parentID: state.heads[session])
            state.nextMessageID += 1
            Self.append(.message(stored), to: session, &state)
            state.heads[session] = stored.id
            return stored
        }
    }

    public func beginAnswer(in session: SessionID, model: String, at date: Date) throws(SessionStoreError)
        -> StoredMessageID
    {
        try beginAnswer(in: session, model: model, server: nil, at: date)
    }

    public func beginAnswer(in session: SessionID, model: String, server: String?, at date: Date)
        throws(SessionStoreError) -> StoredMessageID
    {
        let id = try appendMessage(.assistant(""), to: session, model: model, usage: nil, interrupted: true, at: date).id
        if server != nil {
            _ = try locked { state throws(SessionStoreError) in
                try Self.updateMessage(id, in: &state) { stored in stored.server = server }
            }
        }
        return id
    }

    public func saveProgress(of answer: StoredMessageID, content: String, thinking: String?) throws(SessionStoreError) {
        _ = try locked { state throws(SessionStoreError) in
            try Self.updateMessage(answer, in: &state) { stored in
                stored.message.content = content
                stored.message.thinking = thinking
            }
        }
    }

    public func finishAnswer(
        _ answer: StoredMessageID, with message: Message, usage: Usage?, interrupted: Bool, at date: Date
    ) throws(SessionStoreError) -> StoredMessage {
        try locked { state throws(SessionStoreError) in
            let stored = try Self.updateMessage(answer, in: &state) { stored in
                stored.message = message
                stored.usage = usage
                stored.isInterrupted = interrupted
                stored.reachedLengthLimit = false
                stored.completedAt = date.storedPrecision
            }
            if var session = state.sessions[stored.sessionID] {
                session.lastUsedAt = max(session.lastUsedAt, date.storedPrecision)
                state.sessions[stored.sessionID] = session
            }
            return stored
        }
    }

    public func recordSetting(_ change: SettingChange, in session: SessionID, at date: Date) throws(SessionStoreError) {
        try locked { state throws(SessionStoreError) in
            try Self.requireSession(session, in: state)
            Self.append(.setting(StoredSettingChange(change: change, recordedAt: date.storedPrecision)), to: session, &state)
        }
    }

    public func markUsed(_ session: SessionID, at date: Date) throws(SessionStoreError) {
        try locked { state throws(SessionStoreError) in
            guard var used = state.sessions[session] else { throw .unknownSession(id: session) }
            used.lastUsedAt = max(used.lastUsedAt, date.storedPrecision)
            state.sessions[session] = used
        }
    }

    public func renameSession(_ session: SessionID, to name: String) throws(SessionStoreError) -> Session {
        let name = try SessionName.validated(name)
        return try locked { state throws(SessionStoreError) in
            guard var renamed = state.sessions[session] else { throw .unknownSession(id: session) }
            if let other = Self.find(name, in: state), other.id != session { throw .nameTaken(name: other.name) }
            renamed.name = name
            state.sessions[session] = renamed
            return renamed
        }
    }

    public func listSessions() throws(SessionStoreError) -> [SessionSummary] {
        try locked { state in
            state.sessions.values
                .sorted { ($0.lastUsedAt, $0.id.rawValue) > ($1.lastUsedAt, $1.id.rawValue) }
                .map { session in
                    let messages = (state.rows[session.id] ?? []).compactMap(Self.message)
                    var models: [String] = []
                    for case let model? in messages.map(\.model) where !models.contains(model) { models.append(model) }
                    return SessionSummary(session: session, models: models, messageCount: messages.count)
                }
        }
    }

    public func loadSession(named name: String) throws(SessionStoreError) -> SessionTranscript {
        try locked { state throws(SessionStoreError) in
            guard let session = Self.find(name, in: state) else { throw .sessionNotFound(name: name) }
            return Self.transcript(session, state)
        }
    }

    public func loadSession(id: SessionID) throws(SessionStoreError) -> SessionTranscript {
        try locked { state throws(SessionStoreError) in
            guard let session = state.sessions[id] else { throw .unknownSession(id: id) }
            return Self.transcript(session, state)
        }
    }

    public func latestSession() throws(SessionStoreError) -> SessionTranscript? {
        try locked { state in
            state.sessions.values
                .max { ($0.lastUsedAt, $0.id.rawValue) < ($1.lastUsedAt, $1.id.rawValue) }
                .map { Self.transcript($0, state) }
        }
    }

    public func markReachedLengthLimit(_ answer: StoredMessageID) throws(SessionStoreError) {
        _ = try locked { state throws(SessionStoreError) in
            try Self.updateMessage(answer, in: &state) { stored in stored.reachedLengthLimit = !stored.isInterrupted }
        }
    }

    public func deleteMessage(_ message: StoredMessageID) throws(SessionStoreError) {
        try locked { state throws(SessionStoreError) in
            guard let session = state.messageSessions[message] else { throw .unknownMessage(id: message) }
            let parent = state.rows[session]?.lazy.compactMap(Self.message).first { $0.id == message }?.parentID
            state.rows[session]?.removeAll { row in
                if case .message(let stored) = row.event { return stored.id == message }
                return false
            }
            state.messageSessions[message] = nil
            if state.heads[session] == message { state.heads[session] = parent }
        }
    }

    public func moveHead(of session: SessionID, to message: StoredMessageID?) throws(SessionStoreError) {
        try locked { state throws(SessionStoreError) in
            try Self.requireSession(session, in: state)
            if let message, state.messageSessions[message] != session { throw .unknownMessage(id: message) }
            state.heads[session] = message
        }
    }

    public func deleteSession(named name: String) throws(SessionStoreError) {
        try locked { state throws(SessionStoreError) in
            guard let session = Self.find(name, in: state) else { throw .sessionNotFound(name: name) }
            state.sessions[session.id] = nil
            state.rows[session.id] = nil
            state.heads[session.id] = nil
            for (id, owner) in state.messageSessions where owner == session.id { state.messageSessions[id] = nil }
        }
    }

    public func search(_ text: String, limit: Int) throws(SessionStoreError) -> [SearchHit] {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard !words.isEmpty, limit > 0 else { return [] }
        return try locked { state in
            var hits: [SearchHit] = []
            for (sessionID, rows) in state.rows {
                guard let session = state.sessions[sessionID] else { continue }
                for case .message(let stored) in rows.map(\.event) {
                    let tokens = Set(stored.message.content.lowercased().split { !$0.isLetter && !$0.isNumber })
                    guard words.allSatisfy({ tokens.contains(Substring($0)) }) else { continue }
                    hits.append(
                        SearchHit(
                            sessionID: sessionID, sessionName: session.name, message: stored,
                            snippet: Self.snippet(stored.message.content, words: Set(words))))
                }
            }
            return Array(hits.sorted { $0.message.id.rawValue > $1.message.id.rawValue }.prefix(limit))
        }
    }

    public func importSession(_ archive: SessionArchive) throws(SessionStoreError) -> Session {
        let name = try SessionName.validated(archive.name)
        return try locked { state throws(SessionStoreError) in
            let session = Session(
                id: SessionID(rawValue: state.nextSessionID), name: try Self.uniqueName(name, numbering: true, in: state),
                createdAt: archive.createdAt.storedPrecision, lastUsedAt: archive.lastUsedAt.storedPrecision,
                parentID: archive.parentName.flatMap { Self.find($0, in: state)?.id })
            state.nextSessionID += 1
            state.sessions[session.id] = session
            state.rows[session.id] = []
            let archive = archive.linked()
            var ids: [StoredMessageID] = []
            for event in archive.events {
                switch event {
                case .setting(let setting):
                    Self.append(
                        .setting(StoredSettingChange(change: setting.change, recordedAt: setting.recordedAt.storedPrecision)),
                        to: session.id, &state, touch: false)
                case .message(let record):
                    let stored = StoredMessage(
                        id: StoredMessageID(rawValue: state.nextMessageID), sessionID: session.id,
                        message: record.message, model: record.model, createdAt: record.createdAt.storedPrecision,
                        completedAt: record.completedAt?.storedPrecision, usage: record.usage,
                        isInterrupted: record.isInterrupted, reachedLengthLimit: record.reachedLengthLimit,
                        server: record.server,
                        parentID: record.parent.flatMap { ids.indices.contains($0 - 1) ? ids[$0 - 1] : nil })
                    state.nextMessageID += 1
                    ids.append(stored.id)
                    Self.append(.message(stored), to: session.id, &state, touch: false)
                }
            }
            state.heads[session.id] = archive.head.flatMap { ids.indices.contains($0 - 1) ? ids[$0 - 1] : nil }
            return session
        }
    }

    // MARK: - Helpers (called with the lock held)

    private static func append(_ event: SessionEvent, to session: SessionID, _ state: inout State, touch: Bool = true) {
        state.rows[session, default: []].append(Row(position: state.nextPosition, event: event))
        state.nextPosition += 1
        if case .message(let stored) = event { state.messageSessions[stored.id] = session }
        guard touch, var updated = state.sessions[session] else { return }
        let date: Date
        switch event {
        case .message(let stored): date = stored.createdAt
        case .setting(let setting): date = setting.recordedAt
        }
        updated.lastUsedAt = max(updated.lastUsedAt, date)
        state.sessions[session] = updated
    }

    private static func updateMessage(
        _ id: StoredMessageID, in state: inout State, _ change: (inout StoredMessage) -> Void
    ) throws(SessionStoreError) -> StoredMessage {
        guard let session = state.messageSessions[id], var rows = state.rows[session],
            let index = rows.firstIndex(where: { message($0)?.id == id }), var stored = message(rows[index])
        else { throw .unknownMessage(id: id) }
        change(&stored)
        rows[index].event = .message(stored)
        state.rows[session] = rows
        return stored
    }

    private static func message(_ row: Row) -> StoredMessage? {
        if case .message(let stored) = row.event { return stored }
        return nil
    }

    private static func requireSession(_ id: SessionID, in state: State) throws(SessionStoreError) {
        if state.sessions[id] == nil { throw .unknownSession(id: id) }
    }

    private static func find(_ name: String, in state: State) -> Session? {
        let key = asciiLowercased(name)
        return state.sessions.values.first { asciiLowercased($0.name) == key }
    }

    private static func uniqueName(_ base: String, numbering: Bool, in state: State) throws(SessionStoreError)
        -> String
    {
        guard numbering else {
            if let other = find(base, in: state) { throw .nameTaken(name: other.name) }
            return base
        }
        var number = 1
        while find(SessionName.numbered(base, number), in: state) != nil { number += 1 }
        return SessionName.numbered(base, number)
    }

    /// SQLite's NOCASE: only ASCII letters fold.
    private static func asciiLowercased(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (65...90).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar
        }))
    }

    private static func transcript(_ session: Session, _ state: State) -> SessionTranscript {
        SessionTranscript(
            session: session, timeline: (state.rows[session.id] ?? []).sorted { $0.position < $1.position }.map(\.event),
            headID: state.heads[session.id])
    }

    private static func snippet(_ content: String, words: Set<String>) -> [SnippetFragment] {
        var fragments: [SnippetFragment] = []
        var current = ""
        var word = ""
        func flushWord() {
            guard !word.isEmpty else { return }
            if words.contains(word.lowercased()) {
                if !current.isEmpty { fragments.append(SnippetFragment(text: current, isMatch: false)) }
                fragments.append(SnippetFragment(text: word, isMatch: true))
                current = ""
            } else {
                current += word
            }
            word = ""
        }
        for character in content {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else {
                flushWord()
                current.append(character)
            }
        }
        flushWord()
        if !current.isEmpty { fragments.append(SnippetFragment(text: current, isMatch: false)) }
        return fragments
    }
}
