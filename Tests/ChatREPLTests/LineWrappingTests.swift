import Testing
import TachikomaCore

@testable import ChatEngine
@testable import ChatREPL

/// Issue 20: every line the chat writes breaks between words at the terminal's width — the
/// `/sessions` note in an unsaved chat, `/history`, a long path in a message.
@Suite struct LineWrappingTests {
    /// Each written line fits `width - 1` columns unless it is one word wider than that, and no word
    /// of `words` is split across lines.
    static func expectBrokenBetweenWords(_ text: String, width: Int, words: [String]) {
        for line in text.split(separator: "\n") {
            let fits = line.count < width || !line.trimmingWhitespace().contains(" ")
            #expect(fits, "a line wider than \(width - 1) columns: \(line)")
        }
        for word in words { #expect(text.contains(word), "\(word) was split") }
    }

    @Test func theSessionsNoteInAnUnsavedChatWraps() async {
        let (repl, _, output) = makeREPL(["/sessions"], width: 40)
        _ = await repl.run()
        #expect(output.text.contains("Sessions are not saved in this chat"))
        Self.expectBrokenBetweenWords(output.text, width: 40, words: ["\"save_sessions\":", "nothing"])
    }

    @Test func historyWrapsLongMessagesBetweenWords() async {
        let backend = MockBackend()
        let long = (1...30).map { "word\($0)" }.joined(separator: " ")
        backend.enqueueAnswer([long])
        let (repl, _, output) = makeREPL([long, "/history"], backend: backend, width: 50, saving: .store(InMemorySessionStore()))
        _ = await repl.run()
        let history = String(output.text[(output.text.range(of: "[1] >>>")?.lowerBound ?? output.text.endIndex)...])
        #expect(!history.isEmpty)
        Self.expectBrokenBetweenWords(history, width: 50, words: (1...30).map { "word\($0)" })
    }
}
