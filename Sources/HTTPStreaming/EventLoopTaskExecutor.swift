import NIOCore

/// Runs tasks on one NIO event loop, for `Task(executorPreference:)`.
///
/// A task that reads a streamed answer otherwise runs on Swift's global pool while its connection
/// lives on an event loop: every network read then wakes a pool thread and every request for more
/// wakes the loop again. With this preference the reading task runs on the loop that does the I/O
/// (AsyncHTTPClient puts a new connection on the loop of the task that asks, when it can), so a
/// read and its decoding happen on one thread, one after the other.
///
/// Only for work that does not block for long: everything else on that loop waits meanwhile.
public final class EventLoopTaskExecutor: TaskExecutor {
    private let loop: any EventLoop

    public init(loop: any EventLoop) {
        self.loop = loop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }

    /// Has NIO's shared event loop group, which the HTTP clients use, run one loop; to be called
    /// before anything uses it. A pooled connection then always lives on the loop a stream's task is
    /// given: with two, a kept-alive connection could be on the other one, and every read would wake
    /// a second thread after all. Tachikoma streams one answer at a time (two for `/compare`).
    public static func useOneSharedLoop() {
        NIOSingletons.groupLoopCountSuggestion = 1
    }
}
