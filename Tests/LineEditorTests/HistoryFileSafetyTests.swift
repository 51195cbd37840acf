import Foundation
import Testing

@testable import LineEditor

@Suite("History file safety")
struct HistoryFileSafetyTests {
    @Test("a symbolic link at the history path is neither read nor written through")
    func symbolicLinkIsNotFollowed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = directory.path + "/precious"
        try "keep me\n".write(toFile: target, atomically: true, encoding: .utf8)
        let link = directory.path + "/history"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)

        var store = HistoryStore(path: link, limit: 100)
        #expect(throws: LineEditorError.historyFile(path: link, reason: "it is a symbolic link (not followed)")) {
            try store.load()
        }
        #expect(throws: LineEditorError.self) { try store.append("secret") }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
    }

    @Test("a link to a file that does not exist yet is not created through")
    func danglingLinkIsNotFollowed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = directory.path + "/elsewhere"
        let link = directory.path + "/history"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        var store = HistoryStore(path: link, limit: 100)
        #expect(throws: LineEditorError.self) { try store.append("secret") }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("a directory at the history path is named as one, when loading and when writing")
    func directoryIsReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var store = HistoryStore(path: directory.path, limit: 100)
        #expect(throws: LineEditorError.historyFile(path: directory.path, reason: "it is a directory")) { try store.load() }
        do {
            try store.append("x")
            Issue.record("appending to a directory succeeded")
        } catch {
            #expect(error.description.contains("it is a directory"))
        }
    }

    @Test("a FIFO at the history path is refused at once, not waited on")
    func fifoIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/history"
        #expect(mkfifo(path, 0o600) == 0)
        var store = HistoryStore(path: path, limit: 100)
        #expect(throws: LineEditorError.historyFile(path: path, reason: "it is not a regular file")) { try store.load() }
    }
}
