import Synchronization

/// Runs contenders at once and returns (or throws) whatever the first of them ends with; the rest are
/// cancelled and not waited for.
///
/// Not a task group on purpose: an MCP request waits on a continuation the SDK resumes only when an
/// answer comes or the request is cancelled by id, and it ignores task cancellation. A group would
/// wait for it forever after a timeout; here it is left to end when the connection is torn down.
package enum FirstFinisher {
    package static func first<Value: Sendable>(_ contenders: [@Sendable () async throws -> Value]) async throws -> Value {
        let race = Race<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                race.begin(continuation)
                for contender in contenders {
                    race.add(Task {
                        do {
                            race.finish(.success(try await contender()))
                        } catch {
                            race.finish(.failure(error))
                        }
                    })
                }
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }
}

/// The shared state of one `FirstFinisher.first` call.
private final class Race<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var finished = false
        var pendingResult: Result<Value, any Error>?
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    func begin(_ continuation: CheckedContinuation<Value, any Error>) {
        let early: Result<Value, any Error>? = state.withLock { state in
            if let result = state.pendingResult {
                state.pendingResult = nil
                return result
            }
            state.continuation = continuation
            return nil
        }
        // Cancelled before the continuation existed.
        if let early { continuation.resume(with: early) }
    }

    func add(_ task: Task<Void, Never>) {
        let cancelNow = state.withLock { state in
            state.tasks.append(task)
            return state.finished
        }
        if cancelNow { task.cancel() }
    }

    func finish(_ result: Result<Value, any Error>) {
        let (continuation, tasks): (CheckedContinuation<Value, any Error>?, [Task<Void, Never>]) = state.withLock { state in
            guard !state.finished else { return (nil, []) }
            state.finished = true
            guard let continuation = state.continuation else {
                state.pendingResult = result
                return (nil, state.tasks)
            }
            state.continuation = nil
            return (continuation, state.tasks)
        }
        continuation?.resume(with: result)
        for task in tasks { task.cancel() }
    }
}
