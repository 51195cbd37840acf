/// Times an answer's first token: from the request going out to the first thinking or text, the
/// wait a person feels (`--verbose`'s "time to first token").
public struct FirstTokenClock: Sendable {
    private var began: ContinuousClock.Instant?
    /// nil until a token has arrived after `begin`.
    public private(set) var elapsed: Duration?

    public init() {}

    /// The request went out.
    public mutating func begin() {
        began = .now
        elapsed = nil
    }

    /// Something arrived; only the first call after `begin` counts.
    @inline(__always)
    public mutating func tokenArrived() {
        guard elapsed == nil, let began else { return }
        elapsed = .now - began
    }
}
