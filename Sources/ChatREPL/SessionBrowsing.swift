import ChatEngine
import Foundation
import TachikomaCore
import TerminalText

extension SessionBrowsing {
    /// The commands that look through saved sessions, in the order `/help` lists them.
    static let slashCommands: [SlashCommand] = [
        SlashCommand(
            name: "sessions",
            summary: "List the saved sessions: name, models, messages, last used",
            help: "/sessions lists the saved sessions, the most recently used first. /load NAME continues one.",
            action: { context, _ in SessionBrowsing.sessions(in: context) }),
        SlashCommand(
            name: "history", arguments: .shown("[NAME] [--all]"),
            summary: "Show this conversation, or the saved session NAME",
            help: """
                /history shows the conversation so far (its current branch): each message with its
                role, the model that answered, setting changes, and thinking folded to one line; your
                messages are numbered, as /edit N takes them. /history NAME shows a saved session;
                --all shows every branch.
                """,
            complete: { previous, _, sources in SessionNameCompletion.candidates(previous: previous, names: sources.sessionNames()) },
            action: { context, command in SessionBrowsing.history(command.argumentText, in: context) }),
        SlashCommand(
            name: "search", arguments: .required("TEXT"),
            summary: "Find messages containing TEXT across all saved sessions",
            help: """
                /search TEXT finds the messages of every saved session that contain all the words of
                TEXT, the newest first, with the session's name. /load NAME continues that session.
                """,
            action: { context, command in SessionBrowsing.search(command.argumentText, in: context) }),
    ]
}

/// `/sessions`, `/history` and `/search`.
enum SessionBrowsing {
    static func sessions(in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        guard let store = SessionCommands.requireStore(for: "list", in: context) else { return .continue }
        do {
            let summaries = try store.listSessions()
            guard !summaries.isEmpty else {
                screen.say("No saved sessions yet: every chat is saved from its first message.")
                return .continue
            }
            screen.say(SessionListing.table(summaries, clean: TerminalSanitizer.clean))
        } catch {
            screen.say(error.description)
        }
        return .continue
    }

    static func history(_ argument: String, in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        let conversation = context.conversation
        let recorder = context.session.recorder
        var words = argument.split(whereSeparator: \.isWhitespace).map(String.init)
        let all = words.contains("--all")
        words.removeAll { $0 == "--all" }
        let name = words.joined(separator: " ")
        let render: (SessionTranscript) -> String = { transcript in
            TerminalSanitizer.clean(all ? BranchListing.tree(transcript) : TranscriptText.render(transcript))
        }
        if name.isEmpty {
            guard !conversation.tree.nodes.isEmpty else {
                screen.say("Nothing yet: the conversation starts with your first message.")
                return .continue
            }
            let transcript = (try? recorder.session.flatMap { session in try recorder.activeStore?.loadSession(id: session.id) })
                ?? conversation.transcript(named: recorder.sessionName ?? "this chat (not saved)")
            screen.say(render(transcript))
            return .continue
        }
        guard let store = SessionCommands.requireStore(for: "show", in: context) else { return .continue }
        SessionCommands.sayFromStore(on: screen) { () throws(SessionStoreError) in render(try store.loadSession(named: name)) }
        return .continue
    }

    static func search(_ text: String, in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        guard let store = SessionCommands.requireStore(for: "search", in: context) else { return .continue }
        do {
            let hits = try store.search(text)
            guard !hits.isEmpty else {
                screen.say("No saved message contains \(TerminalSanitizer.clean(text)).")
                return .continue
            }
            screen.say(TerminalSanitizer.clean(SearchResultsText.render(hits)))
        } catch {
            screen.say(error.description)
        }
        return .continue
    }
}

extension Conversation {
    /// The conversation as a transcript, every branch of it, for showing one that is not saved.
    func transcript(named name: String, at date: Date = Date()) -> SessionTranscript {
        let session = Session(id: SessionID(rawValue: 0), name: name, createdAt: date, lastUsedAt: date)
        var timeline: [SessionEvent] = SessionRecorder.startingChanges(settings).map {
            .setting(StoredSettingChange(change: $0, recordedAt: date))
        }
        // Numbered by node, so the tree's parents carry over as they are.
        func id(_ node: Int) -> StoredMessageID { StoredMessageID(rawValue: Int64(node) + 1) }
        for (node, entry) in tree.nodes.enumerated() {
            timeline.append(
                .message(
                    StoredMessage(
                        id: id(node), sessionID: session.id, message: entry.message, model: entry.model, createdAt: date,
                        usage: entry.usage, isInterrupted: entry.isInterrupted, parentID: tree.parents[node].map(id))))
        }
        return SessionTranscript(session: session, timeline: timeline, headID: tree.head.map(id))
    }
}
