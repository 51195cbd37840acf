import Foundation
import SignalRouting

/// Runs work in a task that Ctrl-C (and SIGTERM or SIGHUP) cancels, its writes going through the
/// gate that Ctrl-C shuts. Everything that waits on the server runs this way: answers, slash
/// commands, the start-up checks, a pull, a summary.
///
/// Used by the chat's task, and by the work it runs while the chat awaits it: one at a time, so it
/// touches the input without a lock.
struct InterruptibleWork: @unchecked Sendable {
    private let screen: Screen
    private let interrupter: TurnInterrupter
    private let input: any ChatInput
    private let handlesSignals: Bool

    /// - Parameter handlesSignals: watch SIGINT while work runs; off in tests, which interrupt
    ///   through `interrupter` instead.
    init(screen: Screen, interrupter: TurnInterrupter, input: any ChatInput, handlesSignals: Bool) {
        self.screen = screen
        self.interrupter = interrupter
        self.input = input
        self.handlesSignals = handlesSignals
    }

    /// Runs `body` so that Ctrl-C stops it; on `executor` when one is given (the connection's event
    /// loop, for a streamed answer).
    ///
    /// While it runs, keys typed are held for the next prompt rather than echoed into the answer.
    /// After an interruption the cursor is on a fresh line, past a `^C`. Work started inside other
    /// such work runs in the outer task, whose Ctrl-C stops both.
    func run<Value: Sendable>(
        on executor: (any TaskExecutor)? = nil,
        _ body: @escaping @Sendable (OutputGate) async -> Value
    ) async -> (value: Value, interrupted: Bool, gate: OutputGate) {
        let gate = screen.output
        if interrupter.isArmed {
            let value = await body(gate)
            return (value, Task.isCancelled, gate)
        }
        let task = Task(executorPreference: executor) { await body(gate) }
        interrupter.arm(gate: gate, cancel: { task.cancel() })
        var ctrlC: SignalSubscription?
        if handlesSignals {
            ctrlC = SignalRouter.shared.subscribe(to: [SIGINT]) { [interrupter] _ in interrupter.interrupt() }
            input.holdTypeAhead()
        }
        let value = await task.value
        if handlesSignals {
            input.releaseTypeAhead()
        }
        ctrlC?.cancel()
        let interrupted = interrupter.disarm()
        if interrupted { acknowledgeInterruption() }
        return (value, interrupted, gate)
    }

    /// Opens the gate again and leaves the cursor on a fresh line: typed keys are not echoed while
    /// work runs, so the `^C` a terminal would show is written here.
    private func acknowledgeInterruption() {
        let output = screen.output
        output.reopen()
        guard output.writeFailure == nil else { return }
        let mark = interrupter.terminationSignal == nil && input.isInteractive ? "^C" : ""
        let needsBreak = !mark.isEmpty || !output.atLineStart
        output.write(screen.style.reset + mark + (needsBreak ? "\n" : ""))
    }
}
