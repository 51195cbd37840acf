import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's one way to hear signals: one handler writes each signal's number to one pipe (the
/// self-pipe trick), and one reader calls the subscribers of that signal, one at a time, in the
/// order the signals came, on the router's queue (never inside the signal handler).
///
/// The router handles a signal only while someone subscribes to it: the first subscription puts
/// its handler in place, the last one to end puts back whatever was there before (so SIGINT kills
/// a program again when nothing traps it).
///
/// Every subscriber of a signal gets it, unless some subscription to it is exclusive: then the
/// latest exclusive one alone does while it lasts (the line editor reading a question asked during
/// an answer takes Ctrl-C from that answer).
///
/// Not `DispatchSource.makeSignalSource`: on Linux libdispatch installs its own handler only the
/// first time a signal is watched, so a source made after the disposition was put back never fires.
public final class SignalRouter: Sendable {
    /// The router of this process (there is one pipe, so one router).
    public static let shared = SignalRouter()

    private struct Subscriber {
        let id: UInt64
        let signals: Set<Int32>
        let exclusive: Bool
        let handler: @Sendable (Int32) -> Void
    }

    private struct State {
        /// In the order they subscribed.
        var subscribers: [Subscriber] = []
        /// The signals the router handles now, each with the action it replaced.
        var replaced: [Int32: sigaction] = [:]
        var nextID: UInt64 = 1
    }

    private let state = Mutex(State())
    /// The pipe's read end; nil when no pipe could be made, and then nothing is ever subscribed.
    private let readEnd: Int32?
    private let queue = DispatchQueue(label: "tachikoma.signals")
    private let onQueue = DispatchSpecificKey<Bool>()
    // Only kept alive: it calls `deliver` whenever the pipe has something to read.
    private nonisolated(unsafe) let readSource: (any DispatchSourceRead)?

    private init() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            readEnd = nil
            readSource = nil
            return
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            // Never block: not the handler writing to a full pipe, not the reader draining it.
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        readEnd = ends[0]
        routerPipeWriteEnd = ends[1]
        queue.setSpecific(key: onQueue, value: true)
        let source = DispatchSource.makeReadSource(fileDescriptor: ends[0], queue: queue)
        readSource = source
        source.setEventHandler { [weak self] in self?.deliver() }
        source.resume()
    }

    /// Calls `handler` on the router's queue for each of `signals` that arrives, until the returned
    /// subscription is cancelled or released. While it lasts, those signals' default actions (such
    /// as ending the program on SIGINT) do not happen.
    /// - Parameter exclusive: while this subscription lasts, it alone gets these signals (the latest
    ///   exclusive subscription does, when there are several).
    public func subscribe(
        to signals: Set<Int32>, exclusive: Bool = false, _ handler: @escaping @Sendable (Int32) -> Void
    ) -> SignalSubscription {
        guard readEnd != nil else { return SignalSubscription(router: nil, id: 0) }
        let id: UInt64 = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.subscribers.append(Subscriber(id: id, signals: signals, exclusive: exclusive, handler: handler))
            for signal in signals where state.replaced[signal] == nil {
                state.replaced[signal] = Self.installHandler(for: signal)
            }
            return id
        }
        return SignalSubscription(router: self, id: id)
    }

    /// Puts the router's handler back on those of `signals` it handles now, after other code
    /// replaced it behind the router's back (libedit's `el_wgets` installs handlers of its own on
    /// entry, which for a resize redraw inside the handler). What the last subscription to end puts
    /// back stays the action the router first replaced.
    public func reinstallHandlers(for signals: Set<Int32>) {
        state.withLock { state in
            for signal in signals where state.replaced[signal] != nil {
                _ = Self.installHandler(for: signal)
            }
        }
    }

    /// Ends subscription `id`. Once this returns, its handler is not running and never runs again
    /// (unless called from a handler, where the handlers still to run are simply skipped).
    func cancel(_ id: UInt64) {
        state.withLock { state in
            guard let index = state.subscribers.firstIndex(where: { $0.id == id }) else { return }
            let ended = state.subscribers.remove(at: index)
            for signal in ended.signals where !state.subscribers.contains(where: { $0.signals.contains(signal) }) {
                if var previous = state.replaced.removeValue(forKey: signal) {
                    sigaction(signal, &previous, nil)
                }
            }
        }
        // Wait for a delivery under way to finish, which might have taken this handler already.
        if DispatchQueue.getSpecific(key: onQueue) != true { queue.sync {} }
    }

    /// Reads the signal numbers waiting in the pipe and hands each to its subscribers.
    private func deliver() {
        guard let readEnd else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            for byte in buffer[..<count] {
                let signal = Int32(byte)
                for id in recipients(of: signal) {
                    // Looked up again: an earlier handler may have cancelled this subscription.
                    guard let handler = state.withLock({ state in state.subscribers.first { $0.id == id }?.handler }) else {
                        continue
                    }
                    handler(signal)
                }
            }
        }
    }

    /// The subscriptions `signal` goes to now, in the order they subscribed.
    private func recipients(of signal: Int32) -> [UInt64] {
        state.withLock { state in
            let interested = state.subscribers.filter { $0.signals.contains(signal) }
            if let exclusive = interested.last(where: \.exclusive) { return [exclusive.id] }
            return interested.map(\.id)
        }
    }

    /// Installs the router's handler for `signal`; returns the action it replaced.
    private static func installHandler(for signal: Int32) -> sigaction {
        var action = sigaction()
        #if os(Linux)
            action.__sigaction_handler.sa_handler = routeSignal
        #else
            action.__sigaction_u.__sa_handler = routeSignal
        #endif
        sigemptyset(&action.sa_mask)
        // A system call the signal interrupts goes on (a write to the terminal, a read of a pipe).
        action.sa_flags = SA_RESTART
        var previous = sigaction()
        sigaction(signal, &action, &previous)
        return previous
    }
}

/// The pipe's write end, for `routeSignal`; set once, before any handler is installed.
nonisolated(unsafe) private var routerPipeWriteEnd: Int32 = -1

/// The one signal handler. Async-signal-safe: one `write(2)` of the signal's number, errno kept.
private func routeSignal(_ signal: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(routerPipeWriteEnd, &byte, 1)
    errno = savedErrno
}
