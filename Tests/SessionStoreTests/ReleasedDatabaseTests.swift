import Foundation
import GRDB
import SessionStore
import TachikomaCore
import Testing

/// A database and an export made by the release of 2026-12-06 (schema v4, archive version 1), read
/// by today's code: everything they hold comes back, each session as one branch.
@Suite struct ReleasedDatabaseTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The release's database, copied to `folder`'s usual place (the fixture itself is never opened).
    static func copyOfReleasedDatabase(in folder: String) throws -> String {
        let path = databasePath(in: folder)
        try StoreMigrationTests.makeFolder(path)
        try FileManager.default.copyItem(
            atPath: fixtures.appendingPathComponent("release-2026-12-06.sqlite").path, toPath: path)
        return path
    }

    static func time(_ milliseconds: Int64) -> Date { Date(millisecondsSince1970: 1_796_524_700_000 + milliseconds) }

    static func setting(_ change: SettingChange, _ at: Int64) -> SessionEvent {
        .setting(StoredSettingChange(change: change, recordedAt: time(at)))
    }

    static func message(
        _ id: Int64, in session: Int64, _ message: Message, model: String? = nil, at created: Int64,
        completed: Int64? = nil, usage: Usage? = nil, interrupted: Bool = false
    ) -> SessionEvent {
        .message(
            StoredMessage(
                id: StoredMessageID(rawValue: id), sessionID: SessionID(rawValue: session), message: message,
                model: model, createdAt: time(created), completedAt: time(completed ?? created), usage: usage,
                isInterrupted: interrupted, parentID: nil))
    }

    static func usage(
        _ prompt: Int, _ completion: Int, _ total: Int64, _ load: Int64, _ promptEval: Int64, _ eval: Int64
    ) -> Usage {
        Usage(
            promptTokens: prompt, completionTokens: completion, totalDuration: .nanoseconds(total),
            loadDuration: .nanoseconds(load), promptEvalDuration: .nanoseconds(promptEval),
            evalDuration: .nanoseconds(eval))
    }

    /// Each session's events as the release stored them (read off the file with `sqlite3`), one
    /// branch each: `SessionTranscript(session:events:)` gives every message the one before as parent.
    static let expected: [String: (session: Session, events: [SessionEvent])] = {
        let terse = SettingChange.systemPrompt("You are terse.")
        let options = SettingChange.options(GenerationOptions(temperature: 0.3))
        let llama = "llama3.1:8b"
        let call = ToolCall(id: "call_1", name: "calculate", arguments: ["expression": "6*7"])
        func session(_ id: Int64, _ name: String, _ created: Int64, _ used: Int64, parent: Int64? = nil) -> Session {
            Session(
                id: SessionID(rawValue: id), name: name, createdAt: time(created), lastUsedAt: time(used),
                parentID: parent.map(SessionID.init(rawValue:)))
        }
        return [
            "first-session": (
                session(1, "first-session", 38960, 38980),
                [
                    setting(.model(llama), 38960),
                    message(1, in: 1, .user("hello there"), at: 38962),
                    message(
                        2, in: 1, .assistant("You said: hello there"), model: llama, at: 38963, completed: 38968,
                        usage: usage(9, 4, 1_506_303_932, 1_504_119_871, 1_623_517, 147_809)),
                    setting(terse, 38969), setting(options, 38970),
                    message(3, in: 1, .user("what is 6*7?"), at: 38971),
                    message(
                        4, in: 1, .assistant("You said: what is 6*7?"), model: llama, at: 38971, completed: 38974,
                        usage: usage(34, 5, 22_040_652, 15_218_375, 6_123_517, 286_025)),
                    setting(.model("qwen3:4b"), 38976), setting(.think(.enabled(true)), 38977),
                    message(5, in: 1, .user("think about it"), at: 38977),
                    message(
                        6, in: 1, .assistant("You said: think about it", thinking: "Thinking step 1 step 2 step 3"),
                        model: "qwen3:4b", at: 38978, completed: 38980,
                        usage: usage(51, 9, 1_513_809_031, 1_504_119_871, 9_183_517, 92_908)),
                ]
            ),
            "tools-session": (
                session(2, "tools-session", 45552, 45567),
                [
                    setting(.model(llama), 45552),
                    message(7, in: 2, .user("compute six times seven"), at: 45554),
                    message(
                        8, in: 2, .assistant("You said: compute six times seven", toolCalls: [call]), model: llama,
                        at: 45558, completed: 45562, usage: usage(12, 6, 17_977_448, 15_218_375, 2_163_517, 182_821)),
                    message(9, in: 2, .tool("42", name: "calculate", callID: "call_1"), at: 45563),
                    message(
                        10, in: 2, .assistant("Tool results: 42"), model: llama, at: 45564, completed: 45567,
                        usage: usage(30, 3, 21_143_980, 15_218_375, 5_403_517, 109_353)),
                ]
            ),
            "cut-short": (
                session(3, "cut-short", 46641, 46648),
                [
                    setting(.model(llama), 46641),
                    message(11, in: 3, .user("tell me a long story please"), at: 46643),
                    message(
                        12, in: 3, .assistant("You said: tell"), model: llama, at: 46645, completed: 46648,
                        interrupted: true),
                ]
            ),
            "first-session · llama3.1:8b": (
                session(4, "first-session · llama3.1:8b", 49974, 49986, parent: 1),
                [
                    setting(.model(llama), 49974),
                    message(13, in: 4, .user("hello there"), at: 49976),
                    message(
                        14, in: 4, .assistant("You said: hello there"), model: llama, at: 49977, completed: 49979,
                        usage: usage(9, 4, 17_348_877, 15_218_375, 1_623_517, 94_250)),
                    setting(terse, 49980), setting(options, 49981),
                    message(15, in: 4, .user("what is 6*7?"), at: 49982),
                    message(
                        16, in: 4, .assistant("You said: what is 6*7?"), model: llama, at: 49982, completed: 49984,
                        usage: usage(34, 5, 21_821_677, 15_218_375, 6_123_517, 67_050)),
                    setting(.think(.enabled(true)), 49985),
                    message(17, in: 4, .user("think about it"), at: 49986),
                ]
            ),
        ]
    }()

    @Test func theReleasedDatabaseIsUpgradedInPlaceWithEverySessionAsOneBranch() throws {
        try withTemporaryFolder { folder in
            let path = try Self.copyOfReleasedDatabase(in: folder)
            let store = try SQLiteSessionStore(path: path)

            let list = try store.listSessions()
            #expect(Set(list.map(\.session.name)) == Set(Self.expected.keys))
            for (name, (session, events)) in Self.expected {
                let loaded = try store.loadSession(named: name)
                let linear = SessionTranscript(session: session, events: events)
                #expect(loaded == linear, "\(name)")
                // Said outright, so a mistake in the linear transcript cannot hide one here.
                let messages = loaded.allMessages
                #expect(messages.first?.parentID == nil)
                #expect(zip(messages.dropFirst(), messages).allSatisfy { $0.parentID == $1.id }, "\(name)")
                #expect(loaded.headID == messages.last?.id, "\(name)")
                #expect(loaded.branches.count == 1, "\(name)")
                #expect(loaded.events == loaded.timeline, "\(name)")
                #expect(list.first { $0.session.name == name }?.messageCount == messages.count)
            }
            let replay = try store.loadSession(named: "first-session · llama3.1:8b")
            #expect(replay.session.parentID == SessionID(rawValue: 1))
            #expect(try store.search("seven").map(\.message.id.rawValue) == [8, 7])

            // A message recorded after the upgrade follows the session's last one.
            let tools = try store.loadSession(named: "tools-session")
            let next = try store.appendMessage(
                .user("and eight times nine?"), to: tools.session.id, model: nil, usage: nil, interrupted: false,
                at: Self.time(60000))
            #expect(next.parentID == StoredMessageID(rawValue: 10))
            let answer = try store.beginAnswer(in: tools.session.id, model: "llama3.1:8b", at: Self.time(60001))
            let after = try store.loadSession(named: "tools-session")
            #expect(after.allMessages.last?.parentID == next.id)
            #expect(after.headID == answer)
            #expect(after.branches.count == 1)

            // The file itself was upgraded: the latest migration is recorded, and opening it again migrates nothing.
            let migrations = try DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            }
            #expect(migrations.last == "v6 attachments")
            #expect(migrations.count == 6)
            let again = try SQLiteSessionStore(path: path)
            #expect(try again.loadSession(named: "tools-session") == after)
            let stillSix = try DatabaseQueue(path: path).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations")
            }
            #expect(stillSix == 6)
        }
    }

    @Test func theReleasedExportImportsAsOneBranchWithItsToolCall() throws {
        let archive = try SessionExport.read(
            from: Self.fixtures.appendingPathComponent("release-2026-12-06-tools-session.json").path)
        #expect(archive.messageRecords.map(\.parent) == [nil, 1, 2, 3])
        #expect(archive.head == 4)
        for kind in StoreKind.allCases {
            try withStore(kind) { store in
                let session = try store.importSession(archive)
                let loaded = try store.loadSession(id: session.id)
                let (original, events) = try #require(Self.expected["tools-session"])
                #expect(loaded.session.name == "tools-session")
                #expect(loaded.session.createdAt == original.createdAt)
                #expect(loaded.session.lastUsedAt == original.lastUsedAt)
                let messages = loaded.allMessages
                #expect(messages.map(\.message) == events.compactMap { event in
                    if case .message(let message) = event { return message.message }
                    return nil
                })
                let call = ToolCall(id: "call_1", name: "calculate", arguments: ["expression": "6*7"])
                #expect(messages[1].message.toolCalls == [call])
                #expect(messages[2].message.toolCallID == "call_1")
                #expect(messages[2].message.toolName == "calculate")
                #expect(messages[1].usage == Self.usage(12, 6, 17_977_448, 15_218_375, 2_163_517, 182_821))
                #expect(messages.first?.parentID == nil)
                #expect(zip(messages.dropFirst(), messages).allSatisfy { $0.parentID == $1.id })
                #expect(loaded.headID == messages.last?.id)
                #expect(loaded.branches.count == 1)
                #expect(loaded.events.count == events.count)
                #expect(loaded.finalSettings.model == "llama3.1:8b")
            }
        }
    }
}
