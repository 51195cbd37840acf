import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// Line editing in the real binary on a pseudo-terminal: what the model receives is what was typed.
@Suite struct LineEditingTerminalTests {
    static let backspace = "\u{7F}"
    static let left = "\u{1B}[D"

    /// Types `keys` at the prompt and returns the user message the server then received.
    func sentMessage(typing keys: String) async throws -> String? {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL])
            try await chat.waitFor(">>> ")
            let mark = chat.mark
            chat.send(keys)
            try await chat.waitFor("You said:", since: mark)
            try await chat.waitFor(">>> ", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
            let body = server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue
            guard case .array(let messages)? = body?["messages"] else { return nil }
            return messages.last?.objectValue?["content"]?.stringValue
        }
    }

    @Test func editsAccentsCJKAndEmojiAsWholeCharacters() async throws {
        // Backspace removes the emoji whole; Left moves over a whole CJK character.
        let sent = try await sentMessage(typing: "héllo 日本 🙂" + Self.backspace + Self.left + Self.left + "x\r")
        #expect(sent == "héllo 日x本 ")
    }

    static let right = "\u{1B}[C"
    static let delete = "\u{1B}[3~"
    static let home = "\u{1B}[H"
    static let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"

    /// Compared code point by code point: Swift's `==` would take `e` + U+0301 for `é`.
    static func scalars(_ text: String?) -> [UInt32]? { text.map { $0.unicodeScalars.map(\.value) } }

    @Test func backspaceRemovesALetterWithItsCombiningAccentWhole() async throws {
        let sent = try await sentMessage(typing: "cafe\u{301}" + Self.backspace + "x\r")
        #expect(Self.scalars(sent) == Self.scalars("cafx"))
    }

    @Test func leftStepsOverACombiningAccentAndAZWJFamilyWhole() async throws {
        // Left over `b`, then over `e` + U+0301: the x lands before the e, not between e and its accent.
        let accented = try await sentMessage(typing: "ae\u{301}b" + Self.left + Self.left + "x\r")
        #expect(Self.scalars(accented) == Self.scalars("axe\u{301}b"))
        let family = try await sentMessage(typing: "a" + Self.family + "b" + Self.left + Self.left + "x\r")
        #expect(Self.scalars(family) == Self.scalars("ax" + Self.family + "b"))
    }

    @Test func backspaceAndDeleteRemoveAZWJFamilyWhole() async throws {
        let backspaced = try await sentMessage(typing: "a" + Self.family + Self.backspace + "b\r")
        #expect(Self.scalars(backspaced) == Self.scalars("ab"))
        let deleted = try await sentMessage(typing: "x" + Self.family + "y" + Self.home + Self.right + Self.delete + "\r")
        #expect(Self.scalars(deleted) == Self.scalars("xy"))
    }

    @Test func tripleQuotesCollectSeveralLines() async throws {
        let sent = try await sentMessage(typing: "\"\"\"first line\rsecond line\r\"\"\"\r")
        #expect(sent == "first line\nsecond line")
    }

    @Test func aBracketedPasteArrivesAsOneMessage() async throws {
        let sent = try await sentMessage(typing: "\u{1B}[200~pasted one\npasted two\n\tindented\u{1B}[201~\r")
        #expect(sent == "pasted one\npasted two\n\tindented")
    }

    @Test func ctrlRFindsAnEarlierEntry() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL])
            try await chat.waitFor(">>> ")
            for line in ["alpha question", "beta question"] {
                let mark = chat.mark
                chat.send(line + "\r")
                try await chat.waitFor("You said: \(line)", since: mark)
                try await chat.waitFor(">>> ", since: mark)
            }
            let mark = chat.mark
            chat.control("r")
            // libedit's incremental search shows `bck:` and then each key as it takes it; the next key
            // goes only once the last one shows, as a person types while watching. (The redraws move
            // the cursor in ways a transcript cannot follow; what counts is what Enter then sends.)
            try await chat.waitFor("bck:", since: mark)
            for key in "alp" {
                let beforeKey = chat.mark
                chat.send(String(key))
                try await chat.waitForRawOutput(String(key), since: beforeKey)
            }
            chat.send("\r")
            try await chat.waitFor("You said: alpha question", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
            let chats = server.recordedRequests().filter { $0.path == "/api/chat" }
            #expect(chats.count == 3)
        }
    }

    @Test func aMultiLineSystemPromptIsSetWithATripleQuotedBlock() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL])
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("/set system \"\"\"\r")
            try await chat.waitForPrompt("... ")
            chat.send("You are terse.\r")
            try await chat.waitFor("You are terse.", since: mark)
            chat.send("Answer in French.\r\"\"\"\r")
            try await chat.waitFor("Set system message.", since: mark)
            chat.send("hi\r")
            try await chat.waitFor("You said: hi", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
            let body = try #require(server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue)
            guard case .array(let messages) = body["messages"] else { Issue.record("no messages"); return }
            let pairs = messages.compactMap { $0.objectValue }.map { ($0["role"]?.stringValue, $0["content"]?.stringValue) }
            #expect(pairs.count == 2)
            #expect(pairs.first?.0 == "system")
            #expect(pairs.first?.1 == "You are terse.\nAnswer in French.")
            #expect(pairs.last?.1 == "hi")
        }
    }
}
