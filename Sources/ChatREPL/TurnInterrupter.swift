import Synchronization
import TachikomaCore

/// Stops whatever the chat is waiting on (an answer, a slash command talking to the server, the
/// start-up checks): shuts its output at once and cancels the task doing it.
///
/// Ctrl-C calls `interrupt` from the signal router's queue; SIGTERM and SIGHUP also record
/// themselves so the REPL exits once the work has unwound.
final class TurnInterrupter: Sendable {
    private enum State {
        /// At the prompt: nothing to stop.
        case idle
        /// Work runs; `interrupt` shuts `gate` and calls `cancel`.
        case running(gate: OutputGate, cancel: @Sendable () -> Void)
        /// The work was stopped and is unwinding.
        case interrupted
    }

    private let state = Mutex(State.idle)
    /// The first termination signal (SIGTERM, SIGHUP); later ones change nothing.
    private let termination = OneShot<Int32>()

    init() {}

    /// Stops the current work, if any; does nothing at the prompt.
    func interrupt() {
        let running: (gate: OutputGate, cancel: @Sendable () -> Void)? = state.withLock { state in
            guard case .running(let gate, let cancel) = state else { return nil }
            state = .interrupted
            return (gate, cancel)
        }
        running?.gate.close()
        running?.cancel()
    }

    func recordTermination(_ signalNumber: Int32) {
        termination.fire(signalNumber)
    }

    var terminationSignal: Int32? { termination.value }

    /// Whether some work is armed (so nested work leaves Ctrl-C to the outer scope).
    var isArmed: Bool {
        state.withLock { state in
            if case .idle = state { return false }
            return true
        }
    }

    /// Makes `interrupt` act on this work.
    func arm(gate: OutputGate, cancel: @escaping @Sendable () -> Void) {
        state.withLock { $0 = .running(gate: gate, cancel: cancel) }
    }

    /// Ends the work; returns whether it was interrupted.
    func disarm() -> Bool {
        state.withLock { state in
            defer { state = .idle }
            if case .interrupted = state { return true }
            return false
        }
    }
}
