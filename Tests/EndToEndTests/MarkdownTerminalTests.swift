import Foundation
import OllamaTestSupport
import Testing

/// A long answer with prose, a table and three code blocks, rendered in the chat in a pseudo-terminal
/// as it streams: styled, aligned, nothing redrawn; and `/copy code 2` puts exactly the second block
/// on the clipboard through the terminal's clipboard sequence.
@Suite struct MarkdownTerminalTests {
    static let secondBlock = """
        func greet(_ name: String) -> String {
        \treturn "Hello, \\(name)!"  // two  spaces kept
        }
        """

    static let answer = """
        # Three ways to say hello

        Here is **one** way in *Python*, then `Swift`, then the shell. See [the guide](https://example.com/guide).

        ```python
        def greet(name):
            return f"Hello, {name}!"
        ```

        | language | lines | notes |
        |----------|------:|-------|
        | Python | 2 | short |
        | Swift | 3 | typed |

        ```swift
        \(secondBlock)
        ```

        - a bullet with **bold**
        - another

        > quoted wisdom

        ```sh
        echo "hello $USER"  # done
        ```

        That is all.
        """

    @Test func aLongAnswerRendersWithoutRedrawAndCodeCopiesExactly() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(WordTokens.split(Self.answer))
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL], rows: 60)
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("hello\r")
            try await chat.waitFor("That is all.", since: mark)
            try await chat.waitFor(">>> ", since: mark)
            let raw = chat.rawText(since: mark)
            let shown = chat.visibleText(since: mark)
            // Styled, markers gone, language named, table aligned.
            #expect(raw.contains("\u{1B}[1;4;36mThree ways to say hello"))
            #expect(shown.contains("Here is one way in Python, then Swift, then the shell. See the guide (https://example.com/guide)."))
            #expect(shown.contains("[1] python"))
            #expect(shown.contains("[2] swift"))
            #expect(shown.contains("[3] sh"))
            #expect(shown.contains("language │ lines │ notes"))
            #expect(shown.contains("Python   │     2 │ short"))
            #expect(shown.contains("• a bullet with bold"))
            #expect(shown.contains("│ quoted wisdom"))
            #expect(!shown.contains("```"))
            #expect(!shown.contains("**"))
            // Append-only: from the answer's first line to its last, nothing went back up the screen
            // and nothing was erased below the cursor.
            let start = try #require(raw.range(of: "Three ways"))
            let end = try #require(raw.range(of: "That is all."))
            let answerOutput = raw[start.lowerBound..<end.upperBound]
            #expect(!answerOutput.contains("\u{1B}[J"))
            #expect(answerOutput.firstMatch(of: /\u{1B}\[[0-9]*A/) == nil)
            // The code as written: the tab and the double space are there, uncoloured text is exact.
            let plain = raw.replacing(/\u{1B}\[[0-9;]*m/, with: "")
            #expect(plain.contains(Self.secondBlock.replacing("\n", with: "\r\n")))

            let copyMark = chat.mark
            chat.send("/copy code 2\r")
            try await chat.waitFor("Copied code block 2 of 3 (swift", since: copyMark)
            let copyRaw = chat.rawText(since: copyMark)
            let payload = try #require(copyRaw.firstMatch(of: /\u{1B}\]52;c;([A-Za-z0-9+\/=]*)\u{07}/)?.output.1)
            let decoded = try #require(Data(base64Encoded: String(payload)))
            #expect(String(decoding: decoded, as: UTF8.self) == Self.secondBlock)

            let wholeMark = chat.mark
            chat.send("/copy\r")
            try await chat.waitFor("Copied the last answer", since: wholeMark)
            let wholePayload = try #require(chat.rawText(since: wholeMark).firstMatch(of: /\u{1B}\]52;c;([A-Za-z0-9+\/=]*)\u{07}/)?.output.1)
            #expect(Data(base64Encoded: String(wholePayload)).map { String(decoding: $0, as: UTF8.self) } == Self.answer)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func noMarkdownShowsTheTextAsSent() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(WordTokens.split("Some **bold** and `code`."))
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL, "--no-markdown"])
            try await chat.waitForPrompt()
            let mark = chat.mark
            chat.send("hello\r")
            try await chat.waitFor("Some **bold** and `code`.", since: mark)
            try await chat.waitFor(">>> ", since: mark)
            let setMark = chat.mark
            chat.send("/set markdown on\r")
            try await chat.waitFor("Answers are rendered as Markdown.", since: setMark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func runRendersOnATerminalAndKeepsTheBytesElsewhereAndExtractsCode() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(WordTokens.split(Self.answer))
        try await ScriptedOllamaServer.withRunning(script) { server in
            let home = ScratchHome()
            defer { home.remove() }
            let base = ["run", "llama3.1:8b", "--host", server.baseURL]
            let piped = try await runCommand(BuiltProducts.tachikoma, base + ["go"], environment: home.environment)
            #expect(piped.exitCode == 0)
            #expect(piped.stdout == Self.answer + "\n")

            let extracted = try await runCommand(BuiltProducts.tachikoma, base + ["-x", "go"], environment: home.environment)
            #expect(extracted.exitCode == 0)
            let blocks = "def greet(name):\n    return f\"Hello, {name}!\"\n" + Self.secondBlock + "\necho \"hello $USER\"  # done\n"
            #expect(extracted.stdout == blocks)
            let last = try await runCommand(BuiltProducts.tachikoma, base + ["--extract-last", "go"], environment: home.environment)
            #expect(last.stdout == "echo \"hello $USER\"  # done\n")

            let terminal = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: base + ["go"], home: home)
            #expect(try await terminal.waitForExit() == 0)
            #expect(terminal.visibleText.contains("[2] swift"))
            #expect(terminal.visibleText.contains("• a bullet with bold"))
            let raw = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: base + ["--raw", "go"], home: home)
            #expect(try await raw.waitForExit() == 0)
            #expect(raw.visibleText.contains("- a bullet with **bold**"))
        }
    }

    @Test func runExtractingFromAnAnswerWithoutCodeSaysSo() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(["No", " code", " here."])
        try await ScriptedOllamaServer.withRunning(script) { server in
            let home = ScratchHome()
            defer { home.remove() }
            let result = try await runCommand(
                BuiltProducts.tachikoma, ["run", "llama3.1:8b", "--host", server.baseURL, "-x", "go"], environment: home.environment)
            #expect(result.exitCode == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("the answer has no fenced code block to extract"))
        }
    }
}
