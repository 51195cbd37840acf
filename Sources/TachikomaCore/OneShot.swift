import Synchronization

/// A value set exactly once, by whichever of several racing parties comes first, and handed to
/// everyone waiting for it: the program's one way to "resume exactly once".
///
/// The first `fire` wins; later ones are ignored and say so. Every waiter is resumed once, with that
/// value, whether it began waiting before the fire or after. A task waiting with `wait()` that is
/// cancelled first stops waiting (with nil), and the others wait on.
///
/// Used for a race's winner (`FirstFinisher`, a tool abandoned on Ctrl-C), a process's exit and its
/// reason, the answer to one request, a read that a termination signal may end first, the first
/// termination signal and the first failed write.
public final class OneShot<Value: Sendable>: Sendable {
    /// Before the fire, who waits; after it, the value (and nobody waits).
    private enum State {
        case pending(Waiting)
        case fired(Value)
    }

    private struct Waiting {
        var waiters: [UInt64: Waiter] = [:]
        var actions: [@Sendable (Value) -> Void] = []
    }

    private enum Waiter {
        /// From `wait()`: resumed with nil if its task is cancelled first.
        case cancellable(CheckedContinuation<Value?, Never>)
        /// From `waitEvenIfCancelled()`.
        case steadfast(CheckedContinuation<Value, Never>)

        func resume(with value: Value) {
            switch self {
            case .cancellable(let continuation): continuation.resume(returning: value)
            case .steadfast(let continuation): continuation.resume(returning: value)
            }
        }
    }

    private let state = Mutex(State.pending(Waiting()))
    /// Names each waiter, so that a cancellation removes that waiter alone.
    private let waiterIDs = Atomic<UInt64>(0)

    public init() {}

    /// The value once fired; nil before.
    public var value: Value? {
        state.withLock { state in
            guard case .fired(let value) = state else { return nil }
            return value
        }
    }

    /// Whether `fire` has been called.
    public var hasFired: Bool { value != nil }

    /// Sets the value and resumes every waiter with it, unless a value was set before. Returns
    /// whether this call was the first (the one whose value everyone gets). `whenFired` actions
    /// run here, on the caller's thread, before it returns.
    @discardableResult
    public func fire(_ value: Value) -> Bool {
        let waiting: Waiting? = state.withLock { state in
            guard case .pending(let waiting) = state else { return nil }
            state = .fired(value)
            return waiting
        }
        guard let waiting else { return false }
        for waiter in waiting.waiters.values { waiter.resume(with: value) }
        for action in waiting.actions { action(value) }
        return true
    }

    /// Runs `action` with the value, exactly once: at once on this thread when fired already,
    /// otherwise on the thread that fires.
    public func whenFired(_ action: @escaping @Sendable (Value) -> Void) {
        let fired: Value? = state.withLock { state in
            switch state {
            case .fired(let value):
                return value
            case .pending(var waiting):
                // Emptied while changed, so the collections are not copied.
                state = .pending(Waiting())
                waiting.actions.append(action)
                state = .pending(waiting)
                return nil
            }
        }
        if let fired { action(fired) }
    }

    /// The value, once fired; nil when the waiting task is cancelled before that (a value fired
    /// before the cancellation is still returned). Cancelling a waiter leaves the one-shot unfired.
    public func wait() async -> Value? {
        let id = waiterIDs.wrappingAdd(1, ordering: .relaxed).oldValue
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
                switch register(.cancellable(continuation), id: id) {
                case .registered: break
                case .fired(let value): continuation.resume(returning: value)
                case .cancelled: continuation.resume(returning: nil)
                }
            }
        } onCancel: {
            if case .cancellable(let continuation)? = removeWaiter(id) { continuation.resume(returning: nil) }
        }
    }

    /// The value, once fired, even if the waiting task is cancelled meanwhile: for a wait that must
    /// not end before what it waits on has (a read the terminal is still in the middle of).
    public func waitEvenIfCancelled() async -> Value {
        let id = waiterIDs.wrappingAdd(1, ordering: .relaxed).oldValue
        return await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
            if case .fired(let value) = register(.steadfast(continuation), id: id) { continuation.resume(returning: value) }
        }
    }

    private enum Registration {
        case registered
        case fired(Value)
        case cancelled
    }

    /// Checking and registering are one step, so a cancellation handler that runs later always
    /// finds the waiter, and one that ran before is seen through `Task.isCancelled`.
    private func register(_ waiter: Waiter, id: UInt64) -> Registration {
        state.withLock { state in
            switch state {
            case .fired(let value):
                return .fired(value)
            case .pending(var waiting):
                if case .cancellable = waiter, Task.isCancelled { return .cancelled }
                state = .pending(Waiting())
                waiting.waiters[id] = waiter
                state = .pending(waiting)
                return .registered
            }
        }
    }

    private func removeWaiter(_ id: UInt64) -> Waiter? {
        state.withLock { state in
            guard case .pending(var waiting) = state else { return nil }
            state = .pending(Waiting())
            let removed = waiting.waiters.removeValue(forKey: id)
            state = .pending(waiting)
            return removed
        }
    }
}
