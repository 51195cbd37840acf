/// One subscription to the `SignalRouter`: its handler is called for each of its signals until it is
/// cancelled, explicitly or by being released.
public final class SignalSubscription: Sendable {
    /// Nil when the router could not start (no pipe): such a subscription hears nothing.
    private let router: SignalRouter?
    private let id: UInt64

    init(router: SignalRouter?, id: UInt64) {
        self.router = router
        self.id = id
    }

    /// Stops the handler. Once this returns, the handler is not running and never runs again (when
    /// called from a handler, it simply is not called again). Cancelling again does nothing.
    public func cancel() {
        router?.cancel(id)
    }

    deinit { cancel() }
}
