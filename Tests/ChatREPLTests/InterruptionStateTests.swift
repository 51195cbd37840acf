import TerminalText
import Dispatch
import Foundation
import OllamaTestSupport
import TachikomaCore
import TerminalText
import Testing

@testable import ChatREPL

/// The state Ctrl-C and the termination signals act on: the output gate, the turn interrupter and
/// the input reader. (The signals themselves reach these through `SignalRouter`, tested with its
/// target; the chat's reactions to real keys and signals are in the end-to-end tests.)
@Suite struct InterruptionStateTests {
    @Test func outputGateStopsWritesOnceClosed() {
        let output = CapturingOutput()
        let gate = OutputGate(output)
        gate.write("before\n")
        #expect(gate.atLineStart)
        gate.write("partial\u{1B}[0m")
        #expect(!gate.atLineStart)
        gate.close()
        #expect(gate.isClosed)
        gate.write("after")
        #expect(output.text == "before\npartial\u{1B}[0m")
        #expect(OutputGate.endsWithNewline("x\n\u{1B}[90m\u{1B}[0m") == true)
        #expect(OutputGate.endsWithNewline("\u{1B}[0m") == nil)
    }

    @Test func aTransientMarkShowsOnlyAtALineStartAndTheNextWriteOrReopeningErasesIt() {
        let output = CapturingOutput()
        let gate = OutputGate(output)
        gate.showTransient("⠋ ")
        gate.showTransient("⠙ ")
        gate.write("answer")
        // Not mid-line.
        gate.showTransient("⠹ ")
        gate.write("\n")
        gate.showTransient("⠸ ")
        gate.close()
        gate.showTransient("⠼ ")
        gate.reopen()
        #expect(gate.atLineStart)
        let erase = OutputGate.eraseTransient
        #expect(output.text == "⠋ " + erase + "⠙ " + erase + "answer\n⠸ " + erase)
    }

    @Test func theFailureHandlerRunsOnceForTheFirstFailedWrite() {
        let output = FailingOutput()
        let failures = Locked<[OutputFailure]>([])
        let gate = OutputGate(output) { failure in failures.update { $0.append(failure) } }
        gate.write("fine")
        #expect(failures.get().isEmpty)
        output.failure.set(.closed)
        gate.write("lost")
        gate.write("lost again")
        #expect(failures.get() == [.closed])
    }

    @Test func theInterrupterStopsArmedWorkOnceAndKeepsTheFirstTerminationSignal() {
        let interrupter = TurnInterrupter()
        // At the prompt: nothing to stop.
        interrupter.interrupt()
        #expect(!interrupter.isArmed)
        #expect(!interrupter.disarm())

        let gate = OutputGate(CapturingOutput())
        let cancels = Locked(0)
        interrupter.arm(gate: gate) { cancels.update { $0 += 1 } }
        #expect(interrupter.isArmed)
        interrupter.interrupt()
        interrupter.interrupt()
        #expect(gate.isClosed)
        #expect(cancels.get() == 1)
        #expect(interrupter.disarm())
        #expect(!interrupter.isArmed)

        interrupter.arm(gate: gate) { cancels.update { $0 += 1 } }
        #expect(!interrupter.disarm())

        #expect(interrupter.terminationSignal == nil)
        interrupter.recordTermination(SIGHUP)
        interrupter.recordTermination(SIGTERM)
        #expect(interrupter.terminationSignal == SIGHUP)
    }

    @Test func aTerminationEndsTheReadUnderWayAndEveryLaterOne() async {
        let input = BlockingInput()
        let reader = InputReader(input)
        let read = Task { await reader.read(prompt: ">>> ", continuationPrompt: "... ") }
        // The reading thread is inside the read.
        _ = await input.entered.wait()
        reader.terminate(SIGTERM)
        reader.terminate(SIGHUP)
        #expect(await read.value == .terminated(SIGTERM))
        #expect(await reader.read(prompt: ">>> ", continuationPrompt: "... ") == .terminated(SIGTERM))
        input.release.signal()
    }

    @Test func aReadEndsWithWhatWasTypedAndACancelledTaskStillWaitsForIt() async {
        let input = BlockingInput()
        let reader = InputReader(input)
        let read = Task { await reader.read(prompt: ">>> ", continuationPrompt: "... ") }
        _ = await input.entered.wait()
        read.cancel()
        input.release.signal()
        #expect(await read.value == .input(.text("typed")))
    }
}

/// An input whose read blocks until released, and says when it has begun.
final class BlockingInput: ChatInput, @unchecked Sendable {
    let entered = OneShot<Void>()
    let release = DispatchSemaphore(value: 0)
    var isInteractive: Bool { true }

    func nextInput(prompt: String, continuationPrompt: String) -> ChatInputEvent {
        entered.fire(())
        release.wait()
        return .text("typed")
    }

    func addToHistory(_ line: String) {}

    func setCompletionHandler(_ handler: @escaping @Sendable (ChatCompletionContext) -> [String]) {}
}

/// An output whose writes start failing when told to.
final class FailingOutput: TextOutput, @unchecked Sendable {
    let failure = Locked<OutputFailure?>(nil)

    func write(_ text: String) {}

    func columns() -> Int? { nil }

    var writeFailure: OutputFailure? { failure.get() }
}
