import Foundation
import OllamaTestSupport
import SessionStore
import TachikomaCore
import Testing

/// Attachments as a person meets them in a terminal: two pictures typed by path for a vision model,
/// a folder and a command's output with /attach, a bad picture refused with the line given back, the
/// session resumed with its pictures sent again, and `run -i` into a pipe.
@Suite struct AttachmentTerminalTests {
    static let png = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x03, 0x00, 0x02, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]

    static var script: ServerScript {
        var seeing = ScriptedModel.gemma3
        seeing.capabilities = ["completion", "vision"]
        return ServerScript(models: [seeing, .llama31])
    }

    static func makeFiles(in home: ScratchHome) throws {
        try FileManager.default.createDirectory(atPath: home.path + "/pics", withIntermediateDirectories: true)
        try Data(png).write(to: URL(fileURLWithPath: home.path + "/pics/cat.png"))
        try Data(jpeg).write(to: URL(fileURLWithPath: home.path + "/pics/my dog.jpg"))
        try Data("not a picture".utf8).write(to: URL(fileURLWithPath: home.path + "/pics/fake.png"))
        try FileManager.default.createDirectory(atPath: home.path + "/notes/.git", withIntermediateDirectories: true)
        try "apples and pears\n".write(toFile: home.path + "/notes/list.txt", atomically: true, encoding: .utf8)
        try "x\n".write(toFile: home.path + "/notes/.git/HEAD", atomically: true, encoding: .utf8)
    }

    func lastUserMessages(_ server: ScriptedOllamaServer) throws -> [(content: String, images: Int)] {
        let request = try #require(server.recordedRequests().last { $0.path == "/api/chat" })
        guard case .array(let messages)? = request.json?.objectValue?["messages"] else { return [] }
        return zip(messages, request.messageImages).compactMap { message, images in
            message.objectValue?["role"]?.stringValue == "user" ? (message.objectValue?["content"]?.stringValue ?? "", images.count) : nil
        }
    }

    @Test func aChatAboutTwoPicturesAFolderAndACommandIsResumedWithThemAll() async throws {
        let home = ScratchHome()
        try Self.makeFiles(in: home)
        try await ScriptedOllamaServer.withRunning(Self.script) { server in
            let chat = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL, "--model", "gemma3:1b"], home: home)
            try await chat.waitForPrompt()
            var mark = chat.mark
            chat.send("compare ~/pics/cat.png and ~/pics/my\\ dog.jpg\r")
            try await chat.waitFor("Added image '~/pics/cat.png'", since: mark)
            try await chat.waitFor("Added image '~/pics/my dog.jpg'", since: mark)
            try await chat.waitFor("You said: compare and I see 2 images: PNG 1×1, JPEG 2×3.", since: mark)

            mark = chat.mark
            chat.send("/attach ~/pics/fake.png\r")
            try await chat.waitFor("its name says PNG", since: mark)
            chat.send("/attach ~/notes\r")
            try await chat.waitFor("Attached 1 file from ~/notes", since: mark)
            chat.send("/attach !echo hello from sh\r")
            try await chat.waitFor("[output of !echo hello from sh · 1 line · exit 0]", since: mark)
            mark = chat.mark
            chat.send("/attach\r")
            try await chat.waitFor("2 pending", since: mark)
            chat.send("what do these say?\r")
            try await chat.waitFor("You said: what do these say?", since: mark)
            let sent = try lastUserMessages(server)
            #expect(sent.map(\.images) == [2, 0])
            #expect(sent.last?.content.contains("File ~/notes/list.txt:\n```\napples and pears\n```") == true)
            #expect(sent.last?.content.contains("Output of `echo hello from sh` (exit status 0):\n```\nhello from sh\n```") == true)

            mark = chat.mark
            chat.send("/history\r")
            try await chat.waitFor("[image cat.png · 70 B] [image my dog.jpg · 23 B]", since: mark)
            try await chat.waitFor("[file list.txt · 1 line]", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)

            let resumed = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL, "--resume"], home: home)
            try await resumed.waitForPrompt()
            resumed.send("and now?\r")
            try await resumed.waitFor("You said: and now?")
            #expect(try lastUserMessages(server).map(\.images) == [2, 0, 0])
            #expect(try await resumed.quitWithCtrlD() == 0)
        }
        home.remove()
    }

    @Test func runTakesPicturesIntoAPipeAndABadOneIsOneLine() async throws {
        let home = ScratchHome()
        try Self.makeFiles(in: home)
        try await ScriptedOllamaServer.withRunning(Self.script) { server in
            let good = try await runCommand(
                BuiltProducts.tachikoma,
                ["run", "--host", server.baseURL, "gemma3:1b", "-i", home.path + "/pics/cat.png", "--image", home.path + "/pics/my dog.jpg", "describe"],
                stdin: "", environment: home.environment)
            #expect(good.exitCode == 0)
            #expect(good.stdout == "You said: describe I see 2 images: PNG 1×1, JPEG 2×3.\n")
            let inPrompt = try await runCommand(
                BuiltProducts.tachikoma, ["run", "--host", server.baseURL, "gemma3:1b", "look at \(home.path)/pics/cat.png"],
                stdin: "", environment: home.environment)
            #expect(inPrompt.stdout == "You said: look at I see 1 image: PNG 1×1.\n")
            #expect(inPrompt.stderr.contains("Added image '\(home.path)/pics/cat.png'"))
            let bad = try await runCommand(
                BuiltProducts.tachikoma, ["run", "--host", server.baseURL, "gemma3:1b", "-i", home.path + "/pics/fake.png", "x"],
                stdin: "", environment: home.environment)
            #expect(bad.exitCode == 1 && bad.stdout.isEmpty)
            #expect(bad.stderr.contains("fake.png: its name says PNG"))
            let blind = try await runCommand(
                BuiltProducts.tachikoma, ["run", "--host", server.baseURL, "llama3.1:8b", "-i", home.path + "/pics/cat.png", "x"],
                stdin: "", environment: home.environment)
            #expect(blind.exitCode == 1 && blind.stderr.contains("'vision' capability"))
        }
        home.remove()
    }
}
