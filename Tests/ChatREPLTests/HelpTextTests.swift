import TerminalText
import Testing

@testable import ChatEngine
@testable import ChatREPL

@Suite struct HelpTextTests {
    @Test func hardBrokenSentencesAreJoinedButRowsAndCommandsStay() {
        let text = "/model lists the models.\n/model NAME switches to NAME; the conversation\nstays.\n\n  info    architecture\n  license the license"
        #expect(HelpText.paragraphs(text) == [
            "/model lists the models.", "/model NAME switches to NAME; the conversation stays.", "",
            "  info    architecture", "  license the license",
        ])
    }

    @Test func linesBreakBetweenWordsWithAHangingIndent() {
        let row = "  /load NAME         Load a saved session by name, replacing the current conversation (also /open)"
        let lines = HelpText.wrap(row, width: 80, hangingIndent: 22)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 79 })
        #expect(lines[0].hasPrefix("  /load NAME         Load"))
        #expect(lines[1].hasPrefix(String(repeating: " ", count: 22)) && !lines[1].hasPrefix(String(repeating: " ", count: 23)))
        // No word is cut: joining the pieces gives the words back.
        let words = { (text: String) in text.split(separator: " ") }
        #expect(lines.flatMap(words) == words(row))
    }

    @Test(arguments: [40, 80, 100, 132])
    func everyHelpLineFitsAndNoWordIsCut(width: Int) {
        for command in CommandTable.builtin.commands {
            let laidOut = HelpText.layout(command.help, width: width)
            for line in laidOut.split(separator: "\n") {
                let fits = DisplayWidth.of(line) <= width - 1 || !line.trimmingCharacters(in: .whitespaces).contains(" ")
                #expect(fits, "/help \(command.name) at \(width) columns: '\(line)'")
            }
            #expect(laidOut.split(whereSeparator: \.isWhitespace) == command.help.split(whereSeparator: \.isWhitespace))
        }
    }

    @Test func withoutATerminalNothingIsWrapped() {
        let long = String(repeating: "word ", count: 40)
        #expect(HelpText.layout(long, width: nil) == long)
    }

    @Test func theCommandListFitsEightyColumns() async {
        let (repl, _, output) = makeREPL(["/?"], width: 80)
        _ = await repl.run()
        let list = output.text.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("Available commands") }
        #expect(!list.isEmpty)
        for line in list { #expect(DisplayWidth.of(line) <= 79, "'\(line)'") }
        // Continuation lines start in the summaries' column, never at the usage column.
        let rows = list.dropFirst().prefix { !$0.isEmpty }
        for line in rows where !line.hasPrefix("  /") {
            #expect(line.hasPrefix(String(repeating: " ", count: 22)), "'\(line)'")
        }
    }

    @Test func warningsAndErrorsBreakBetweenWordsAtTheTerminalsWidth() async {
        let backend = MockBackend()
        backend.healthy = false
        let (repl, _, output) = makeREPL(["/model QWEN3:8B"], backend: backend, width: 40)
        _ = await repl.run()
        let lines = output.text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("warning: could not connect") })
        for line in lines { #expect(DisplayWidth.of(line) <= 39, "'\(line)' reaches the edge") }
        // Every word of the warning arrived whole.
        let words = output.text.split(whereSeparator: \.isWhitespace)
        #expect(words.contains("refused);") || words.contains("refused"))
    }

    @Test func messageLinesBreakBetweenWordsEachKeepingItsIndent() {
        let message = "Error: could not connect to http://127.0.0.1:9 (connection refused); is the server running?\n  See 'tachikoma run --help' for the options and their meaning."
        let wrapped = HelpText.wrapLines(message, width: 30)
        let lines = wrapped.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 29 }, "\(lines)")
        // Joining the rows again at the breaks gives the message back: no word was cut.
        let words = message.split(whereSeparator: { $0 == " " || $0 == "\n" })
        #expect(wrapped.split(whereSeparator: { $0 == " " || $0 == "\n" }) == words)
        let seeRow = lines.firstIndex { $0.hasPrefix("  See") }
        #expect(seeRow.map { lines[($0 + 1)...].allSatisfy { $0.hasPrefix("  ") } } == true)
        #expect(HelpText.wrapLines(message, width: nil) == message)
    }
}
