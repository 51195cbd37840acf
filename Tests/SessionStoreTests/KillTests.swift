import Foundation
import SessionStore
import TachikomaCore
import Testing

/// `kill -9` in the middle of an answer: what was saved before the kill is there after it.
@Suite struct KillTests {
    /// `store-bench`, built beside this test runner by `swift build --build-tests`.
    static var storeBench: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("store-bench").path
    }

    @Test func anAnswerSavedBeforeKill9IsKeptAndMarkedInterrupted() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.storeBench), "build store-bench first")
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.storeBench)
            process.arguments = ["crash-writer", path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            defer {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
            // Wait for the writer to say it saved (reading blocks until it writes or exits).
            var said = Data()
            while !said.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                said.append(chunk)
            }
            #expect(String(decoding: said, as: UTF8.self) == "saved\n")
            // The committed pages are still only in the WAL: reopening must recover them from it.
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(process.terminationStatus == SIGKILL)

            let store = try SQLiteSessionStore(path: path)
            let transcript = try store.loadSession(named: "crash")
            #expect(transcript.messages.map(\.message.role) == [.user, .assistant])
            let answer = try #require(transcript.messages.last)
            #expect(answer.message.content == "one two three")
            #expect(answer.isInterrupted)
            #expect(answer.completedAt == nil)
        }
    }
}
