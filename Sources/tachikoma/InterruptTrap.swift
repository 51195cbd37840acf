import ChatREPL
import Foundation
import Synchronization

/// Catches Ctrl-C (SIGINT) for the life of a command so it can stop cleanly instead of dying mid-write.
final class InterruptTrap: Sendable {
    private let watcher = SignalWatcher()
    private let state = Mutex<(fired: Bool, action: (@Sendable () -> Void)?)>((false, nil))

    init() {
        watcher.start([SIGINT]) { [weak self] _ in self?.fire() }
    }

    private func fire() {
        let action = state.withLock { value in
            value.fired = true
            return value.action
        }
        action?()
    }

    /// Whether Ctrl-C was pressed.
    var fired: Bool { state.withLock { $0.fired } }

    /// What to do on Ctrl-C (typically: cancel the task doing the work).
    func onInterrupt(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.action = action }
    }

    deinit { watcher.stop() }
}
