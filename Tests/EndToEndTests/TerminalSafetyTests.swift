import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// A model's answer, and every string a server sends, cannot act on the terminal: no retitling, no
/// clipboard, no clearing, no cursor report, no overwriting. Scripts still get the model's bytes.
@Suite struct TerminalSafetyTests {
    static let clipboard = "\u{1B}]52;c;aGFja2VkIGNsaXBib2FyZA==\u{07}"
    static let title = "\u{1B}]0;pwned title\u{07}"
    static let clearScreen = "\u{1B}[2J"
    static let cursorReport = "\u{1B}[6n"
    static let c1CSI = "\u{9B}"

    /// The byte sequences that must never reach the terminal.
    static let forbidden = [clipboard, "\u{1B}]52", title, "\u{1B}]0;", clearScreen, cursorReport, c1CSI]

    /// An answer carrying every attack, some split across chunks, with visible text between them.
    static let hostileTokens = [
        "Safe", " start", clipboard, " one", "\u{1B}]0;pw", "ned title\u{07}", " two", clearScreen, " three",
        "\u{1B}[", "6n", " four", " covered\r", "over", " five", c1CSI + "2J", " end.\n",
    ]

    static let hostileThinking = ["Thinking", title, " quietly", "\u{1B}[2", "J", " done"]

    func assertNothingForbidden(in bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        for sequence in Self.forbidden {
            #expect(
                !bytes.contains(Array(sequence.utf8)), "\(sequence.debugDescription) reached the terminal",
                sourceLocation: sourceLocation)
        }
    }

    @Test func aHostileAnswerLeavesTheTerminalUntouched() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(Self.hostileTokens)
        script.reply.thinking = Self.hostileThinking
        try await ScriptedOllamaServer.withRunning(script) { server in
            let chat = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL, "--model", "qwen3:4b"])
            try await chat.waitFor(">>> ")
            let mark = chat.mark
            chat.send("hello\r")
            try await chat.waitFor("end.", since: mark)
            try await chat.waitForPrompt()
            let bytes = chat.rawOutput
            assertNothingForbidden(in: bytes)
            let shown = chat.visibleText(since: mark)
            #expect(shown.contains("Safe start one two three four coveredover five end."), "\(shown)")
            #expect(shown.contains("Thinking quietly done"), "\(shown)")
            // `covered` is not overwritten: the `\r` never reached the terminal.
            #expect(bytes.contains(Array("coveredover".utf8)))
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func runOnATerminalIsSanitizedAndRawIsExact() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(Self.hostileTokens)
        script.reply.thinking = Self.hostileThinking
        try await ScriptedOllamaServer.withRunning(script) { server in
            // Thinking goes to stderr, the answer to stdout: both are the terminal here.
            let run = try PseudoTerminal(
                executable: BuiltProducts.tachikoma,
                arguments: ["run", "--think", "--host", server.baseURL, "qwen3:4b", "hi"])
            #expect(try await run.waitForExit() == 0)
            assertNothingForbidden(in: run.rawOutput)
            #expect(run.visibleText.contains("Thinking quietly done"))
            #expect(run.visibleText.contains("Safe start one two three four coveredover five end."))

            let raw = try PseudoTerminal(
                executable: BuiltProducts.tachikoma,
                arguments: ["run", "--raw", "--host", server.baseURL, "llama3.1:8b", "hi"])
            #expect(try await raw.waitForExit() == 0)
            #expect(raw.rawOutput.contains(Array(Self.clipboard.utf8)))
            #expect(raw.rawOutput.contains(Array(Self.title.utf8)))
        }
    }

    @Test func runToAPipeKeepsTheModelsBytesExact() async throws {
        var script = ServerScript()
        script.reply.content = .tokens(Self.hostileTokens)
        script.reply.thinking = Self.hostileThinking
        try await ScriptedOllamaServer.withRunning(script) { server in
            let result = try await runCommand(
                BuiltProducts.tachikoma, ["run", "--think", "--host", server.baseURL, "qwen3:4b", "hi"])
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            #expect(result.stdout == Self.hostileTokens.joined())
            #expect(result.stderr.contains(Self.hostileThinking.joined()))
        }
    }

    @Test func runHelpExplainsRaw() async throws {
        let result = try await runCommand(BuiltProducts.tachikoma, ["run", "--help"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("--raw"))
        #expect(result.stdout.contains("exactly"))
    }

    @Test func serverStringsAreSanitizedInListShowVersionAndErrors() async throws {
        let hostile = ScriptedModel(
            name: "evil\u{1B}]0;x\u{07}:latest", parameterSize: "8B\u{1B}[2J", system: "be\u{9B}6n nice",
            license: "MIT\u{1B}]52;c;Zm9v\u{07} ok")
        var script = ServerScript(version: "0.12.6\u{1B}]0;v\u{07}", models: [.llama31, hostile])
        script.pull.failure = "disk full\u{1B}[2J"
        try await ScriptedOllamaServer.withRunning(script) { server in
            let home = ScratchHome()
            let environment = home.environment
            for arguments in [
                ["list"], ["show", "llama3.1:8b"], ["show", hostile.name], ["version"], ["pull", "gemma3:1b"],
                ["show", "ghost\u{1B}[6n"],
            ] {
                let result = try await runCommand(
                    BuiltProducts.tachikoma, arguments + ["--host", server.baseURL], environment: environment)
                let output = Array((result.stdout + result.stderr).utf8)
                #expect(!output.contains(0x1B), "\(arguments): \(result.stdout.debugDescription) \(result.stderr.debugDescription)")
                #expect(!output.contains(Array("\u{9B}".utf8)), "\(arguments)")
            }
            let list = try await runCommand(BuiltProducts.tachikoma, ["list", "--host", server.baseURL], environment: environment)
            #expect(list.stdout.contains("evil:latest"))
        }
    }

    @Test func jsonOutputEscapesControlsAndStaysExact() async throws {
        let names = ["evil\u{1B}]0;x\u{07}:latest", "c1\u{9B}6n\u{7F}:latest"]
        let script = ServerScript(models: names.map { ScriptedModel(name: $0) })
        try await ScriptedOllamaServer.withRunning(script) { server in
            let result = try await runCommand(
                BuiltProducts.tachikoma, ["list", "--json", "--host", server.baseURL])
            #expect(result.exitCode == 0)
            let bytes = Array(result.stdout.utf8)
            #expect(!bytes.contains(0x1B) && !bytes.contains(0x7F) && !bytes.contains(Array("\u{9B}".utf8)))
            #expect(result.stdout.contains("\\u009b"))
            let rows = try JSONTextParser.parse(result.stdout)
            guard case .array(let models) = rows else { Issue.record("not an array: \(result.stdout)"); return }
            #expect(models.compactMap { $0.objectValue?["name"]?.stringValue } == names)
        }
    }
}
