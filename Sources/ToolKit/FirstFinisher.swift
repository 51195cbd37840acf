import TachikomaCore

/// Runs contenders at once and returns (or throws) whatever the first of them ends with; the rest are
/// cancelled and not waited for.
///
/// Not a task group on purpose: an MCP request waits on a continuation the SDK resumes only when an
/// answer comes or the request is cancelled by id, and it ignores task cancellation. A group would
/// wait for it forever after a timeout; here it is left to end when the connection is torn down.
package enum FirstFinisher {
    package static func first<Value: Sendable>(_ contenders: [@Sendable () async throws -> Value]) async throws -> Value {
        let winner = OneShot<Result<Value, any Error>>()
        let tasks = contenders.map { contender in
            Task {
                do {
                    winner.fire(.success(try await contender()))
                } catch {
                    winner.fire(.failure(error))
                }
            }
        }
        // The losers, or all of them when the caller is cancelled first.
        defer { for task in tasks { task.cancel() } }
        guard let result = await winner.wait() else { throw CancellationError() }
        return try result.get()
    }
}
