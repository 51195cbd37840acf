import Testing
import TachikomaCore
import TerminalText

@testable import ChatEngine
@testable import ChatREPL

/// What the server sends reaches the chat's screen sanitized, and our own styling still does.
@Suite struct SanitizedOutputTests {
    static let title = "\u{1B}]0;pwned\u{07}"

    func assertClean(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains("\u{1B}]"), "\(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(!text.contains("\u{1B}[2J"), "\(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(!text.unicodeScalars.contains("\u{9B}"), "\(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(!text.contains("\r"), "\(text.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func theAnswerAndThinkingAreSanitizedAndOurStylingIsKept() {
        let output = CapturingOutput(width: 40)
        var renderer = ResponseRenderer.chat(output: output, style: TerminalStyle(enabled: true), wraps: true)
        renderer.thinking("Let me" + Self.title)
        renderer.thinking(" think\u{1B}[2")
        renderer.thinking("J.")
        renderer.content("The answer\r")
        renderer.content("\nis \u{9B}2J42.\u{1B}]52;c;Zm9v")
        renderer.content("\u{07} Done.\r")
        renderer.finish()
        assertClean(output.text)
        // Our dimming, around each thinking delta, is all that is left of the escapes.
        #expect(output.text.contains("\u{1B}[90mLet me\u{1B}[0m\u{1B}[90m think\u{1B}[0m\u{1B}[90m.\u{1B}[0m"))
        // U+009B is CSI: `2J` after it is its sequence, and goes with it.
        #expect(output.text.contains("The answer\nis 42. Done.\n"))
    }

    @Test func modelNamesInTheListAreSanitized() async {
        let backend = MockBackend(models: ["llama3.2:latest", "evil" + Self.title + ":latest"])
        let (repl, _, output) = makeREPL(["/model"], backend: backend)
        _ = await repl.run()
        assertClean(output.text)
        #expect(output.text.contains("  evil:latest"))
    }

    @Test func showTopicsAreSanitized() async {
        let backend = MockBackend()
        backend.details = ModelDetails(
            name: "m", parameters: "stop \"<|eot|>\"\u{1B}[2J", template: "{{ .Prompt }}" + Self.title,
            system: "be nice\r\u{1B}[6n", license: "MIT\u{9B}2J", modelfile: "FROM x\u{1B}]52;c;Zm9v\u{07}")
        let topics = ["info", "parameters", "template", "system", "license", "modelfile"]
        let (repl, _, output) = makeREPL(topics.map { "/show " + $0 }, backend: backend)
        _ = await repl.run()
        assertClean(output.text)
        #expect(!output.text.contains("\u{1B}[6n"))
        #expect(output.text.contains("{{ .Prompt }}\n"))
        #expect(output.text.contains("FROM x\n"))
    }

    @Test func serverErrorsAreSanitized() async {
        let backend = MockBackend()
        backend.enqueue([.fail(.api(status: 500, message: "boom" + Self.title + "\u{1B}[2J"))])
        let (repl, _, output) = makeREPL(["hi"], backend: backend)
        _ = await repl.run()
        assertClean(output.text)
        #expect(output.text.contains("boom"))
    }

    @Test func pullStatusIsSanitizedBeforeTheBarIsDrawn() {
        var renderer = PullProgressRenderer(isTerminal: true)
        let line = renderer.render(
            PullProgress(status: "pulling" + Self.title + "\r", digest: "sha256:a", totalBytes: 100, completedBytes: 50))
        #expect(!line.contains("\u{1B}]"))
        #expect(line.hasPrefix("\rpulling:  50%"))
        #expect(line.hasSuffix("\u{1B}[K"))
    }

    @Test func completionDoesNotOfferNamesTheTerminalWouldActOn() async throws {
        let backend = MockBackend(models: ["llama3.2:latest", "evil" + Self.title])
        let (repl, input, _) = makeREPL([], backend: backend)
        _ = await repl.run()
        let handler = try #require(input.completion.get())
        let candidates = handler(ChatCompletionContext(line: "/model ", textBeforeCursor: "/model ", word: ""))
        #expect(candidates == ["llama3.2:latest"])
    }
}
