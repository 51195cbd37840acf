import Foundation

/// Stops whatever the chat is waiting on (an answer, a slash command talking to the server, the
/// start-up checks): shuts its output at once and cancels the task doing it.
///
/// Ctrl-C calls `interrupt` from the signal queue; SIGTERM and SIGHUP also record themselves so
/// the REPL exits once the work has unwound.
final class TurnInterrupter: @unchecked Sendable {
    // Guards everything below.
    private let lock = NSLock()
    private var gate: OutputGate?
    private var cancel: (@Sendable () -> Void)?
    private var interruptedTurn = false
    private var termination: Int32?

    init() {}

    /// Stops the current work, if any; does nothing at the prompt.
    func interrupt() {
        lock.lock()
        let gate = self.gate
        let cancel = self.cancel
        if gate != nil { interruptedTurn = true }
        lock.unlock()
        gate?.close()
        cancel?()
    }

    func recordTermination(_ signalNumber: Int32) {
        lock.lock()
        if termination == nil { termination = signalNumber }
        lock.unlock()
    }

    var terminationSignal: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return termination
    }

    /// Whether some work is armed (so nested work leaves Ctrl-C to the outer scope).
    var isArmed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancel != nil
    }

    /// Makes `interrupt` act on this work.
    func arm(gate: OutputGate, cancel: @escaping @Sendable () -> Void) {
        lock.lock()
        self.gate = gate
        self.cancel = cancel
        interruptedTurn = false
        lock.unlock()
    }

    /// Ends the work; returns whether it was interrupted.
    func disarm() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        gate = nil
        cancel = nil
        return interruptedTurn
    }
}
