import NIOCore

/// What the server knows and has seen; shared by all connections under one lock.
struct ServerState: Sendable {
    var script: ServerScript
    var requests: [RecordedRequest] = []
    var clientDisconnects = 0 {
        didSet { disconnects.notify() }
    }
    /// Notified whenever `clientDisconnects` changes.
    let disconnects = ChangeSignal()
    /// Set by `releaseHeldStreams()`: streams holding at `holdAfterTokens` go on (and later ones do not stop).
    var heldStreamsReleased = false
    /// Streams waiting at `holdAfterTokens`, by waiter id.
    var heldStreams: [Int: CheckedContinuation<Void, Never>] = [:]
    var nextWaiterID = 0
}

typealias SharedServerState = LockedState<ServerState>

extension LockedState where Value == ServerState {
    /// Waits until held streams are released, the connection closes or the calling task is cancelled.
    func waitUntilHeldStreamsReleased(orClosed closed: EventLoopFuture<Void>) async {
        let id = withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = withLock { state in
                    if state.heldStreamsReleased || Task.isCancelled { return true }
                    state.heldStreams[id] = continuation
                    return false
                }
                if resumeNow {
                    continuation.resume()
                } else {
                    closed.whenComplete { _ in self.withLock { $0.heldStreams.removeValue(forKey: id) }?.resume() }
                }
            }
        } onCancel: {
            withLock { $0.heldStreams.removeValue(forKey: id) }?.resume()
        }
    }

    /// Lets every held stream go on.
    func releaseHeldStreams() {
        let waiting = withLock { state in
            state.heldStreamsReleased = true
            defer { state.heldStreams.removeAll() }
            return Array(state.heldStreams.values)
        }
        waiting.forEach { $0.resume() }
    }
}
