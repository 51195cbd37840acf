import Foundation
import TachikomaCore

extension CommandTable {
    /// The commands that look through saved sessions, in the order `/help` lists them.
    static let sessionBrowsingCommands: [SlashCommand] = [
        SlashCommand(
            name: "sessions",
            summary: "List the saved sessions: name, models, messages, last used",
            help: "/sessions lists the saved sessions, the most recently used first. /load NAME continues one.",
            action: { repl, _ in repl.sessionsCommand() }),
        SlashCommand(
            name: "history", arguments: .optional("NAME"),
            summary: "Show this conversation, or the saved session NAME",
            help: """
                /history shows the conversation so far: each message with its role, the model that
                answered, setting changes, and thinking folded to one line. /history NAME shows a saved
                session.
                """,
            complete: { previous, _, sources in SessionNameCompletion.candidates(previous: previous, names: sources.sessionNames()) },
            action: { repl, command in repl.historyCommand(command.argumentText) }),
        SlashCommand(
            name: "search", arguments: .required("TEXT"),
            summary: "Find messages containing TEXT across all saved sessions",
            help: """
                /search TEXT finds the messages of every saved session that contain all the words of
                TEXT, the newest first, with the session's name. /load NAME continues that session.
                """,
            action: { repl, command in repl.searchCommand(command.argumentText) }),
    ]
}

extension ChatREPL {
    func sessionsCommand() -> CommandOutcome {
        guard let store = requireStore(for: "list") else { return .continue }
        do {
            let summaries = try store.listSessions()
            guard !summaries.isEmpty else {
                say("No saved sessions yet: every chat is saved from its first message.")
                return .continue
            }
            say(SessionListing.table(summaries, clean: TerminalSanitizer.clean))
        } catch {
            say(error.description)
        }
        return .continue
    }

    func historyCommand(_ name: String) -> CommandOutcome {
        if name.isEmpty {
            guard !conversation.entries.isEmpty else {
                say("Nothing yet: the conversation starts with your first message.")
                return .continue
            }
            let transcript = (try? recorder.session.flatMap { session in try recorder.activeStore?.loadSession(id: session.id) })
                ?? conversation.transcript(named: recorder.sessionName ?? "this chat (not saved)")
            say(TerminalSanitizer.clean(TranscriptText.render(transcript)))
            return .continue
        }
        guard let store = requireStore(for: "show") else { return .continue }
        sayFromStore { () throws(SessionStoreError) in
            TerminalSanitizer.clean(TranscriptText.render(try store.loadSession(named: name)))
        }
        return .continue
    }

    func searchCommand(_ text: String) -> CommandOutcome {
        guard let store = requireStore(for: "search") else { return .continue }
        do {
            let hits = try store.search(text)
            guard !hits.isEmpty else {
                say("No saved message contains \(TerminalSanitizer.clean(text)).")
                return .continue
            }
            say(TerminalSanitizer.clean(SearchResultsText.render(hits)))
        } catch {
            say(error.description)
        }
        return .continue
    }
}

extension Conversation {
    /// The conversation as a transcript, for showing one that is not saved.
    func transcript(named name: String, at date: Date = Date()) -> SessionTranscript {
        let session = Session(id: SessionID(rawValue: 0), name: name, createdAt: date, lastUsedAt: date)
        var events: [SessionEvent] = SessionRecorder.startingChanges(settings).map {
            .setting(StoredSettingChange(change: $0, recordedAt: date))
        }
        for (index, entry) in entries.enumerated() {
            events.append(
                .message(
                    StoredMessage(
                        id: entry.storedID ?? StoredMessageID(rawValue: Int64(index)), sessionID: session.id,
                        message: entry.message, model: entry.model, createdAt: date, usage: entry.usage,
                        isInterrupted: entry.isInterrupted)))
        }
        return SessionTranscript(session: session, events: events)
    }
}
