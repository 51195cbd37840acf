import TachikomaCore

/// Runs async work with a time limit, for the waits that must stay short whatever the server does
/// (the start-up checks): the work is cancelled, and its connection closed, when time runs out.
enum Deadline {
    enum Outcome<Value: Sendable>: Sendable {
        case finished(Value)
        case failed(any Error)
        case timedOut
        /// The caller's task was cancelled (Ctrl-C) before the work ended.
        case cancelled
    }

    static func run<Value: Sendable>(
        within limit: Duration, _ work: @escaping @Sendable () async throws -> Value
    ) async -> Outcome<Value> {
        await withTaskGroup(of: Outcome<Value>?.self) { group in
            group.addTask {
                do {
                    return .finished(try await work())
                } catch {
                    return Task.isCancelled ? nil : .failed(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return Task.isCancelled ? nil : .timedOut
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if Task.isCancelled { return .cancelled }
            return first ?? .cancelled
        }
    }

    /// `5 s`, `1.5 s`, `250 ms`.
    static func describe(_ duration: Duration) -> String {
        let seconds = duration.secondsValue
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds == seconds.rounded() { return "\(Int(seconds)) s" }
        return "\((seconds * 10).rounded() / 10) s"
    }
}
