import Testing
import TachikomaCore
import TerminalText

@testable import ChatEngine
@testable import ChatREPL

@Suite struct StatisticsTests {
    @Test(arguments: [
        (0, "0s"), (42, "42ns"), (1_500, "1.5µs"), (12_500_000, "12.5ms"), (61_145_167, "61.145167ms"),
        (1_000_000_000, "1s"), (7_945_641_583, "7.945641583s"), (62_500_000_000, "1m2.5s"),
        (3_600_000_000_000, "1h0m0s"), (3_723_000_000_000, "1h2m3s"),
    ] as [(Int64, String)])
    func formatsDurationsLikeGo(nanoseconds: Int64, expected: String) {
        #expect(UsageStatistics.goDuration(nanoseconds: nanoseconds) == expected)
    }

    @Test func printsOllamasVerboseBlock() {
        let usage = Usage(
            promptTokens: 26, completionTokens: 298, totalDuration: .nanoseconds(5_583_184_125),
            loadDuration: .nanoseconds(563_645_750), promptEvalDuration: .nanoseconds(90_012_000),
            evalDuration: .nanoseconds(4_926_637_000))
        #expect(UsageStatistics.lines(for: usage) == [
            "total duration:       5.583184125s",
            "load duration:        563.64575ms",
            "prompt eval count:    26 token(s)",
            "prompt eval duration: 90.012ms",
            "prompt eval rate:     288.85 tokens/s",
            "eval count:           298 token(s)",
            "eval duration:        4.926637s",
            "eval rate:            60.49 tokens/s",
        ])
    }

    @Test func theTimeToTheFirstTokenComesLastWhenMeasured() {
        let usage = Usage(promptTokens: 3, completionTokens: nil)
        #expect(UsageStatistics.lines(for: usage, timeToFirstToken: .milliseconds(412)) == [
            "prompt eval count:    3 token(s)",
            "time to first token:  412ms",
        ])
        #expect(UsageStatistics.lines(for: usage, timeToFirstToken: .zero) == ["prompt eval count:    3 token(s)"])
    }

    @Test func leavesOutWhatTheServerDidNotReport() {
        let usage = Usage(promptTokens: 3, completionTokens: nil)
        #expect(UsageStatistics.lines(for: usage) == ["prompt eval count:    3 token(s)"])
    }

    @Test func verboseTurnsPrintTheBlockAfterTheAnswer() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["Hi"], promptTokens: 10, completionTokens: 5)
        backend.enqueueAnswer(["Again"])
        let (repl, _, output) = makeREPL(["/set verbose", "hello", "/set quiet", "again"], backend: backend)
        _ = await repl.run()
        #expect(output.text.contains("Hi\n\ntotal duration:       1.5s\n"))
        #expect(output.text.contains("eval rate:            5.00 tokens/s\n"))
        let afterQuiet = output.text.components(separatedBy: "Set 'quiet' mode.").last ?? ""
        #expect(!afterQuiet.contains("total duration"))
    }

    @Test func pullProgressOnATerminalRedrawsOneLinePerLayer() {
        var renderer = PullProgressRenderer(isTerminal: true)
        let start = ContinuousClock.now
        #expect(renderer.render(PullProgress(status: "pulling manifest"), at: start) == "pulling manifest")
        let first = renderer.render(
            PullProgress(status: "pulling a80c4f17acd5", digest: "sha256:a80c", totalBytes: 2_000_000_000, completedBytes: 0),
            at: start)
        #expect(first.hasPrefix("\n\rpulling a80c4f17acd5:   0% ▕"))
        let later = renderer.render(
            PullProgress(status: "pulling a80c4f17acd5", digest: "sha256:a80c", totalBytes: 2_000_000_000, completedBytes: 850_000_000),
            at: start + .seconds(10))
        #expect(later.hasPrefix("\rpulling a80c4f17acd5:  42% ▕"))
        #expect(later.contains("▏ 850 MB/2.0 GB  85 MB/s  14s"))
        #expect(later.hasSuffix("\u{1B}[K"))
        let done = renderer.render(
            PullProgress(status: "pulling a80c4f17acd5", digest: "sha256:a80c", totalBytes: 2_000_000_000, completedBytes: 2_000_000_000),
            at: start + .seconds(90))
        #expect(done.contains("100% ▕" + String(repeating: "█", count: 25) + "▏ 2.0 GB"))
        #expect(renderer.render(PullProgress(status: "success"), at: start + .seconds(21)) == "\nsuccess")
        #expect(renderer.finish() == "\n")
    }

    @Test func pullProgressWithoutATerminalIsPlainLines() {
        var renderer = PullProgressRenderer(isTerminal: false)
        var out = renderer.render(PullProgress(status: "pulling manifest"))
        for completed in stride(from: 0, through: 1000, by: 250) {
            out += renderer.render(PullProgress(status: "pulling abc", totalBytes: 1000, completedBytes: Int64(completed)))
        }
        out += renderer.render(PullProgress(status: "success")) + renderer.finish()
        #expect(out == "pulling manifest\npulling abc (1.0 KB)\nsuccess\n")
    }
}
