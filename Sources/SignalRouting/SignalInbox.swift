#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A subscription for a thread that waits in `poll(2)` rather than in a task (the line editor,
/// inside libedit's read loop): the router's handler queues each signal here, in a pipe that thread
/// watches beside its input, and `take()` collects them.
///
/// Nothing here runs in a signal handler: the router's queue writes to this pipe, so the process
/// still has one signal handler and one self-pipe.
public final class SignalInbox: Sendable {
    /// Readable while signals wait to be taken; to watch beside the input.
    public let descriptor: Int32
    private let writeEnd: Int32
    private let subscription: SignalSubscription

    /// Starts collecting `signals`; nil when no pipe could be made.
    /// - Parameter exclusive: as for `SignalRouter.subscribe`: while the inbox lasts, only it (or a
    ///   later exclusive subscription) gets these signals.
    public init?(signals: Set<Int32>, exclusive: Bool = false, router: SignalRouter = .shared) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        descriptor = ends[0]
        writeEnd = ends[1]
        subscription = router.subscribe(to: signals, exclusive: exclusive) { [writeEnd = ends[1]] signal in
            var byte = UInt8(truncatingIfNeeded: signal)
            _ = write(writeEnd, &byte, 1)
        }
    }

    /// The signals that arrived since the last call, in order; empty when none did. Never blocks.
    public func take() -> [Int32] {
        var taken: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return taken }
            taken += buffer[..<count].map { Int32($0) }
        }
    }

    /// Stops collecting; what arrived before can still be taken.
    public func cancel() {
        subscription.cancel()
    }

    deinit {
        // The handler has stopped once `cancel` returns, so it never writes to a closed descriptor.
        subscription.cancel()
        close(descriptor)
        close(writeEnd)
    }
}
