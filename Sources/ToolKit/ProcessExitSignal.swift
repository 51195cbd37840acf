import Foundation
import Synchronization

/// Fires once, when a server process has gone (exited, killed, or never started), carrying why in
/// words. Any number of tasks may wait; a waiting task that is cancelled stops waiting.
package final class ProcessExitSignal: Sendable {
    private struct State {
        var reason: String?
        var waiters: [UUID: CheckedContinuation<String?, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Why the process went, once it has.
    package var reason: String? { state.withLock { $0.reason } }

    /// Records `reason` (the first one wins) and wakes every waiter.
    package func fire(_ reason: String) {
        let waiters = state.withLock { state -> [CheckedContinuation<String?, Never>] in
            guard state.reason == nil else { return [] }
            state.reason = reason
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: reason) }
    }

    /// The reason once the process has gone; nil when the waiting task is cancelled first.
    package func wait() async -> String? {
        let id = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                let immediate: String?? = state.withLock { state in
                    if let reason = state.reason { return .some(reason) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
    }
}
