import Foundation
import SignalRouting
import TachikomaCore

/// Catches Ctrl-C (SIGINT) for the life of a command so it can stop cleanly instead of dying mid-write.
final class InterruptTrap: Sendable {
    private let interrupted: OneShot<Void>
    private let subscription: SignalSubscription

    init() {
        let interrupted = OneShot<Void>()
        self.interrupted = interrupted
        subscription = SignalRouter.shared.subscribe(to: [SIGINT]) { _ in interrupted.fire(()) }
    }

    /// Whether Ctrl-C was pressed.
    var fired: Bool { interrupted.hasFired }

    /// What to do on Ctrl-C (typically: cancel the task doing the work); at once if it was pressed
    /// already.
    func onInterrupt(_ action: @escaping @Sendable () -> Void) {
        interrupted.whenFired { action() }
    }

    deinit { subscription.cancel() }
}
