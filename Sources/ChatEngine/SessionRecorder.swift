import Foundation
import Synchronization
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
/// A reference shared with the task that saves a streaming answer's progress. Its state is three
/// small state machines behind one mutex, held during each store call, so the two never write at
/// once and progress is never saved over an answer already finished.
public final class SessionRecorder: Sendable {
    /// Whether saving works.
    private enum Saving {
        case active(any SessionStoring)
        /// `--no-save`.
        case off
        /// The store could not be opened, or a write failed: nothing is saved from then on, and the
        /// failure is said once.
        case failed(SessionStoreError, reported: Bool)
    }

    /// Which session the next change goes into.
    private enum Target {
        /// None yet: the first message starts one.
        case none
        /// None yet, and the next one replays `parent`, named after it.
        case replaying(parent: Session, name: String)
        case session(Session)

        var session: Session? {
            if case .session(let session) = self { return session }
            return nil
        }
    }

    /// What has streamed of the answer in progress, and whether it is saved yet.
    private struct StreamedText {
        var content = ""
        var thinking = ""
        var isSaved = true
    }

    /// The answer streaming now, if any.
    private enum Answer {
        case none
        case streaming(StoredMessageID, StreamedText, saver: Task<Void, Never>)
    }

    private struct State {
        var saving: Saving
        var target = Target.none
        var answer = Answer.none

        /// Runs one store call; a failure stops all saving from then on.
        mutating func attempt<T: Sendable>(_ body: (any SessionStoring) throws(SessionStoreError) -> T) -> T? {
            guard case .active(let store) = saving else { return nil }
            do throws(SessionStoreError) {
                return try body(store)
            } catch {
                saving = .failed(error, reported: false)
                return nil
            }
        }

        /// Forgets the answer in progress, stopping its saver; returns its id.
        mutating func endAnswer() -> StoredMessageID? {
            guard case .streaming(let id, _, let saver) = answer else { return nil }
            saver.cancel()
            answer = .none
            return id
        }
    }

    private let state: Mutex<State>

    /// How often an answer still streaming is saved: what `kill -9` can lose of it.
    static let progressInterval: Duration = .milliseconds(250)

    init(_ saving: SessionSaving) {
        switch saving {
        case .store(let store): state = Mutex(State(saving: .active(store)))
        case .off: state = Mutex(State(saving: .off))
        case .unavailable(let error): state = Mutex(State(saving: .failed(error, reported: false)))
        }
    }

    /// The store, while saving works.
    public var activeStore: (any SessionStoring)? {
        state.withLock { state in
            if case .active(let store) = state.saving { return store }
            return nil
        }
    }

    /// The session changes go into, once there is one.
    public var session: Session? { state.withLock { $0.target.session } }

    public var sessionName: String? { session?.name }

    /// The failure not reported yet, once: the caller says it.
    public func takeUnreportedFailure() -> SessionStoreError? {
        state.withLock { state in
            guard case .failed(let failure, reported: false) = state.saving else { return nil }
            state.saving = .failed(failure, reported: true)
            return failure
        }
    }

    /// Starts a session for the conversation's first message, with the settings in force.
    private func ensureSession(firstUserText: String, settings: ChatSettings) -> Session? {
        state.withLock { state in
            let replay: (parent: Session, name: String)?
            switch state.target {
            case .session(let session): return session
            case .none: replay = nil
            case .replaying(let parent, let name): replay = (parent, name)
            }
            let created = state.attempt { store throws(SessionStoreError) in
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
            if let created { state.target = .session(created) }
            return created
        }
    }

    /// Runs one store call in the current session, if there is one and saving works.
    private func inSession<T: Sendable>(_ body: (any SessionStoring, Session) throws(SessionStoreError) -> T) -> T? {
        state.withLock { state in
            guard let session = state.target.session else { return nil }
            return state.attempt { store throws(SessionStoreError) in try body(store, session) }
        }
    }

    func recordUser(_ message: Message, settings: ChatSettings) -> StoredMessageID? {
        guard ensureSession(firstUserText: message.content, settings: settings) != nil else { return nil }
        return inSession { store, session throws(SessionStoreError) in try store.appendMessage(message, to: session.id).id }
    }

    /// Saves a tool's result in the session the answer that called the tool is in.
    func recordToolResult(_ message: Message) -> StoredMessageID? {
        inSession { store, session throws(SessionStoreError) in try store.appendMessage(message, to: session.id).id }
    }

    /// The next session replays `parent` with `model`: it is linked to it and named after both.
    public func prepareReplay(of parent: Session, model: String) {
        let base = String("\(parent.name) · \(model)".prefix(SessionName.maximumLength))
        state.withLock { state in
            _ = state.endAnswer()
            state.target = .replaying(parent: parent, name: base)
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
        let id = inSession { store, session throws(SessionStoreError) in
            try store.beginAnswer(in: session.id, model: model, server: server)
        }
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
        state.withLock { state in
            _ = state.endAnswer()
            state.answer = .streaming(id, text, saver: saver)
        }
    }

    /// Takes up a saved answer again (`/continue`): what streams from now on is added to `content`
    /// and `thinking`, saved as `beginAnswer`'s answers are, and `finishAnswer` completes it.
    func resumeAnswer(_ id: StoredMessageID?, content: String, thinking: String?) {
        guard let id, session != nil else { return }
        startSaving(id, StreamedText(content: content, thinking: thinking ?? "", isSaved: true))
    }

    /// Where the session's current branch ends (`/undo`, `/edit`, `/retry`, `/branch`): the next
    /// message recorded follows `message`; nil, it starts anew.
    func moveHead(to message: StoredMessageID?) {
        _ = inSession { store, session throws(SessionStoreError) in try store.moveHead(of: session.id, to: message) }
    }

    /// Adds to the answer streaming now; saved at the next tick.
    func answerStreamed(content: String = "", thinking: String = "") {
        state.withLock { state in
            guard case .streaming(let id, var text, let saver) = state.answer else { return }
            // Let go of the stored copy first, so the text grows in place.
            state.answer = .none
            text.content += content
            text.thinking += thinking
            text.isSaved = false
            state.answer = .streaming(id, text, saver: saver)
        }
    }

    /// Saves what has streamed since the last save. Holds the lock throughout, so that it never
    /// writes over an answer `finishAnswer` has completed.
    private func saveProgress() {
        state.withLock { state in
            guard case .streaming(let id, var text, let saver) = state.answer, !text.isSaved else { return }
            let saved: Void? = state.attempt { store throws(SessionStoreError) in
                try store.saveProgress(of: id, content: text.content, thinking: text.thinking.isEmpty ? nil : text.thinking)
            }
            text.isSaved = saved != nil
            state.answer = .streaming(id, text, saver: saver)
        }
    }

    /// Saves the answer whole; nil `message` drops the row begun for an answer that brought nothing.
    func finishAnswer(_ message: Message?, usage: Usage?, interrupted: Bool) -> StoredMessageID? {
        state.withLock { state in
            guard let id = state.endAnswer() else { return nil }
            guard let message else {
                _ = state.attempt { store throws(SessionStoreError) in try store.deleteMessage(id) }
                return nil
            }
            return state.attempt { store throws(SessionStoreError) in
                try store.finishAnswer(id, with: message, usage: usage, interrupted: interrupted).id
            }
        }
    }

    /// Saves that the answer `id` stopped at the server's length limit.
    func markReachedLengthLimit(_ id: StoredMessageID?) {
        guard let id else { return }
        state.withLock { state in
            _ = state.attempt { store throws(SessionStoreError) in try store.markReachedLengthLimit(id) }
        }
    }

    /// Records what changed between two settings, in the session when it has begun (before that,
    /// the session starts with the settings then in force).
    func recordSettings(from old: ChatSettings, to new: ChatSettings) {
        let changes = Self.changes(from: old, to: new)
        guard !changes.isEmpty else { return }
        _ = inSession { store, session throws(SessionStoreError) in
            for change in changes { try store.recordSetting(change, in: session.id) }
        }
    }

    /// The next message starts a new session; the one so far stays saved.
    public func detach() {
        state.withLock { state in
            _ = state.endAnswer()
            state.target = .none
        }
    }

    deinit { state.withLock { _ = $0.endAnswer() } }

    /// Continues a saved session: what is recorded from now on goes into it.
    /// It becomes the session used last, which `--resume` without a name continues.
    public func attach(to session: Session, at date: Date = Date()) {
        state.withLock { state in
            _ = state.endAnswer()
            state.target = .session(session)
            _ = state.attempt { store throws(SessionStoreError) in try store.markUsed(session.id, at: date) }
        }
    }

    /// Names the session: renames it once it exists, else starts it now under that name.
    public func name(_ name: String, settings: ChatSettings) throws(SessionStoreError) -> Session {
        let outcome: Result<Session, SessionStoreError> = state.withLock { state in
            let store: any SessionStoring
            switch state.saving {
            case .active(let active): store = active
            case .failed(let failure, _): return .failure(failure)
            case .off: return .failure(.cannotOpen(path: "the session store", reason: "saving is off for this chat"))
            }
            do throws(SessionStoreError) {
                let named: Session
                if let session = state.target.session {
                    named = try store.renameSession(session.id, to: name)
                } else {
                    named = try store.createSession(
                        NewSession(name: name, firstUserText: "", settings: Self.startingChanges(settings)))
                }
                state.target = .session(named)
                return .success(named)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
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
