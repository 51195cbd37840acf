import Foundation
import TachikomaCore
import Testing

@testable import ChatEngine
@testable import ChatREPL

/// `/copy`: what each form selects, what it says, and the two ways to the clipboard.
@Suite struct CopyCommandTests {
    init() {
        // A copy command that exits without reading leaves a closed pipe; `tachikoma` ignores
        // SIGPIPE (EntryPoint), and so do we.
        signal(SIGPIPE, SIG_IGN)
    }

    static let withCode = "Two blocks:\n\n```python\nprint(1)\n```\n\nand\n\n```sh\n  ls  -l\n```\n"

    /// A session with three exchanges; the second answer has two code blocks.
    static func session() -> ChatSession {
        var settings = ChatSettings(model: "llama3.2")
        settings.color = false
        let session = ChatSession(backend: MockBackend(), conversation: Conversation(settings: settings), saving: .off)
        for (question, answer) in [("first", "one **bold**"), ("second", withCode), ("third", "plain")] {
            session.record(.userMessage(.user(question)))
            session.record(.answerBegan)
            session.record(.answerEnded(.assistant(answer), usage: nil, interrupted: false))
        }
        return session
    }

    @Test func selectionsParse() {
        #expect(CopyCommand.Selection([]) == .answer(nil))
        #expect(CopyCommand.Selection(["2"]) == .answer(2))
        #expect(CopyCommand.Selection(["code"]) == .code(nil))
        #expect(CopyCommand.Selection(["CODE", "3"]) == .code(3))
        for bad in [["0"], ["-1"], ["code", "x"], ["code", "0"], ["all"], ["1", "2"]] {
            #expect(CopyCommand.Selection(bad) == nil, "\(bad)")
        }
    }

    @Test func eachFormSelectsWhatTheModelWrote() throws {
        let conversation = Self.session().conversation
        let resolve = { (selection: CopyCommand.Selection) in CopyCommand.resolve(selection, in: conversation) }
        #expect(try resolve(.answer(nil)).get() == ("plain", "the last answer"))
        #expect(try resolve(.answer(1)).get() == ("one **bold**", "answer 1"))
        #expect(try resolve(.answer(2)).get().0 == Self.withCode)
        #expect((try? resolve(.answer(4)).get()) == nil)
        if case .failure(let problem) = resolve(.answer(4)) {
            #expect(problem.description == "There is no message 4: /history numbers your messages (1 to 3).")
        }
        // The last answer has no code.
        if case .failure(let problem) = resolve(.code(nil)) {
            #expect(problem.description.hasPrefix("The last answer has no code block"))
        } else {
            Issue.record("no code block was found in a plain answer")
        }
    }

    @Test func codeBlocksAreCopiedWithoutFences() throws {
        let session = Self.session()
        session.record(.userMessage(.user("again")))
        session.record(.answerBegan)
        session.record(.answerEnded(.assistant(Self.withCode), usage: nil, interrupted: false))
        let conversation = session.conversation
        #expect(try CopyCommand.resolve(.code(nil), in: conversation).get() == ("  ls  -l", "code block 2 of 2 (sh)"))
        #expect(try CopyCommand.resolve(.code(1), in: conversation).get() == ("print(1)", "code block 1 of 2 (python)"))
        if case .failure(let problem) = CopyCommand.resolve(.code(3), in: conversation) {
            #expect(problem.description == "The last answer has 2 code blocks: /copy code 1 to 2.")
        } else {
            Issue.record("code block 3 of 2 was found")
        }
    }

    @Test func aCopyCommandGetsTheTextOnItsInput() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("clipboard").path
        let (context, output) = CommandContextTests.context(Self.session())
        var withCommand = context
        withCommand.clipboard = .command(["/bin/sh", "-c", "cat > \"$0\"", file])
        _ = await CopyCommand.copy(["1"], in: withCommand)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "one **bold**")
        #expect(output.text == "Copied answer 1 (1 line, 12 characters).\n")
    }

    @Test func failuresSayWhatToDo() async {
        let (context, output) = CommandContextTests.context(Self.session())
        _ = await CopyCommand.copy([], in: context)
        #expect(output.text.contains("the clipboard sequence needs a terminal; set \"copy_command\""))
        var missing = context
        missing.clipboard = .command(["no-such-program-here"])
        _ = await CopyCommand.copy([], in: missing)
        #expect(output.text.contains("could not run copy_command 'no-such-program-here': not found on PATH"))
        var failing = context
        failing.clipboard = .command(["/bin/sh", "-c", "cat > /dev/null; exit 3"])
        _ = await CopyCommand.copy([], in: failing)
        #expect(output.text.contains("copy_command '/bin/sh' failed (exit status 3)"))
    }

    @Test func theSequenceIsBase64() {
        #expect(Clipboard.sequence(for: "héllo\n") == "\u{1B}]52;c;aMOpbGxvCg==\u{07}")
    }
}
