import Foundation
import TachikomaCore
import TerminalText

extension SessionCommands {
    /// The commands about saved sessions, in the order `/help` lists them.
    static let slashCommands: [SlashCommand] = [
        SlashCommand(
            name: "save", arguments: .required("NAME"),
            summary: "Name this session NAME (it makes no new model)",
            help: """
                /save NAME gives this session a name, to find it again with /load NAME or
                tachikoma --resume NAME. Every chat is saved as you go, named from the date and its
                first words until you name it. (Some chat clients' /save makes a new model; here it
                names the conversation.)
                """,
            action: { context, command in SessionCommands.save(command.argumentText, in: context) }),
        SlashCommand(
            name: "load", arguments: .required("NAME"),
            summary: "Continue the saved session NAME here",
            help: """
                /load NAME replaces this conversation with the saved session NAME, with the model,
                system prompt and settings it ended with; what you send next is added to it.
                Tab completes the names. (To switch models, use /model.)
                """,
            complete: { previous, _, sources in SessionNameCompletion.candidates(previous: previous, names: sources.sessionNames()) },
            action: { context, command in SessionCommands.load(command.argumentText, in: context) }),
        SlashCommand(
            name: "new",
            summary: "Start a new session (this one stays saved)",
            help: "/new forgets the conversation and starts a new session with the same model and settings; the old one stays saved.",
            action: { context, _ in SessionCommands.newSession(in: context) }),
        SlashCommand(
            name: "export", arguments: .required("FILE"),
            summary: "Write this session to FILE: Markdown (.md) or JSON (.json)",
            help: """
                /export FILE writes the session as it is saved: FILE.md as Markdown to read or share,
                FILE.json as JSON that `tachikoma import FILE` reads back. An existing file is never
                replaced: choose another name (`tachikoma export NAME FILE --force` replaces one).
                """,
            action: { context, command in SessionCommands.export(command.argumentText, in: context) }),
        SlashCommand(
            name: "replay", arguments: .required("MODEL"),
            summary: "Send this session's messages again, one by one, to MODEL",
            help: """
                /replay MODEL sends each of this session's messages again, in order, with the system
                prompt and settings each was first sent with, to MODEL. The answers stream as usual
                and are saved as a new session linked to this one; the chat goes on in it.
                tachikoma diff compares the two.
                """,
            complete: { previous, _, sources in previous.isEmpty ? sources.modelNames() : [] },
            action: { context, command in await ReplayCommand.run(command.argumentText, in: context) }),
    ]
}

/// Tab candidates for a session name, which may hold spaces: each candidate continues the words
/// typed so far and replaces the one being typed.
enum SessionNameCompletion {
    static func candidates(previous: [String], names: [String]) -> [String] {
        let typed = previous.isEmpty ? "" : previous.joined(separator: " ") + " "
        return names.compactMap { name in
            guard name.lowercased().hasPrefix(typed.lowercased()), name.count > typed.count else { return nil }
            return String(name.dropFirst(typed.count))
        }
    }
}

/// `/save`, `/load`, `/new` and `/export`, and what the commands about saved sessions share.
enum SessionCommands {
    /// The store while saving works; says why not otherwise.
    static func requireStore(for action: String, in context: CommandContext) -> (any SessionStoring)? {
        if let store = context.session.recorder.activeStore { return store }
        context.screen.say("Sessions are not saved in this chat (--no-save, \"save_sessions\": false, or the store failed), so there is nothing to \(action).")
        return nil
    }

    /// Says what a store call gives, or its one-line error.
    static func sayFromStore(on screen: Screen, _ body: () throws(SessionStoreError) -> String) {
        do {
            screen.say(try body())
        } catch {
            screen.say(error.description)
        }
    }

    static func save(_ name: String, in context: CommandContext) -> CommandOutcome {
        guard requireStore(for: "name", in: context) != nil else { return .continue }
        let settings = context.settings
        let recorder = context.session.recorder
        sayFromStore(on: context.screen) { () throws(SessionStoreError) in
            "Saved this session as \"\(TerminalSanitizer.clean(try recorder.name(name, settings: settings).name))\"."
        }
        return .continue
    }

    static func load(_ name: String, in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        guard let store = requireStore(for: "load", in: context) else { return .continue }
        do {
            let transcript = try store.loadSession(named: name)
            context.record(.loaded(transcript))
            let count = context.conversation.entries.count
            screen.say("Loaded \"\(TerminalSanitizer.clean(transcript.session.name))\": \(count) message\(count == 1 ? "" : "s"), model \(TerminalSanitizer.clean(context.settings.model)). /history shows them.")
        } catch {
            screen.say(error.description)
        }
        return .continue
    }

    static func newSession(in context: CommandContext) -> CommandOutcome {
        context.record(.cleared)
        context.screen.say("Started a new session; the last one stays saved.")
        return .continue
    }

    /// The session as saved, for /export and /history; nil (having said why) when there is none yet.
    static func savedTranscript(for action: String, in context: CommandContext) -> SessionTranscript? {
        let screen = context.screen
        guard let store = requireStore(for: action, in: context) else { return nil }
        guard let session = context.session.recorder.session else {
            screen.say("Nothing to \(action) yet: this session starts with your first message.")
            return nil
        }
        do {
            return try store.loadSession(id: session.id)
        } catch {
            screen.say(error.description)
            return nil
        }
    }

    static func export(_ path: String, in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        guard let transcript = savedTranscript(for: "export", in: context) else { return .continue }
        let path = (try? HomeDirectoryPath.expand(path, environment: ProcessInfo.processInfo.environment)) ?? path
        if FileManager.default.fileExists(atPath: path) {
            screen.say("\(path) already exists; choose another name (tachikoma export NAME FILE --force replaces a file).")
            return .continue
        }
        do {
            try SessionExport.write(transcript, to: path)
            screen.say("Wrote \(transcript.messages.count) messages to \(path).")
        } catch {
            screen.say(error.description)
        }
        return .continue
    }
}
