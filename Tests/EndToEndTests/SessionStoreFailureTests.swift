import Foundation
import GRDB
import Testing
import TachikomaCore

/// A database the session commands cannot use: one line naming the file and the problem, exit 1,
/// never a trap, and the file left exactly as it was.
@Suite struct SessionStoreFailureTests {
    static let commands = [["sessions"], ["history", "sky"], ["search", "sky"], ["rm", "sky"], ["diff", "sky", "sky"]]

    /// Every command fails with one line naming the file and containing `problem`; the file's bytes
    /// stay the same, import included.
    static func expectRefused(_ home: SessionHome, problem: String) async throws {
        let before = fileBytes(home.databasePath)
        #expect(before != nil)
        let export = try home.home.file("export.json")
        try Data(
            #"{"format": "tachikoma-session", "version": 1, "session": {"name": "x", "createdAt": "2026-11-26T20:31:07.123Z", "lastUsedAt": "2026-11-26T20:31:07.123Z"}, "events": []}"#
                .utf8
        ).write(to: URL(fileURLWithPath: export))
        for arguments in commands + [["import", export], ["export", "sky", try home.home.file("sky.md")]] {
            let result = try await home.run(arguments)
            SessionCommandTests.expectOneLine(result, exitCode: 1, mentioning: [home.databasePath, problem])
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        #expect(fileBytes(home.databasePath) == before)
    }

    /// Writes to a database as another program would (synchronously: GRDB's async `write` needs
    /// no extra thread here).
    static func execute(_ sql: String, in path: String) throws {
        try DatabaseQueue(path: path).write { db in try db.execute(sql: sql) }
    }

    @Test(arguments: [(UInt64(100), 3900, "is damaged"), (UInt64(16), 84, "is damaged")])
    func aDamagedDatabaseIsReportedAndNeverOverwritten(offset: UInt64, count: Int, problem: String) async throws {
        try await withSessionHome { home in
            try home.seedSample()
            let handle = try #require(FileHandle(forUpdatingAtPath: home.databasePath))
            try handle.seek(toOffset: offset)
            try handle.write(contentsOf: Data(repeating: 0xA5, count: count))
            try handle.close()
            try await Self.expectRefused(home, problem: problem)
        }
    }

    @Test func aFileThatIsNotADatabaseIsLeftAlone() async throws {
        try await withSessionHome { home in
            try FileManager.default.createDirectory(
                atPath: (home.databasePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(String(repeating: "my notes, not a database\n", count: 200).utf8)
                .write(to: URL(fileURLWithPath: home.databasePath))
            try await Self.expectRefused(home, problem: "is not an SQLite database")
        }
    }

    @Test func anotherProgramsDatabaseIsLeftAlone() async throws {
        try await withSessionHome { home in
            try FileManager.default.createDirectory(
                atPath: (home.databasePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Self.execute("CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x')", in: home.databasePath)
            try await Self.expectRefused(home, problem: "another program's SQLite database")
        }
    }

    /// Another program's database in WAL mode, open in that program (this test) with its changes
    /// still in its `-wal`: every command and the chat refuse it, and the main file, the `-wal` and
    /// the `-shm` keep every byte (opening it for writing would fold the `-wal` into the file and
    /// delete both on closing).
    @Test(arguments: [nil, 0x1234_5678] as [Int32?])
    func anotherProgramsWALDatabaseIsLeftAloneWithItsWALAndSHM(applicationID: Int32?) async throws {
        try await withSessionHome { home in
            let path = home.databasePath
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let program = try DatabaseQueue(path: path)
            try await program.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                // Checkpoints only at close: the rows stay in the -wal while the program runs.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            }
            try await program.write { db in
                if let applicationID { try db.execute(sql: "PRAGMA application_id = \(applicationID)") }
                try db.execute(sql: "CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x')")
            }
            let files = [path, path + "-wal", path + "-shm"]
            let before = files.map(fileBytes)
            #expect(before.allSatisfy { ($0?.count ?? 0) > 0 }, "the -wal and -shm are there, the -wal with the rows")
            try await Self.expectRefused(home, problem: "another program's SQLite database")
            let chat = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["--host", "http://127.0.0.1:9"],
                environment: ["XDG_DATA_HOME": home.home.path + "/data"], home: home.home)
            try await chat.waitFor("another program's SQLite database")
            try await chat.waitForPrompt()
            #expect(try await chat.quitWithCtrlD() == 0)
            #expect(files.map(fileBytes) == before)
            let urls = try await program.read { db in try String.fetchAll(db, sql: "SELECT url FROM bookmarks") }
            #expect(urls == ["x"])
        }
    }

    /// A newer Tachikoma's database, its migration still in the `-wal` of the chat that made it:
    /// refused, its three files byte-identical.
    @Test func aNewerTachikomasDatabaseWithItsMigrationInTheWALIsLeftAlone() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            let path = home.databasePath
            let newer = try DatabaseQueue(path: path)
            try await newer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
            try await newer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9 from the future')") }
            let files = [path, path + "-wal", path + "-shm"]
            let before = files.map(fileBytes)
            #expect((before[1]?.count ?? 0) > 0, "the migration is in the -wal")
            try await Self.expectRefused(home, problem: "newer Tachikoma")
            #expect(files.map(fileBytes) == before)
            _ = newer
        }
    }

    @Test func aDatabaseFromANewerTachikomaIsLeftAlone() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            try Self.execute("INSERT INTO grdb_migrations VALUES ('v9 from the future')", in: home.databasePath)
            try await Self.expectRefused(home, problem: "newer Tachikoma")
        }
    }

    /// Writes wait for another process's transaction (the busy wait), then give up with one line;
    /// reads go on (WAL).
    @Test func aDatabaseLockedByAnotherProcessRefusesWritesAndStillReads() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            let holder = try await DatabaseLockHolder.hold(home.databasePath)
            let removal: CommandResult, listing: CommandResult
            do {
                removal = try await home.run(["rm", "sky"])
                listing = try await home.run(["sessions"])
            } catch {
                holder.release()
                throw error
            }
            holder.release()
            SessionCommandTests.expectOneLine(removal, exitCode: 1, mentioning: [home.databasePath, "locked by another process"])
            #expect(listing.exitCode == 0)
            #expect(listing.stdout.contains("sky on mistral"))
            // Once it is let go, the same command works.
            #expect(try await home.run(["rm", "sky"]).exitCode == 0)
        }
    }

    static let canDropRoot = geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    /// A read-only database file in a writable folder: what is saved can be read; deleting and
    /// importing say the file cannot be written, and it stays read-only and unchanged.
    @Test(.enabled(if: canDropRoot, "needs setpriv to run as a user bound by permission bits"))
    func aReadOnlyDatabaseIsReadButNotWritten() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            let export = try home.home.file("sky.json")
            #expect(try await home.run(["export", "sky", export]).exitCode == 0)
            home.giveDatabaseToThatUser()
            chmod(home.databasePath, 0o444)
            let before = fileBytes(home.databasePath)

            let listing = try await home.runBoundByPermissions(["sessions"])
            #expect(listing.exitCode == 0, "stderr: \(listing.stderr)")
            #expect(listing.stdout.contains("sky on mistral"))
            for arguments in [["rm", "sky"], ["import", export]] {
                SessionCommandTests.expectOneLine(
                    try await home.runBoundByPermissions(arguments), exitCode: 1,
                    mentioning: [home.databasePath, "cannot be written"])
            }
            #expect(fileBytes(home.databasePath) == before)
            var status = stat()
            stat(home.databasePath, &status)
            #expect(status.st_mode & 0o222 == 0, "the file was made writable")
            // Issue 20: reading it left nothing beside it.
            for suffix in ["-wal", "-shm"] {
                #expect(!FileManager.default.fileExists(atPath: home.databasePath + suffix), "\(suffix) left behind")
            }
        }
    }

    /// A read-only folder holding a read-only database: it is read as immutable (no shared-memory
    /// file is needed beside it), and a command that would change it says so in one line.
    @Test(.enabled(if: canDropRoot, "needs setpriv to run as a user bound by permission bits"))
    func aDatabaseInAReadOnlyFolderIsReadAndWritesAreReportedByName() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            home.giveDatabaseToThatUser()
            chmod(home.databasePath, 0o444)
            chmod(home.home.path + "/data/tachikoma", 0o555)
            defer { chmod(home.home.path + "/data/tachikoma", 0o755) }
            let before = fileBytes(home.databasePath)
            let listing = try await home.runBoundByPermissions(["sessions"])
            #expect(listing.exitCode == 0, "stderr: \(listing.stderr)")
            #expect(listing.stdout.contains("sky on mistral"))
            let history = try await home.runBoundByPermissions(["history", "sky"])
            #expect(history.exitCode == 0, "stderr: \(history.stderr)")
            SessionCommandTests.expectOneLine(
                try await home.runBoundByPermissions(["rm", "sky"]), exitCode: 1,
                mentioning: [home.databasePath, "cannot be written"])
            #expect(fileBytes(home.databasePath) == before)
        }
    }
}
