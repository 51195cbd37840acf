import Attachments
import Foundation
import TachikomaCore
import Testing

@Suite struct ReaderTests {
    @Test func aFileIsAPictureByItsBytesOrTextOrRefusedWithItsName() throws {
        let folder = try TestFolder()
        try folder.write("cat.png", Pictures.png)
        try folder.write("fake.png", "not a picture")
        try folder.write("notes.txt", "one\ntwo\nthree\n")
        try folder.write("blob.bin", [0x00, 0x01, 0x02, 0xFF])
        try folder.write("photo", Pictures.jpeg)
        let reader = AttachmentReader(workingDirectory: folder.path, home: folder.path)
        let cat = try reader.readFile("cat.png")
        #expect(cat.kind == .media(.png) && cat.bytes == Pictures.png && cat.label == "[image cat.png · 70 B]")
        #expect(try reader.readFile("~/photo").kind == .media(.jpeg))
        let notes = try reader.readFile("./notes.txt")
        #expect(notes.kind == .text(.file) && notes.label == "[file notes.txt · 3 lines]")
        #expect(throws: AttachmentError.notWhatItsNameSays(path: "fake.png", claimed: .png)) { try reader.readFile("fake.png") }
        #expect(throws: AttachmentError.binary(path: "blob.bin")) { try reader.readFile("blob.bin") }
        #expect(throws: AttachmentError.notFound(path: "missing.txt")) { try reader.readFile("missing.txt") }
    }

    @Test func theLimitsOfOneMessageAreKeptAndSaidWithTheKey() throws {
        let folder = try TestFolder()
        try folder.write("big.txt", String(repeating: "x", count: 2_000))
        let reader = AttachmentReader(limits: AttachmentLimits(mediaBytes: 100, textBytes: 1_000), workingDirectory: folder.path)
        #expect(throws: AttachmentError.tooLarge(name: "big.txt", bytes: 2_000, limit: 1_000, what: "attached text")) {
            try reader.readFile("big.txt")
        }
        let picture = Attachment(name: "a.png", kind: .media(.png), bytes: [UInt8](repeating: 1, count: 60))
        #expect(reader.limits.check([picture]) == nil)
        let second = Attachment(name: "b.png", kind: .media(.png), bytes: [UInt8](repeating: 1, count: 60))
        let problem = try #require(reader.limits.check([picture, second]))
        #expect(problem.description.contains("b.png") && problem.description.contains("max_attachment_bytes"))
    }

    @Test func aFolderGivesItsTextFilesAndSaysWhatItSkipped() throws {
        let folder = try TestFolder()
        try folder.write("proj/.gitignore", "build/\n*.log\n!keep.log\n/top.txt\n")
        try folder.write("proj/README.md", "# hi\n")
        try folder.write("proj/src/main.swift", "print(1)\n")
        try folder.write("proj/src/top.txt", "not the top one\n")
        try folder.write("proj/top.txt", "ignored at the top only\n")
        try folder.write("proj/build/out.txt", "built\n")
        try folder.write("proj/debug.log", "noise\n")
        try folder.write("proj/keep.log", "kept\n")
        try folder.write("proj/.hidden/secret.txt", "s\n")
        try folder.write("proj/.env", "KEY=1\n")
        try folder.write("proj/logo.png", Pictures.png)
        try folder.write("proj/tool.bin", [0, 1, 2, 3])
        let reader = AttachmentReader(workingDirectory: folder.path)
        let result = try reader.readFolder("proj")
        #expect(result.attachments.map(\.name) == ["proj/README.md", "proj/keep.log", "proj/src/main.swift", "proj/src/top.txt"])
        #expect(
            result.summary(folder: "proj")
                == "Attached 4 files from proj (35 B); skipped 2 hidden, 3 ignored by .gitignore, 1 binary, 1 pictures.")
        try folder.write("empty/.x", "hidden\n")
        #expect(throws: AttachmentError.nothingUsable(folder: "empty", skipped: "1 hidden")) { try reader.readFolder("empty") }
    }

    @Test func ignorePatternsMatchAsGitDoes() {
        var rules = IgnoreRules()
        rules.add("*.o\n/out\ndocs/**/draft*.md\n# comment\nnode_modules/\n", base: "")
        rules.add("secret?.txt\n", base: "sub")
        #expect(rules.ignores("a/b/c.o", isFolder: false))
        #expect(rules.ignores("out", isFolder: true) && !rules.ignores("x/out", isFolder: true))
        #expect(rules.ignores("docs/a/b/draft1.md", isFolder: false) && rules.ignores("docs/draft.md", isFolder: false))
        #expect(rules.ignores("x/node_modules", isFolder: true) && !rules.ignores("x/node_modules", isFolder: false))
        #expect(rules.ignores("sub/deep/secret1.txt", isFolder: false) && !rules.ignores("secret1.txt", isFolder: false))
        #expect(!rules.ignores("main.c", isFolder: false))
    }

    @Test func aCommandsOutputAndStatusAreTakenAndAFailureWithoutOutputIsNot() async throws {
        let folder = try TestFolder()
        try folder.write("here.txt", "x")
        let reader = CommandOutputReader(limit: 1_000, workingDirectory: folder.path)
        let listed = try await reader.run("ls; echo oops >&2; exit 3")
        #expect(listed.text == "here.txt\noops\n" && listed.kind == .text(.command(exitStatus: 3)))
        #expect(listed.label == "[output of !ls; echo oops >&2; exit 3 · 2 lines · exit 3]")
        await #expect(throws: AttachmentError.commandFailed(command: "!false", reason: "it printed nothing and exited with status 1")) {
            try await reader.run("false")
        }
        await #expect(throws: AttachmentError.self) { try await CommandOutputReader(limit: 10).run("seq 1 100") }
    }

    @Test func htmlBecomesReadableText() {
        let html = """
            <html><head><title>The Page</title><style>p{}</style></head><body><script>alert(1)</script>
            <h1>Hello &amp; welcome</h1><p>First&nbsp;para<br>next line</p><ul><li>one</li><li>two &#8212; &#x41;</li></ul>
            <!-- hidden --></body></html>
            """
        #expect(HTMLText.text(of: html) == "The Page\n\nHello & welcome\n\nFirst para\nnext line\n\n- one\n- two — A")
    }
}
