import Foundation
import Synchronization
import GRDB
import SessionStore
import TachikomaCore
import Testing

/// The SQLite file itself: where it goes, its permissions, WAL, and what survives a restart.
@Suite struct StoreFileTests {
    @Test func theDefaultPathFollowsXDGDataHome() {
        #expect(
            StoreLocation.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"])
                == "/data/tachikoma/tachikoma.sqlite")
        #expect(
            StoreLocation.defaultPath(environment: ["HOME": "/home/a"])
                == "/home/a/.local/share/tachikoma/tachikoma.sqlite")
        // A relative XDG_DATA_HOME is invalid by the spec and ignored.
        #expect(
            StoreLocation.defaultPath(environment: ["XDG_DATA_HOME": "data", "HOME": "/home/a"])
                == "/home/a/.local/share/tachikoma/tachikoma.sqlite")
    }

    @Test func theFolderIsPrivateTheFilesTooAndTheJournalIsWAL() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            let store = try SQLiteSessionStore(path: path)
            let session = try store.createSession(NewSession(firstUserText: "hi"))
            _ = try store.appendMessage(.user("hi"), to: session.id)

            #expect(mode(folder + "/tachikoma") == 0o700)
            #expect(mode(path) == 0o600)
            #expect(mode(path + "-wal") == 0o600)
            #expect(mode(path + "-shm") == 0o600)
            let journal = try DatabaseQueue(path: path).read { db in
                try String.fetchOne(db, sql: "PRAGMA journal_mode")
            }
            #expect(journal == "wal")
            // Closing the store removes -wal and -shm: keep it open until they were checked.
            withExtendedLifetime(store) {}
        }
    }

    @Test func aLooserExistingDatabaseFileIsTightened() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            _ = try SQLiteSessionStore(path: path)
            chmod(path, 0o644)
            _ = try SQLiteSessionStore(path: path)
            #expect(mode(path) == 0o600)
            // Tightening never makes a read-only file writable.
            chmod(path, 0o444)
            _ = try SQLiteSessionStore(path: path)
            #expect(mode(path) == 0o400)
        }
    }

    /// An answer begun and saved part-way, then never finished (the process died), reads back as
    /// interrupted with what the last save held.
    @Test func anAnswerCutShortByACrashKeepsItsLastSavedText() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            let sessionID: SessionID
            do {
                let store = try SQLiteSessionStore(path: path)
                let session = try store.createSession(NewSession(name: "crash", firstUserText: "go"))
                sessionID = session.id
                _ = try store.appendMessage(.user("Count to ten"), to: session.id)
                let answer = try store.beginAnswer(in: session.id, model: "m")
                try store.saveProgress(of: answer, content: "one two", thinking: nil)
                try store.saveProgress(of: answer, content: "one two three", thinking: "counting")
                // No finishAnswer: the store goes away as if the process had been killed.
            }
            let reopened = try SQLiteSessionStore(path: path)
            let transcript = try #require(try reopened.latestSession())
            #expect(transcript.session.id == sessionID)
            let last = try #require(transcript.messages.last)
            #expect(last.message.content == "one two three")
            #expect(last.message.thinking == "counting")
            #expect(last.isInterrupted)
            #expect(last.completedAt == nil)
            #expect(try reopened.search("three").map(\.message.id) == [last.id])
        }
    }

    @Test func twoStoresOnOneFileBothSaveTheirSessionsAtOnce() async throws {
        try await withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            let first = try SQLiteSessionStore(path: path)
            let second = try SQLiteSessionStore(path: path)
            let count = 200
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, store) in [first, second].enumerated() {
                    group.addTask {
                        let session = try store.createSession(NewSession(name: "chat \(index)", firstUserText: ""))
                        for number in 0..<count {
                            let answer = try store.beginAnswer(in: session.id, model: "m\(index)")
                            try store.saveProgress(of: answer, content: "part \(number)", thinking: nil)
                            _ = try store.finishAnswer(answer, with: .assistant("answer \(number)"), usage: nil)
                        }
                    }
                }
                try await group.waitForAll()
            }
            for (index, store) in [second, first].enumerated() {
                let name = "chat \(1 - index)"
                let messages = try store.loadSession(named: name).messages
                #expect(messages.map(\.message.content) == (0..<count).map { "answer \($0)" })
                #expect(messages.allSatisfy { !$0.isInterrupted && $0.model == "m\(1 - index)" })
            }
        }
    }

    /// Chats started together on a machine with no database yet all open it: the ones that lose the
    /// race to make the schema wait for it instead of failing ("table session already exists").
    @Test func storesOpenedTogetherOnANewFileAllWork() async throws {
        try await withTemporaryFolder { folder in
            for round in 0..<5 {
                let path = folder + "/round\(round)/tachikoma.sqlite"
                let failures = Mutex<[String]>([])
                // Threads of their own: the openers block while they wait for each other, and the
                // concurrency pool the other tests wait on has as many threads as cores.
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    Thread {
                        DispatchQueue.concurrentPerform(iterations: 6) { _ in
                            do {
                                let store = try SQLiteSessionStore(path: path)
                                _ = try store.createSession(NewSession(firstUserText: "hello"))
                            } catch {
                                failures.withLock { $0.append(String(describing: error)) }
                            }
                        }
                        done.resume()
                    }.start()
                }
                #expect(failures.withLock { $0 }.isEmpty)
                let saved = try SQLiteSessionStore(path: path).listSessions().count
                #expect(saved == 6)
            }
        }
    }
}
