import SignalRouting

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signals the line editor acts on while it reads: Ctrl-C (SIGINT), a resize (SIGWINCH) and a
/// return from Ctrl-Z (SIGCONT), all from the process's `SignalRouter`.
///
/// They are the prompt's alone while it reads (an exclusive subscription: Ctrl-C at a question asked
/// during an answer ends the question, not the answer) and wait in an inbox the reading loop watches
/// beside the terminal, so that one arriving between a check and the wait still wakes the wait.
/// They are blocked on the reading thread: another thread runs the router's handler, and none cuts
/// short one of libedit's reads or writes.
///
/// libedit's `el_wgets` installs its own handlers on entry (with `EL_SIGNAL`), chaining to the
/// router's: for SIGINT it puts the terminal in cooked mode and passes the signal on, which is what
/// we want. For SIGWINCH and SIGCONT it resizes and redraws inside the handler, on whichever thread
/// the signal reaches, which freed the display under the reader (a crash on resize): the reader
/// gives those two back to the router once el_wgets has begun (`reclaimResizeSignals`), and
/// resizes and redraws itself.
final class PromptSignals {
    private static let watched: Set<Int32> = [SIGINT, SIGWINCH, SIGCONT]

    private var inbox: SignalInbox?
    /// Taken from the inbox and not yet acted on; only the reading thread touches it.
    private var arrived: Set<Int32> = []
    private var previousMask = sigset_t()

    /// Starts a read: the signals are the prompt's until `end`.
    func begin() {
        var block = sigset_t()
        sigemptyset(&block)
        for signal in Self.watched { sigaddset(&block, signal) }
        pthread_sigmask(SIG_BLOCK, &block, &previousMask)
        arrived = []
        inbox = SignalInbox(signals: Self.watched, exclusive: true)
    }

    /// Ends the read: the router stops sending these signals here first, then the thread's mask is
    /// put back, so a late Ctrl-C reaches whoever trapped it before (an answer, or nobody).
    func end() {
        inbox?.cancel()
        inbox = nil
        pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    }

    /// Readable while a signal waits: to watch beside the terminal (-1 without an inbox).
    var descriptor: Int32 { inbox?.descriptor ?? -1 }

    /// Whether `signal` arrived since it was last taken.
    func take(_ signal: Int32) -> Bool {
        if let inbox { arrived.formUnion(inbox.take()) }
        return arrived.remove(signal) != nil
    }

    /// Gives SIGWINCH and SIGCONT back to the router after `el_wgets` installed libedit's handlers.
    func reclaimResizeSignals() {
        SignalRouter.shared.reinstallHandlers(for: [SIGWINCH, SIGCONT])
    }
}
