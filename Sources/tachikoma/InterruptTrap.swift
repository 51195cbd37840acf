import Dispatch
import Foundation
import Synchronization

/// Catches Ctrl-C (SIGINT) for the life of a command so it can stop cleanly instead of dying mid-write.
final class InterruptTrap: Sendable {
    private let source: DispatchSourceSignal
    private let state = Mutex<(fired: Bool, action: (@Sendable () -> Void)?)>((false, nil))

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [state] in
            let action = state.withLock { value in
                value.fired = true
                return value.action
            }
            action?()
        }
        source.resume()
    }

    /// Whether Ctrl-C was pressed.
    var fired: Bool { state.withLock { $0.fired } }

    /// What to do on Ctrl-C (typically: cancel the task doing the work).
    func onInterrupt(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.action = action }
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
