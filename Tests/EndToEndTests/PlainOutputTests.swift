import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// What reaches a terminal that takes no escape codes (`TERM=dumb`), and how `run` and error lines
/// fit a narrow terminal.
@Suite struct PlainOutputTests {
    static let escape = "\u{1B}"
    static let answer = "The quick brown fox jumps over the lazy dog and keeps on running far away from here"

    /// The answer in pieces that end mid-word, as models stream it.
    static var answerTokens: [String] {
        stride(from: 0, to: answer.count, by: 7).map { start in
            String(answer.dropFirst(start).prefix(7))
        }
    }

    @Test func aDumbTerminalGetsNoEscapeCodesInTheChat() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["A plain", " answer."])
        // Long enough before the first token that a full terminal would show the spinner.
        script.reply.tokenDelay = .milliseconds(1500)
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL],
                environment: ["TERM": "dumb"], columns: 40)
            try await chat.waitForPrompt()
            var mark = chat.mark
            chat.send("hello there\r")
            try await chat.waitFor("A plain answer.", since: mark)
            try await chat.waitForPrompt()
            mark = chat.mark
            chat.send("/nosuchcommand\r")
            try await chat.waitFor("nosuchcommand", since: mark)
            try await chat.waitForPrompt()
            mark = chat.mark
            chat.control("c")
            try await chat.waitFor("Use Ctrl-D or /bye to exit.", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
            #expect(!chat.output.contains(Self.escape), "escape codes reached a dumb terminal: \(chat.output.debugDescription)")
            let chats = server.recordedRequests().filter { $0.path == "/api/chat" }
            #expect(chats.count == 1)
            guard case .array(let messages)? = chats.first?.json?.objectValue?["messages"] else {
                Issue.record("no chat request")
                return
            }
            #expect(messages.last?.objectValue?["content"]?.stringValue == "hello there")
        }
    }

    @Test func runOnADumbTerminalWritesTheAnswerAsItCame() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(Self.answerTokens)
        script.reply.thinking = ["Thinking it", " over."]
        try await ScriptedOllamaServer.withRunning(script) { server in
            let run = try PseudoTerminal(
                executable: BuiltProducts.tachikoma,
                arguments: ["run", "qwen3:4b", "--think", "--verbose", "--host", server.baseURL, "go"],
                environment: ["TERM": "dumb"], columns: 30)
            #expect(try await run.waitForExit() == 0)
            #expect(!run.output.contains(Self.escape), "escape codes reached a dumb terminal: \(run.output.debugDescription)")
            #expect(run.output.contains(Self.answer), "the answer was changed: \(run.output.debugDescription)")
        }
    }

    @Test func runOnATerminalWrapsBetweenWords() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(Self.answerTokens)
        try await ScriptedOllamaServer.withRunning(script) { server in
            let run = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["run", "llama3.1:8b", "--host", server.baseURL, "go"],
                columns: 30)
            #expect(try await run.waitForExit() == 0)
            let lines = run.screen.lines
            #expect(lines.count > 2, "\(lines)")
            // Every row is whole words (the last column is kept free), and together they are the answer.
            #expect(lines.allSatisfy { $0.count <= 29 }, "\(lines)")
            #expect(lines.joined(separator: " ") == Self.answer, "\(lines)")
        }
    }

    @Test func runKeepsTheExactTextWhenPipedOrRaw() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(Self.answerTokens)
        try await ScriptedOllamaServer.withRunning(script) { server in
            let home = ScratchHome()
            defer { home.remove() }
            let piped = try await runCommand(
                BuiltProducts.tachikoma, ["run", "llama3.1:8b", "--host", server.baseURL, "go"], environment: home.environment)
            #expect(piped.exitCode == 0)
            #expect(piped.stdout == Self.answer + "\n")

            let raw = try PseudoTerminal(
                executable: BuiltProducts.tachikoma,
                arguments: ["run", "llama3.1:8b", "--raw", "--host", server.baseURL, "go"], columns: 30)
            #expect(try await raw.waitForExit() == 0)
            #expect(raw.output.contains(Self.answer), "--raw changed the answer: \(raw.output.debugDescription)")
        }
    }

    @Test func aCommandLineErrorBreaksBetweenWordsOnANarrowTerminal() async throws {
        try await withClosedPort { url in
            let home = ScratchHome()
            defer { home.remove() }
            let arguments = ["run", "llama3.1:8b", "--host", url, "hello"]
            let piped = try await runCommand(BuiltProducts.tachikoma, arguments, environment: home.environment)
            #expect(piped.exitCode == 1)
            let message = piped.stderr.trimmingCharacters(in: .newlines)
            #expect(!message.contains("\n") && message.count > 40, "\(message)")

            let run = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: arguments, columns: 40)
            #expect(try await run.waitForExit() == 1)
            let lines = run.screen.lines
            #expect(lines.count > 1, "\(lines)")
            #expect(lines.allSatisfy { $0.count <= 39 }, "\(lines)")
            #expect(lines.joined(separator: " ") == message, "\(lines)")
        }
    }

    @Test func helpBreaksBetweenWordsOnATerminal() async throws {
        let home = ScratchHome()
        defer { home.remove() }
        let piped = try await runCommand(BuiltProducts.tachikoma, ["run", "--help"], environment: home.environment)
        #expect(piped.exitCode == 0)
        // Lines of the help are longer than the terminal is wide.
        #expect(piped.stdout.split(separator: "\n").contains { $0.count > 70 })

        let help = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["run", "--help"], columns: 70)
        #expect(try await help.waitForExit() == 0)
        let lines = help.screen.lines
        #expect(lines.allSatisfy { $0.count <= 69 }, "\(lines)")
        let words = { (text: String) in text.split(whereSeparator: \.isWhitespace) }
        #expect(words(lines.joined(separator: "\n")) == words(piped.stdout), "\(lines.joined(separator: "\n"))")
    }
}
