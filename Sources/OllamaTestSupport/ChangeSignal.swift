import Synchronization

/// Wakes the tasks waiting on something that changes from another thread (new output on a terminal,
/// a process's exit), so that a test waits for the event itself instead of polling on a timer.
/// A deadline only bounds the wait for an event that never comes.
public final class ChangeSignal: Sendable {
    private struct State {
        var version = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var expired: Set<Int> = []
        var nextID = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Grows by one on every `notify()`; read it before looking at the watched state.
    public var version: Int { state.withLock { $0.version } }

    /// Something changed: wake every waiter.
    public func notify() {
        let waiters = state.withLock { state in
            state.version += 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns once `version` has moved past `seen`, or at `deadline`.
    public func wait(since seen: Int, until deadline: ContinuousClock.Instant) async {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let timer = Task {
            // Cancelled when the wait ended first.
            guard (try? await Task.sleep(until: deadline)) != nil else { return }
            expire(id)
        }
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.version != seen || state.expired.remove(id) != nil { return true }
                state.waiters[id] = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
        state.withLock { _ = $0.expired.remove(id) }
    }

    /// Waits until `condition` holds, checking it now and after each `notify()`; false if it still
    /// does not hold when `timeout` has passed.
    public func waitUntil(timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            let seen = version
            if condition() { return true }
            guard ContinuousClock.now < deadline else { return false }
            await wait(since: seen, until: deadline)
        }
    }

    private func expire(_ id: Int) {
        let waiter = state.withLock { state in
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                state.expired.insert(id)
                return nil as CheckedContinuation<Void, Never>?
            }
            return waiter
        }
        waiter?.resume()
    }
}
