import Foundation

/// Decides, each time SQLite finds the database locked by another connection, whether to try
/// again: yes after a short random nap, until `timeout` has passed since the first try.
///
/// SQLite's own busy handler sleeps up to 100 ms between tries, so a connection that writes in a
/// loop can take the lock in every gap and starve another past the timeout (seen in the two-writer
/// test: one of two stores saving 200 answers each failed with "locked"). Naps of 0.2–2 ms catch
/// the gaps.
final class BusyWaiter: @unchecked Sendable {
    private let timeout: Duration
    private let lock = NSLock()
    private var firstTry = ContinuousClock.now

    init(timeout: Duration) {
        self.timeout = timeout
    }

    func shouldRetry(afterTries tries: Int) -> Bool {
        let now = ContinuousClock.now
        let started = lock.withLock {
            if tries == 0 { firstTry = now }
            return firstTry
        }
        guard now - started < timeout else { return false }
        usleep(UInt32.random(in: 200...2_000))
        return true
    }
}
