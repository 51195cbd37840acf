import Foundation
import GRDB

/// Holds a database's write lock, as another running chat in the middle of a save would, until
/// `release()`. The lock is SQLite's file lock, so the binary under test sees it like any process's.
final class DatabaseLockHolder: @unchecked Sendable {
    private let releaseSignal = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Returns once the lock is held.
    static func hold(_ path: String) async throws -> DatabaseLockHolder {
        let holder = DatabaseLockHolder()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            // A thread of its own: the transaction stays open while it waits, off the cooperative pool.
            Thread {
                var resumed = false
                do {
                    let queue = try DatabaseQueue(path: path)
                    try queue.writeWithoutTransaction { db in
                        try db.execute(sql: "BEGIN IMMEDIATE")
                        resumed = true
                        continuation.resume()
                        holder.releaseSignal.wait()
                        try db.execute(sql: "ROLLBACK")
                    }
                } catch {
                    if !resumed { continuation.resume(throwing: error) }
                }
                holder.finished.signal()
            }.start()
        }
        return holder
    }

    /// Lets go of the lock and waits until the connection has.
    func release() {
        releaseSignal.signal()
        finished.wait()
    }
}
