extension ResponseChannel {
    /// Ends a streamed reply as `failure` says, after the bytes already batched (`pending`), the
    /// same way for either API; `errorMessage` is the API's own error line or event for a message.
    /// Answers whether the body ended cleanly (false: the connection was dropped or abandoned).
    func end(
        with failure: StreamFailure, pending: [UInt8], state: SharedServerState,
        errorMessage: (String) -> [UInt8]
    ) async throws -> Bool {
        switch failure {
        case .errorLine(_, let message):
            try await finish(pending + errorMessage(message))
            return true
        case .endWithoutDone:
            try await finish(pending)
            return true
        case .disconnect:
            if !pending.isEmpty { try await send(pending) }
            await abort()
            return false
        case .stall:
            if !pending.isEmpty { try await send(pending) }
            await waitUntilClosed()
            if !Task.isCancelled { state.withLock { $0.clientDisconnects += 1 } }
            return false
        }
    }
}
