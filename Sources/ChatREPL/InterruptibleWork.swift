import Foundation
import SignalRouting

/// Lets a task carry the REPL although the REPL is not `Sendable`: the REPL awaits that task before
/// it touches its own state again, so only one task uses it at a time.
struct REPLHandle: @unchecked Sendable {
    let repl: ChatREPL
}

extension ChatREPL {
    /// Runs `body` in a task that Ctrl-C (and SIGTERM or SIGHUP) cancels, its writes going
    /// through the gate that Ctrl-C shuts. Everything that waits on the server runs this way:
    /// answers, slash commands, the start-up checks.
    ///
    /// While it runs, keys typed are held for the next prompt rather than echoed into the answer.
    /// After an interruption the cursor is on a fresh line, past a `^C`. Work started inside other
    /// such work runs in the outer task, whose Ctrl-C stops both.
    func runInterruptibly<Value: Sendable>(
        _ body: @escaping @Sendable (OutputGate) async -> Value
    ) async -> (value: Value, interrupted: Bool, gate: OutputGate) {
        let gate = output
        if interrupter.isArmed {
            let value = await body(gate)
            return (value, Task.isCancelled, gate)
        }
        let task = Task { await body(gate) }
        interrupter.arm(gate: gate, cancel: { task.cancel() })
        var ctrlC: SignalSubscription?
        if handlesSignalsForTurns {
            ctrlC = SignalRouter.shared.subscribe(to: [SIGINT]) { [interrupter] _ in interrupter.interrupt() }
            input.holdTypeAhead()
        }
        let value = await task.value
        if handlesSignalsForTurns {
            input.releaseTypeAhead()
        }
        ctrlC?.cancel()
        let interrupted = interrupter.disarm()
        if interrupted { acknowledgeInterruption() }
        return (value, interrupted, gate)
    }

    /// Runs a slash command so that Ctrl-C stops it and returns to the prompt.
    func runInterruptibly(_ command: SlashCommand, _ parsed: ParsedCommand) async -> CommandOutcome {
        let handle = REPLHandle(repl: self)
        let (outcome, interrupted, _) = await runInterruptibly { _ in await command.action(handle.repl, parsed) }
        return interrupted ? .continue : outcome
    }

    /// Opens the gate again and leaves the cursor on a fresh line: typed keys are not echoed while
    /// work runs, so the `^C` a terminal would show is written here.
    private func acknowledgeInterruption() {
        output.reopen()
        guard output.writeFailure == nil else { return }
        let mark = interrupter.terminationSignal == nil && input.isInteractive ? "^C" : ""
        let needsBreak = !mark.isEmpty || !output.atLineStart
        output.write(style.reset + mark + (needsBreak ? "\n" : ""))
    }
}
