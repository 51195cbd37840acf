import Foundation
import Testing

@testable import LineEditor

@Suite("History file")
struct HistoryStoreTests {
    static let awkwardEntries = [
        "plain",
        "two\nlines",
        "tab\there",
        #"back\slash and \n literal"#,
        "trailing backslash \\",
        "carriage\rreturn",
        "café 日本語 🙂 👩‍👩‍👧",
        "\"\"\"\nquoted block\n\"\"\"",
    ]

    @Test("entries round-trip through the file: newlines, tabs, backslashes, UTF-8")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/history"
        var writer = HistoryStore(path: path, limit: 100)
        for entry in Self.awkwardEntries {
            try writer.append(entry)
        }
        // One line per entry, whatever the entry holds.
        #expect(try directory.lines(of: path).count == Self.awkwardEntries.count)

        var reader = HistoryStore(path: path, limit: 100)
        #expect(try reader.load() == Self.awkwardEntries)
    }

    @Test("encode and decode are inverse, and unknown escapes survive decoding")
    func escaping() {
        for entry in Self.awkwardEntries {
            #expect(HistoryStore.decode(HistoryStore.encode(entry)) == entry)
            #expect(!HistoryStore.encode(entry).contains("\n"))
        }
        #expect(HistoryStore.encode("a\\b\nc\td") == #"a\\b\nc\td"#)
        #expect(HistoryStore.decode(#"keep \q and end \"#) == #"keep \q and end \"#)
    }

    @Test("the file is 0600 and the directories created for it are 0700")
    func permissions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/state/tachikoma/history"
        var store = HistoryStore(path: path, limit: 10)
        try store.append("hello")
        #expect(try directory.permissions(of: path) == 0o600)
        #expect(try directory.permissions(of: directory.path + "/state/tachikoma") == 0o700)
        #expect(try directory.permissions(of: directory.path + "/state") == 0o700)
    }

    @Test("an existing file readable by others is made private on the next write")
    func tightensPermissions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/history"
        FileManager.default.createFile(atPath: path, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o644])
        var store = HistoryStore(path: path, limit: 10)
        #expect(try store.load() == ["old"])
        try store.append("new")
        #expect(try directory.permissions(of: path) == 0o600)
    }

    @Test("consecutive duplicates are folded when adding and when loading")
    func duplicates() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/history"
        var store = HistoryStore(path: path, limit: 10)
        #expect(try store.append("a"))
        #expect(try !store.append("a"))
        #expect(try store.append("b"))
        #expect(try store.append("a"))
        #expect(try !store.append(""))
        #expect(try directory.lines(of: path) == ["a", "b", "a"])

        // Two sessions may each append the same entry; loading folds them.
        try "x\nx\ny\nx\nx\n".write(toFile: path, atomically: true, encoding: .utf8)
        var reader = HistoryStore(path: path, limit: 10)
        #expect(try reader.load() == ["x", "y", "x"])
        // The last loaded entry counts as the previous one.
        #expect(try !reader.append("x"))
    }

    @Test("loading keeps the newest entries up to the limit")
    func loadLimit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/history"
        try (1...30).map { "entry \($0)\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
        var store = HistoryStore(path: path, limit: 20)
        let entries = try store.load()
        #expect(entries.count == 20)
        #expect(entries.first == "entry 11")
        #expect(entries.last == "entry 30")
        // 30 lines is not yet well past a limit of 20 (threshold 36): the file is left alone.
        #expect(try directory.lines(of: path).count == 30)
    }

    @Test("a file grown well past the limit is trimmed to the newest entries")
    func trimming() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/history"
        var store = HistoryStore(path: path, limit: 20)
        #expect(store.compactionThreshold == 36)
        for number in 1...36 {
            try store.append("entry \(number)")
        }
        #expect(try directory.lines(of: path).count == 36)
        try store.append("entry 37")
        let lines = try directory.lines(of: path)
        #expect(lines.count == 20)
        #expect(lines.first == "entry 18")
        #expect(lines.last == "entry 37")
        #expect(try directory.permissions(of: path) == 0o600)

        // Loading an oversized file trims it too.
        try (1...100).map { "old \($0)\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
        var reader = HistoryStore(path: path, limit: 20)
        #expect(try reader.load().count == 20)
        #expect(try directory.lines(of: path) == (81...100).map { "old \($0)" })
    }

    @Test("each entry is in the file as soon as it is added")
    func appendPerEntry() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/history"
        var first = HistoryStore(path: path, limit: 50)
        _ = try first.load()
        try first.append("from the first session")

        var second = HistoryStore(path: path, limit: 50)
        #expect(try second.load() == ["from the first session"])
        try second.append("from the second")
        try first.append("first again")

        var third = HistoryStore(path: path, limit: 50)
        #expect(try third.load() == ["from the first session", "from the second", "first again"])
    }

    @Test("a missing file is an empty history and is not created by loading")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/not/yet/history"
        var store = HistoryStore(path: path, limit: 10)
        #expect(try store.load().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("an unusable path is reported with the path in the message")
    func unusablePath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let blocker = directory.path + "/file"
        FileManager.default.createFile(atPath: blocker, contents: Data())
        var store = HistoryStore(path: blocker + "/history", limit: 10)
        #expect(throws: LineEditorError.self) { try store.append("x") }
        do {
            try store.append("x")
        } catch {
            #expect(error.description.contains(blocker))
        }
    }

    @Test("a limit of zero keeps nothing")
    func zeroLimit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/history"
        var store = HistoryStore(path: path, limit: 0)
        #expect(try !store.append("x"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
