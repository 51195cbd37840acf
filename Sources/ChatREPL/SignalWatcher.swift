import Dispatch
import Foundation

/// Turns signals into calls on a queue while it is active, and puts the previous dispositions back
/// when stopped, so the line editor's own handling works again at the prompt.
///
/// Uses a C handler that writes the signal number to a pipe (the self-pipe trick) rather than
/// `DispatchSource.makeSignalSource`: on Linux, libdispatch installs its handler only the first time
/// a signal is watched, so a source made after the disposition was restored never fires.
public final class SignalWatcher: @unchecked Sendable {
    // `start` and `stop` are called by the owning task only; the router calls the handler on its queue.
    private var previous: [(Int32, sigaction)] = []
    private var registration: Int?

    public init() {}

    /// Starts turning `signals` into calls of `handler`; their default actions (e.g. dying on
    /// SIGINT) do not happen while watching.
    public func start(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        stop()
        guard let router = SignalRouter.shared else { return }
        registration = router.register(signals, handler: handler)
        for signalNumber in signals {
            var old = sigaction()
            var action = sigaction()
            #if os(Linux)
                action.__sigaction_handler.sa_handler = forwardSignalToPipe
            #else
                action.__sigaction_u.__sa_handler = forwardSignalToPipe
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signalNumber, &action, &old)
            previous.append((signalNumber, old))
        }
    }

    /// Stops watching and restores the dispositions found at `start`.
    public func stop() {
        for (signalNumber, old) in previous.reversed() {
            var old = old
            sigaction(signalNumber, &old, nil)
        }
        previous.removeAll()
        if let registration { SignalRouter.shared?.unregister(registration) }
        registration = nil
    }

    deinit { stop() }
}

/// The pipe's write end, for the C handler; set once before any handler is installed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Async-signal-safe: one `write(2)` of the signal number, errno preserved.
private func forwardSignalToPipe(_ signalNumber: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: signalNumber)
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = savedErrno
}

/// Reads signal numbers from the pipe and calls whoever is registered for them.
private final class SignalRouter: @unchecked Sendable {
    static let shared: SignalRouter? = SignalRouter()

    private let lock = NSLock()
    private var handlers: [Int: (signals: [Int32], handler: @Sendable (Int32) -> Void)] = [:]
    private var nextID = 0
    private let readSource: any DispatchSourceRead
    private let readEnd: Int32

    private init?() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        readEnd = fds[0]
        signalPipeWriteEnd = fds[1]
        readSource = DispatchSource.makeReadSource(fileDescriptor: fds[0], queue: DispatchQueue(label: "tachikoma.signals"))
        readSource.setEventHandler { [weak self] in self?.drain() }
        readSource.resume()
    }

    func register(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextID += 1
        handlers[nextID] = (signals, handler)
        return nextID
    }

    func unregister(_ id: Int) {
        lock.lock()
        handlers[id] = nil
        lock.unlock()
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            guard count > 0 else { return }
            for byte in buffer[0..<count] {
                let signalNumber = Int32(byte)
                lock.lock()
                let targets = handlers.values.filter { $0.signals.contains(signalNumber) }.map(\.handler)
                lock.unlock()
                for handler in targets { handler(signalNumber) }
            }
        }
    }
}
