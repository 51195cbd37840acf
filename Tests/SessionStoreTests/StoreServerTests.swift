import Foundation
import SessionStore
import TachikomaCore
import Testing

/// Which server gave each answer (the `server` column, added by the third migration), on SQLite
/// and the in-memory double alike, through search, export and import.
@Suite struct StoreServerTests {
    static func check(_ store: any SessionStoring) throws {
        let session = try store.createSession(NewSession(name: "two", firstUserText: "hello", createdAt: instant(0)))
        _ = try store.appendMessage(.user("hello"), to: session.id, model: nil, usage: nil, interrupted: false, at: instant(1))
        let first = try store.beginAnswer(in: session.id, model: "llama3.1:8b", server: "alpha", at: instant(2))
        _ = try store.finishAnswer(first, with: .assistant("from alpha"), usage: nil, interrupted: false, at: instant(3))
        let unnamed = try store.beginAnswer(in: session.id, model: "llama3.1:8b", at: instant(4))
        _ = try store.finishAnswer(unnamed, with: .assistant("from nowhere in particular"), usage: nil, interrupted: false, at: instant(5))
        let second = try store.beginAnswer(in: session.id, model: "qwen3:8b", server: "beta", at: instant(6))
        _ = try store.finishAnswer(second, with: .assistant("from beta"), usage: nil, interrupted: false, at: instant(7))

        let loaded = try store.loadSession(named: "two")
        #expect(loaded.messages.map(\.server) == [nil, "alpha", nil, "beta"])
        let hit = try #require(try store.search("beta").first)
        #expect(hit.sessionName == "two", "the columns after the message's are read where they are")
        #expect(hit.message.server == "beta")

        let archive = SessionArchive(loaded)
        let imported = try store.importSession(archive)
        #expect(try store.loadSession(id: imported.id).messages.map(\.server) == [nil, "alpha", nil, "beta"])
        #expect(MarkdownTranscript.render(loaded).contains("## Assistant (qwen3:8b on beta)"))
    }

    @Test func sqliteKeepsTheServer() throws {
        try withTemporaryFolder { folder in
            try Self.check(try SQLiteSessionStore(path: databasePath(in: folder)))
        }
    }

    @Test func theInMemoryDoubleKeepsTheServer() throws {
        try Self.check(InMemorySessionStore())
    }
}
