import Testing

@testable import ChatEngine
@testable import ChatREPL

@Suite struct HistoryHookTests {
    @Test func nohistoryStopsRecordingAndHistoryResumes() async {
        let (repl, input, output) = makeREPL(["/set verbose", "/set nohistory", "/set seed 7", "/set top_k 5", "/set history", "/set quiet"])
        _ = await repl.run()
        // The /set nohistory line itself is kept, as in `ollama run`; nothing after it until /set history.
        #expect(input.history.get() == ["/set verbose", "/set nohistory", "/set quiet"])
        #expect(output.text.contains("Input history is off for this session; /set history turns it back on."))
        #expect(output.text.contains("Input history is on."))
        #expect(repl.settings.recordsHistory)
    }

    @Test func historyOffAlsoWorksAsAParameter() async {
        let (repl, input, _) = makeREPL(["/set history off", "/set seed 1", "/set parameter history on", "/set seed 2"])
        _ = await repl.run()
        #expect(input.history.get() == ["/set history off", "/set seed 2"])
    }

    @Test func aHistoryProblemIsWarnedAboutOnceWhenTheInputReportsIt() async {
        let (repl, input, output) = makeREPL(["/set verbose", "/set quiet", "/set verbose"])
        input.historyWarnings.set(["history file /h: it is a directory"])
        _ = await repl.run()
        let warnings = output.text.components(separatedBy: "\n").filter { $0.contains("it is a directory") }
        #expect(warnings == ["warning: history file /h: it is a directory"])
        // Before the first prompt's input, not after the first line.
        let warningAt = output.text.range(of: "it is a directory")?.lowerBound
        let firstReply = output.text.range(of: "Set 'verbose' mode.")?.lowerBound
        #expect(warningAt != nil && firstReply != nil && warningAt! < firstReply!)
    }
}
