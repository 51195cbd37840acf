import Foundation
import GRDB
import SessionStore
import TachikomaCore
import Testing

/// Bad files and bad conditions: one typed error naming the file, and the file left as it was.
@Suite struct StoreFailureTests {
    /// A store with one session of a few messages, closed again; returns the file's path.
    static func makeDatabase(in folder: String) throws -> String {
        let path = databasePath(in: folder)
        let store = try SQLiteSessionStore(path: path)
        let session = try store.createSession(NewSession(name: "kept", firstUserText: "hello"))
        for number in 0..<50 {
            _ = try store.appendMessage(.user("message \(number) " + String(repeating: "text ", count: 40)), to: session.id)
        }
        return path
    }

    static func overwrite(_ path: String, at offset: UInt64, count: Int) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: count))
    }

    @Test(arguments: [(UInt64(16), 84), (UInt64(100), 3900)])
    func aDamagedDatabaseIsReportedAndNeverOverwritten(offset: UInt64, count: Int) throws {
        try withTemporaryFolder { folder in
            let path = try Self.makeDatabase(in: folder)
            // Closed stores leave no WAL behind: what is overwritten is the whole database.
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
            try Self.overwrite(path, at: offset, count: count)
            let damaged = fileBytes(path)

            let error = #expect(throws: SessionStoreError.self) {
                let store = try SQLiteSessionStore(path: path)
                _ = try store.loadSession(named: "kept")
            }
            guard case .damaged(let reported, _)? = error else {
                Issue.record("expected .damaged, got \(String(describing: error))")
                return
            }
            #expect(reported == path)
            #expect(error?.description.hasPrefix("\(path) is damaged") == true)
            #expect(fileBytes(path) == damaged)
        }
    }

    @Test func aReadOnlyDatabaseStillLoadsButRefusesWrites() throws {
        try withTemporaryFolder { folder in
            let path = try Self.makeDatabase(in: folder)
            var options = SQLiteSessionStore.Options()
            options.openReadOnly = true
            let store = try SQLiteSessionStore(path: path, options: options)
            let kept = try store.loadSession(named: "kept")
            #expect(kept.messages.count == 50)
            #expect(throws: SessionStoreError.readOnly(path: path)) {
                try store.appendMessage(.user("more"), to: kept.session.id)
            }
            // A new database needs its schema written, so read-only it cannot be used at all.
            let fresh = folder + "/fresh/tachikoma.sqlite"
            #expect(throws: SessionStoreError.readOnly(path: fresh)) {
                try SQLiteSessionStore(path: fresh, options: options)
            }
        }
    }

    /// Permission bits bind only a user who is not root; the hook above covers root.
    @Test(.enabled(if: geteuid() != 0, "root writes through permission bits"))
    func aReadOnlyFolderIsReportedByName() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            try FileManager.default.createDirectory(atPath: folder + "/tachikoma", withIntermediateDirectories: true)
            chmod(folder + "/tachikoma", 0o500)
            #expect(throws: SessionStoreError.readOnly(path: path)) { try SQLiteSessionStore(path: path) }
        }
    }

    @Test func aFolderThatCannotBeMadeIsReportedByName() throws {
        try withTemporaryFolder { folder in
            // A file where the folder should be.
            try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/tachikoma"))
            let error = #expect(throws: SessionStoreError.self) { try SQLiteSessionStore(path: databasePath(in: folder)) }
            #expect(error == .cannotOpen(path: folder + "/tachikoma", reason: "it is a file, not a folder"))
        }
    }

    @Test func aFullDiskIsReportedAndWhatWasSavedStays() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            var options = SQLiteSessionStore.Options()
            options.pageLimit = 40
            let store = try SQLiteSessionStore(path: path, options: options)
            let session = try store.createSession(NewSession(name: "big", firstUserText: ""))
            var saved = 0
            let error = #expect(throws: SessionStoreError.self) {
                for _ in 0..<10_000 {
                    _ = try store.appendMessage(.user(String(repeating: "full ", count: 200)), to: session.id)
                    saved += 1
                }
            }
            #expect(error == .diskFull(path: path))
            #expect(saved > 0)
            #expect(try store.loadSession(named: "big").messages.count == saved)
        }
    }

    /// A disk that fills while the database is first made, at whatever step: one `.diskFull`, and
    /// once there is room the next open finishes the job (it was once refused as another program's).
    @Test func aDatabaseWhoseCreationFilledTheDiskIsFinishedLater() throws {
        for pageLimit in 1...12 {
            try withTemporaryFolder { folder in
                let path = databasePath(in: folder)
                var options = SQLiteSessionStore.Options()
                options.pageLimit = pageLimit
                do {
                    _ = try SQLiteSessionStore(path: path, options: options)
                } catch {
                    #expect((error as? SessionStoreError) == .diskFull(path: path), "page limit \(pageLimit)")
                }
                let store = try SQLiteSessionStore(path: path)
                let session = try store.createSession(NewSession(name: "after", firstUserText: "room again"))
                _ = try store.appendMessage(.user("room again"), to: session.id)
                #expect(try store.search("room").count == 1)
            }
        }
    }

    @Test func aDatabaseHeldByAnotherProcessPastTheBusyTimeoutIsLocked() throws {
        try withTemporaryFolder { folder in
            let path = try Self.makeDatabase(in: folder)
            var options = SQLiteSessionStore.Options(busyTimeout: .milliseconds(20))
            options.pageLimit = nil
            let store = try SQLiteSessionStore(path: path, options: options)
            let kept = try store.loadSession(named: "kept")
            let other = try DatabaseQueue(path: path)
            try other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                defer { try? db.execute(sql: "ROLLBACK") }
                #expect(throws: SessionStoreError.locked(path: path)) {
                    try store.appendMessage(.user("blocked"), to: kept.session.id)
                }
                // Reading still works while another process writes (WAL).
                #expect(try store.loadSession(named: "kept").messages.count == 50)
            }
            _ = try store.appendMessage(.user("after"), to: kept.session.id)
            #expect(try store.loadSession(named: "kept").messages.count == 51)
        }
    }
}
