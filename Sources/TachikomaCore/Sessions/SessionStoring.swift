import Foundation

/// Where conversations are saved, as the chat sees it: the SQLite store in `SessionStore`, or
/// `InMemorySessionStore` in tests.
///
/// Every call that records something commits it before returning, so a crash loses nothing that a
/// call returned from. An answer that streams is saved in steps: `beginAnswer` when it starts,
/// `saveProgress` now and then as it arrives, `finishAnswer` when it ends. Until it is finished it
/// is stored as interrupted, so after `kill -9` the text of the last `saveProgress` is kept and
/// marked so.
///
/// Calls are synchronous and short (one small transaction each); they wait at most the store's busy
/// timeout for another process that holds the database.
public protocol SessionStoring: Sendable {
    /// The database file, for messages ("sessions are saved in …").
    var location: String { get }

    /// Starts a session: names it (see `NewSession.name`) and records its starting settings.
    func createSession(_ new: NewSession) throws(SessionStoreError) -> Session

    /// Records a complete message (the user's, a tool's, or an answer received whole), after the
    /// session's current last message (its head), and makes it the head.
    func appendMessage(
        _ message: Message, to session: SessionID, model: String?, usage: Usage?, interrupted: Bool, at date: Date
    ) throws(SessionStoreError) -> StoredMessage

    /// Records the start of an answer from `model`: an empty assistant message marked interrupted.
    func beginAnswer(in session: SessionID, model: String, at date: Date) throws(SessionStoreError) -> StoredMessageID

    /// Records the start of an answer from `model` on the configured server `server`.
    func beginAnswer(in session: SessionID, model: String, server: String?, at date: Date) throws(SessionStoreError)
        -> StoredMessageID

    /// Replaces what is saved of an answer still streaming with all that has arrived so far.
    func saveProgress(of answer: StoredMessageID, content: String, thinking: String?) throws(SessionStoreError)

    /// Records an answer's end: its whole message and usage; `interrupted` when it was cut short.
    func finishAnswer(
        _ answer: StoredMessageID, with message: Message, usage: Usage?, interrupted: Bool, at date: Date
    ) throws(SessionStoreError) -> StoredMessage

    /// Marks a finished answer as stopped at the server's length limit; a later `finishAnswer` (a
    /// continuation) clears the mark.
    func markReachedLengthLimit(_ answer: StoredMessageID) throws(SessionStoreError)

    /// Removes one message: an answer begun that brought nothing. When it was the head, its parent
    /// becomes the head.
    func deleteMessage(_ message: StoredMessageID) throws(SessionStoreError)

    /// Makes `message` the last message of the session's current branch (`/undo`, `/edit`, `/retry`,
    /// `/branch`): the next message recorded follows it, and nothing after it is deleted. nil makes
    /// the branch empty (the next message starts a new branch from the start). A message of another
    /// session is `.unknownMessage`.
    func moveHead(of session: SessionID, to message: StoredMessageID?) throws(SessionStoreError)

    /// Records a change of model, system prompt or options, in order with the messages.
    func recordSetting(_ change: SettingChange, in session: SessionID, at date: Date) throws(SessionStoreError)

    /// Marks a session as used now (`/load`, `--resume`), so `--resume` without a name takes it next.
    func markUsed(_ session: SessionID, at date: Date) throws(SessionStoreError)

    /// Renames a session; a name another session has is `.nameTaken`.
    func renameSession(_ session: SessionID, to name: String) throws(SessionStoreError) -> Session

    /// Every session, the most recently used first.
    func listSessions() throws(SessionStoreError) -> [SessionSummary]

    /// A session by name (ignoring ASCII case); `.sessionNotFound` when there is none.
    func loadSession(named name: String) throws(SessionStoreError) -> SessionTranscript

    func loadSession(id: SessionID) throws(SessionStoreError) -> SessionTranscript

    /// The most recently used session, or nil when there is none.
    func latestSession() throws(SessionStoreError) -> SessionTranscript?

    /// Deletes a session and its messages; `.sessionNotFound` when there is none by that name.
    func deleteSession(named name: String) throws(SessionStoreError)

    /// Messages of every session containing all the words of `text`, the newest first.
    func search(_ text: String, limit: Int) throws(SessionStoreError) -> [SearchHit]

    /// Adds an exported session as a new session, in one transaction. A taken name is numbered
    /// ("NAME (2)"); the parent link is kept when a session of the parent's name exists.
    func importSession(_ archive: SessionArchive) throws(SessionStoreError) -> Session
}

extension SessionStoring {
    public func appendMessage(
        _ message: Message, to session: SessionID, model: String? = nil, usage: Usage? = nil
    ) throws(SessionStoreError) -> StoredMessage {
        try appendMessage(message, to: session, model: model, usage: usage, interrupted: false, at: Date())
    }

    public func beginAnswer(in session: SessionID, model: String) throws(SessionStoreError) -> StoredMessageID {
        try beginAnswer(in: session, model: model, at: Date())
    }

    public func beginAnswer(in session: SessionID, model: String, server: String?) throws(SessionStoreError)
        -> StoredMessageID
    {
        try beginAnswer(in: session, model: model, server: server, at: Date())
    }

    /// A store that keeps no server forgets it.
    public func beginAnswer(in session: SessionID, model: String, server: String?, at date: Date)
        throws(SessionStoreError) -> StoredMessageID
    {
        try beginAnswer(in: session, model: model, at: date)
    }

    public func finishAnswer(
        _ answer: StoredMessageID, with message: Message, usage: Usage?, interrupted: Bool = false
    ) throws(SessionStoreError) -> StoredMessage {
        try finishAnswer(answer, with: message, usage: usage, interrupted: interrupted, at: Date())
    }

    public func recordSetting(_ change: SettingChange, in session: SessionID) throws(SessionStoreError) {
        try recordSetting(change, in: session, at: Date())
    }

    public func search(_ text: String) throws(SessionStoreError) -> [SearchHit] {
        try search(text, limit: 50)
    }
}
