import Foundation
import Testing
import TachikomaCore
@testable import ToolKit

/// A root folder with files, beside an outside folder with a secret, and links between them;
/// removed on every path.
struct FileFixture: ~Copyable {
    let base: String
    var root: String { base + "/root" }
    var outside: String { base + "/outside" }

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("toolkit-\(UUID().uuidString)").path
        let manager = FileManager.default
        try manager.createDirectory(atPath: base + "/root/sub", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: base + "/outside", withIntermediateDirectories: true)
        try "hello from the root\n".write(toFile: base + "/root/notes.txt", atomically: true, encoding: .utf8)
        try "nested".write(toFile: base + "/root/sub/inner.txt", atomically: true, encoding: .utf8)
        try "top secret".write(toFile: base + "/outside/secret.txt", atomically: true, encoding: .utf8)
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]).write(to: URL(fileURLWithPath: base + "/root/program"))
        try manager.createSymbolicLink(atPath: base + "/root/escape.txt", withDestinationPath: base + "/outside/secret.txt")
        try manager.createSymbolicLink(atPath: base + "/root/escape-dir", withDestinationPath: base + "/outside")
        try manager.createSymbolicLink(atPath: base + "/root/alias.txt", withDestinationPath: "notes.txt")
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }
}

@Suite("read_file and list_directory stay inside tool_roots")
struct FileToolTests {
    @Test func readsATextFileInsideTheRoot() async throws {
        let fixture = try FileFixture()
        let tool = ReadFileTool(roots: ToolRoots([fixture.root]))
        #expect(try await tool.run(["path": "notes.txt"]) == "hello from the root\n")
        #expect(try await tool.run(["path": .string(fixture.root + "/sub/inner.txt")]) == "nested")
        // A link that stays inside is followed.
        #expect(try await tool.run(["path": "alias.txt"]) == "hello from the root\n")
        // `..` that comes back inside is fine.
        #expect(try await tool.run(["path": "sub/../notes.txt"]) == "hello from the root\n")
    }

    @Test func aNamedPipeIsRefusedRatherThanWaitedOn() async throws {
        let fixture = try FileFixture()
        #expect(mkfifo(fixture.root + "/pipe", 0o600) == 0)
        let tool = ReadFileTool(roots: ToolRoots([fixture.root]))
        // Opening it would wait for a writer that never comes.
        await #expect(throws: ToolError.self) { try await tool.run(["path": "pipe"]) }
    }

    @Test(arguments: ["../outside/secret.txt", "escape.txt", "escape-dir/secret.txt", "/etc/passwd", "sub/../../outside/secret.txt"])
    func refusesPathsLeadingOutside(path: String) async throws {
        let fixture = try FileFixture()
        let tool = ReadFileTool(roots: ToolRoots([fixture.root]))
        await #expect(throws: ToolError.outsideRoots(tool: "read_file", path: path)) {
            try await tool.run(["path": .string(path)])
        }
    }

    @Test func thePreviewShowsTheResolvedPathAndRefusesOneOutside() throws {
        let fixture = try FileFixture()
        let roots = ToolRoots([fixture.root])
        let real = try #require(ToolRoots.realPath(fixture.root))
        #expect(try ReadFileTool(roots: roots).preview(["path": "alias.txt"]) == "read the file alias.txt (\(real)/notes.txt)")
        #expect(try ListDirectoryTool(roots: roots).preview([:]) == "list the folder . (\(real))")
        #expect(throws: ToolError.outsideRoots(tool: "read_file", path: "escape.txt")) {
            try ReadFileTool(roots: roots).preview(["path": "escape.txt"])
        }
        #expect(throws: ToolError.invalidArguments(tool: "read_file", reason: "'path' must be a string, not a number")) {
            try ReadFileTool(roots: roots).preview(["path": 3])
        }
    }

    @Test func aMissingPathOutsideIsStillOutside() async throws {
        let fixture = try FileFixture()
        let tool = ReadFileTool(roots: ToolRoots([fixture.root]))
        await #expect(throws: ToolError.outsideRoots(tool: "read_file", path: "../nothing-here")) {
            try await tool.run(["path": "../nothing-here"])
        }
        await #expect(throws: ToolError.failed(tool: "read_file", message: "'missing.txt' does not exist")) {
            try await tool.run(["path": "missing.txt"])
        }
    }

    @Test func refusesBinaryAndCutsLongFiles() async throws {
        let fixture = try FileFixture()
        let tool = ReadFileTool(roots: ToolRoots([fixture.root]), maximumBytes: 10)
        await #expect(throws: ToolError.self) { try await tool.run(["path": "program"]) }
        let cut = try await tool.run(["path": "notes.txt"])
        #expect(cut.hasPrefix("hello from"))
        #expect(cut.contains("cut after 10 of 20 bytes"))
        // A multi-byte character at the cut is not split.
        try "ééééééé".write(toFile: fixture.root + "/accents.txt", atomically: true, encoding: .utf8)
        #expect(try await tool.run(["path": "accents.txt"]).hasPrefix("ééééé\n"))
        try "aaaaaaaaaéé".write(toFile: fixture.root + "/split.txt", atomically: true, encoding: .utf8)
        #expect(try await tool.run(["path": "split.txt"]).hasPrefix("aaaaaaaaa\n[read_file: cut after 9 of 13 bytes]"))
    }

    @Test func listsAFolderAndRefusesOneOutside() async throws {
        let fixture = try FileFixture()
        let tool = ListDirectoryTool(roots: ToolRoots([fixture.root]))
        let listing = try await tool.run([:])
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix(": 6 entries") == true)
        #expect(lines.contains("sub/"))
        #expect(lines.contains("notes.txt  20 bytes"))
        #expect(lines.contains { $0.hasPrefix("escape.txt -> ") })
        await #expect(throws: ToolError.outsideRoots(tool: "list_directory", path: "escape-dir")) {
            try await tool.run(["path": "escape-dir"])
        }
        await #expect(throws: ToolError.outsideRoots(tool: "list_directory", path: "..")) {
            try await tool.run(["path": ".."])
        }
    }

    @Test func rootsThatDoNotExistAreReported() async throws {
        let fixture = try FileFixture()
        let roots = ToolRoots([fixture.root, fixture.base + "/nope"])
        #expect(roots.missing == [fixture.base + "/nope"])
        let provided = await BuiltinTools.provider(roots: roots).tools()
        #expect(provided.tools.map(\.definition.name) == ["current_time", "calculate", "read_file", "list_directory", "fetch_url"])
        #expect(provided.problems.count == 1)
    }
}
