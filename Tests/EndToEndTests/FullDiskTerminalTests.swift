import Foundation
import GRDB
import OllamaTestSupport
import SessionStore
import Testing
import TachikomaCore

/// The disk fills while the chat saves: one line, the chat goes on, and the database stays intact.
/// The full disk is the chat's file size limit (RLIMIT_FSIZE, as `ulimit -f` sets it) lowered to
/// the size its files have, so that the next save needs room it cannot have; a write past the limit
/// fails as on a full disk (and would kill a program that lets SIGXFSZ do what it does by default).
@Suite struct FullDiskTerminalTests {
    static let answerWords = 3000

    /// The messages saved so far, read as another process reads them.
    static func savedContents(_ path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let store = try SQLiteSessionStore(path: path)
        return try store.latestSession()?.messages.map(\.message.content) ?? []
    }

    /// prlimit(2) on the running chat: Glibc's module leaves the GNU function out, so it is looked up.
    static func limitFileSize(of pid: pid_t, to bytes: UInt64) -> Bool {
        typealias SetLimit = @convention(c) (pid_t, Int32, UnsafePointer<rlimit>?, UnsafeMutablePointer<rlimit>?) -> Int32
        guard let symbol = dlsym(nil, "prlimit") else { return false }
        let setLimit = unsafeBitCast(symbol, to: SetLimit.self)
        var limit = rlimit()
        guard setLimit(pid, Int32(RLIMIT_FSIZE.rawValue), nil, &limit) == 0 else { return false }
        limit.rlim_cur = rlim_t(bytes)
        return setLimit(pid, Int32(RLIMIT_FSIZE.rawValue), &limit, nil) == 0
    }

    static func fillers(in text: String) -> Int { text.components(separatedBy: "filler").count - 1 }

    @Test func aFullDiskWhileSavingIsOneLineAndTheChatGoesOnWithTheDatabaseIntact() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(Array(repeating: " filler", count: Self.answerWords))
        let home = ScratchHome()
        let database = home.path + "/.local/share/tachikoma/tachikoma.sqlite"
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL], home: home, columns: 300)
            try await chat.waitForPrompt()
            var mark = chat.mark
            chat.send("first message\r")
            try await chat.waitFor("filler filler", since: mark)
            try await chat.waitForPrompt()
            // The first turn is committed before the prompt comes back.
            let first = try Self.savedContents(database)
            #expect(first.first == "first message" && first.count == 2 && Self.fillers(in: first.last ?? "") == Self.answerWords)

            let sizes = [database, database + "-wal"].compactMap {
                (try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? UInt64
            }
            #expect(Self.limitFileSize(of: chat.pid, to: sizes.max() ?? 0))

            mark = chat.mark
            chat.send("second message\r")
            try await chat.waitFor("filler filler", since: mark)
            try await chat.waitForPrompt()
            let third = chat.mark
            chat.send("third message\r")
            try await chat.waitFor("filler filler", since: third)
            try await chat.waitForPrompt()
            let shown = chat.visibleText(since: mark)
            #expect(shown.components(separatedBy: "tachikoma.sqlite").count - 1 == 1, "one line about the database:\n\(shown)")
            #expect(Self.fillers(in: shown) == 2 * Self.answerWords, "both answers shown whole")
            #expect(try await chat.quitWithCtrlD() == 0)
        }
        // Intact, and it opens: SQLite's own check, and the first turn as it was committed.
        let queue = try DatabaseQueue(path: database)
        let check = try await queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(check == ["ok"])
        let saved = try Self.savedContents(database)
        #expect(saved.first == "first message" && saved.count >= 2 && Self.fillers(in: saved[1]) == Self.answerWords)
        home.remove()
    }
}
