import Foundation
import TachikomaCore

/// Whether and where the chat saves its conversation.
public enum SessionSaving: Sendable {
    /// Every change is saved in this store.
    case store(any SessionStoring)
    /// The user asked for no saving (`--no-save`, `"save_sessions": false`).
    case off
    /// The store could not be opened; the chat works unsaved and says why once.
    case unavailable(SessionStoreError)
}

/// Writes the conversation's changes to the session store: the session's identity, the answer
/// streaming now, and the first failure (after which the chat goes on unsaved).
///
/// A reference shared with the task that streams an answer, which saves progress through it; the
/// lock keeps the two from writing at once.
public final class SessionRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var store: (any SessionStoring)?
    public private(set) var session: Session?
    private var answer: StoredMessageID?
    /// What has streamed of the answer in progress, and whether it is saved yet.
    private struct StreamedText {
        var content = ""
        var thinking = ""
        var isSaved = true
    }
    private var streamed = StreamedText()
    private var progressSaver: Task<Void, Never>?
    /// What the next session starts as, when it replays another.
    private var pendingReplay: (parent: Session, name: String)?
    /// The first write that failed; reported once, and nothing is saved after it.
    private var failure: SessionStoreError?
    private var failureReported = false

    /// How often an answer still streaming is saved: what `kill -9` can lose of it.
    static let progressInterval: Duration = .milliseconds(250)

    init(_ saving: SessionSaving) {
        switch saving {
        case .store(let store): self.store = store
        case .off: store = nil
        case .unavailable(let error): failure = error
        }
    }

    /// The store, while saving works.
    public var activeStore: (any SessionStoring)? { lock.withLock { store } }

    public var sessionName: String? { lock.withLock { session?.name } }

    /// The failure not reported yet, once: the caller says it.
    public func takeUnreportedFailure() -> SessionStoreError? {
        lock.withLock {
            guard let failure, !failureReported else { return nil }
            failureReported = true
            return failure
        }
    }

    /// Runs one store call; a failure stops all saving from then on.
    private func attempt<T>(_ body: (any SessionStoring) throws(SessionStoreError) -> T) -> T? {
        lock.lock()
        defer { lock.unlock() }
        guard let store else { return nil }
        do throws(SessionStoreError) {
            return try body(store)
        } catch {
            failure = error
            self.store = nil
            return nil
        }
    }

    /// Starts a session for the conversation's first message, with the settings in force.
    private func ensureSession(firstUserText: String, settings: ChatSettings) -> Session? {
        let (existing, replay) = lock.withLock { (session, pendingReplay) }
        if let existing { return existing }
        let created = attempt { store throws(SessionStoreError) in
            guard let replay else {
                return try store.createSession(
                    NewSession(firstUserText: firstUserText, settings: Self.startingChanges(settings)))
            }
            // A replay is named after what it replays; a taken name gets a number.
            var number = 1
            while true {
                do throws(SessionStoreError) {
                    return try store.createSession(
                        NewSession(
                            name: SessionName.numbered(replay.name, number), firstUserText: firstUserText,
                            parentID: replay.parent.id, settings: Self.startingChanges(settings)))
                } catch .nameTaken where number < 1000 {
                    number += 1
                }
            }
        }
        lock.withLock {
            session = created
            pendingReplay = nil
        }
        return created
    }

    func recordUser(_ message: Message, settings: ChatSettings) -> StoredMessageID? {
        guard let session = ensureSession(firstUserText: message.content, settings: settings) else { return nil }
        return attempt { store throws(SessionStoreError) in try store.appendMessage(message, to: session.id).id }
    }

    /// Saves a tool's result in the session the answer that called the tool is in.
    func recordToolResult(_ message: Message) -> StoredMessageID? {
        guard let session = lock.withLock({ session }) else { return nil }
        return attempt { store throws(SessionStoreError) in try store.appendMessage(message, to: session.id).id }
    }

    /// The next session replays `parent` with `model`: it is linked to it and named after both.
    public func prepareReplay(of parent: Session, model: String) {
        let base = String("\(parent.name) · \(model)".prefix(SessionName.maximumLength))
        lock.withLock {
            session = nil
            answer = nil
            pendingReplay = (parent, base)
        }
    }

    /// The names of the saved sessions, the most recent first, for Tab.
    public func savedSessionNames() -> [String] {
        guard let store = activeStore else { return [] }
        return (try? store.listSessions().map(\.session.name)) ?? []
    }

    /// Saves an empty answer, marked interrupted until `finishAnswer`, so a crash keeps what streamed;
    /// from then on what streams is saved every `progressInterval` by a task of its own, so the
    /// stream itself never waits on the disk or reads the clock.
    func beginAnswer(model: String, server: String? = nil) {
        guard let session = lock.withLock({ session }) else { return }
        let id = attempt { store throws(SessionStoreError) in try store.beginAnswer(in: session.id, model: model, server: server) }
        guard let id else { return }
        startSaving(id, StreamedText())
    }

    /// From now on what streams into answer `id` is saved every `progressInterval` by a task of its own.
    private func startSaving(_ id: StoredMessageID, _ text: StreamedText) {
        let interval = Self.progressInterval
        let saver = Task.detached { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                self?.saveProgress()
            }
        }
        lock.withLock {
            progressSaver?.cancel()
            answer = id
            streamed = text
            progressSaver = saver
        }
    }

    /// Takes up a saved answer again (`/continue`): what streams from now on is added to `content`
    /// and `thinking`, saved as `beginAnswer`'s answers are, and `finishAnswer` completes it.
    func resumeAnswer(_ id: StoredMessageID?, content: String, thinking: String?) {
        guard let id, lock.withLock({ session != nil }) else { return }
        startSaving(id, StreamedText(content: content, thinking: thinking ?? "", isSaved: true))
    }

    /// Where the session's current branch ends (`/undo`, `/edit`, `/retry`, `/branch`): the next
    /// message recorded follows `message`; nil, it starts anew.
    func moveHead(to message: StoredMessageID?) {
        guard let session = lock.withLock({ session }) else { return }
        _ = attempt { store throws(SessionStoreError) in try store.moveHead(of: session.id, to: message) }
    }

    /// Adds to the answer streaming now; saved at the next tick.
    func answerStreamed(content: String = "", thinking: String = "") {
        lock.lock()
        defer { lock.unlock() }
        guard answer != nil else { return }
        streamed.content += content
        streamed.thinking += thinking
        streamed.isSaved = false
    }

    /// Saves what has streamed since the last save. Holds the lock throughout, so that it never
    /// writes over an answer `finishAnswer` has completed.
    private func saveProgress() {
        lock.lock()
        defer { lock.unlock() }
        guard let answer, !streamed.isSaved, let store else { return }
        do throws(SessionStoreError) {
            try store.saveProgress(
                of: answer, content: streamed.content, thinking: streamed.thinking.isEmpty ? nil : streamed.thinking)
            streamed.isSaved = true
        } catch {
            failure = error
            self.store = nil
        }
    }

    /// Saves the answer whole; nil `message` drops the row begun for an answer that brought nothing.
    func finishAnswer(_ message: Message?, usage: Usage?, interrupted: Bool) -> StoredMessageID? {
        let id = lock.withLock { () -> StoredMessageID? in
            defer {
                answer = nil
                streamed = StreamedText()
                progressSaver?.cancel()
                progressSaver = nil
            }
            return answer
        }
        guard let id else { return nil }
        guard let message else {
            _ = attempt { store throws(SessionStoreError) in try store.deleteMessage(id) }
            return nil
        }
        return attempt { store throws(SessionStoreError) in
            try store.finishAnswer(id, with: message, usage: usage, interrupted: interrupted).id
        }
    }

    /// Records what changed between two settings, in the session when it has begun (before that,
    /// the session starts with the settings then in force).
    func recordSettings(from old: ChatSettings, to new: ChatSettings) {
        guard let session = lock.withLock({ session }) else { return }
        let changes = Self.changes(from: old, to: new)
        guard !changes.isEmpty else { return }
        _ = attempt { store throws(SessionStoreError) in
            for change in changes { try store.recordSetting(change, in: session.id) }
        }
    }

    /// The next message starts a new session; the one so far stays saved.
    public func detach() {
        lock.withLock {
            session = nil
            answer = nil
        }
    }

    deinit { progressSaver?.cancel() }

    /// Continues a saved session: what is recorded from now on goes into it.
    public func attach(to session: Session) {
        lock.withLock {
            self.session = session
            answer = nil
        }
    }

    /// Names the session: renames it once it exists, else starts it now under that name.
    public func name(_ name: String, settings: ChatSettings) throws(SessionStoreError) -> Session {
        let state = lock.withLock { (store, session, failure) }
        guard let store = state.0 else {
            throw state.2 ?? .cannotOpen(path: "the session store", reason: "saving is off for this chat")
        }
        if let session = state.1 {
            let renamed = try store.renameSession(session.id, to: name)
            lock.withLock { self.session = renamed }
            return renamed
        }
        let created = try store.createSession(
            NewSession(name: name, firstUserText: "", settings: Self.startingChanges(settings)))
        lock.withLock { session = created }
        return created
    }

    /// Everything a session starts with, so a replay sends its first turn as it was sent.
    public static func startingChanges(_ settings: ChatSettings) -> [SettingChange] {
        var changes: [SettingChange] = [.model(settings.model)]
        if let prompt = settings.systemPrompt, !prompt.isEmpty { changes.append(.systemPrompt(prompt)) }
        if settings.requestOptions != GenerationOptions() { changes.append(.options(settings.requestOptions)) }
        if let think = settings.think { changes.append(.think(think)) }
        if let format = settings.format { changes.append(.format(format)) }
        return changes
    }

    /// The setting changes that turn `old` into `new`; display preferences are not recorded.
    static func changes(from old: ChatSettings, to new: ChatSettings) -> [SettingChange] {
        var changes: [SettingChange] = []
        if old.model != new.model { changes.append(.model(new.model)) }
        if old.systemPrompt != new.systemPrompt { changes.append(.systemPrompt(new.systemPrompt.nonEmptyPrompt)) }
        if old.requestOptions != new.requestOptions { changes.append(.options(new.requestOptions)) }
        if old.think != new.think { changes.append(.think(new.think)) }
        if old.format != new.format { changes.append(.format(new.format)) }
        return changes
    }
}

extension Optional where Wrapped == String {
    fileprivate var nonEmptyPrompt: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
