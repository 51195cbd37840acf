import TachikomaCore

/// A failure a command reports as one line on stderr, with its exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32

    /// A server or model problem: exit 1.
    static func backend(_ error: any Error) -> CommandFailure {
        if let error = error as? BackendError {
            if case .cancelled = error { return CommandFailure(message: "interrupted", exitCode: 130) }
            if case .configuration = error { return CommandFailure(message: error.description, exitCode: 2) }
            return CommandFailure(message: error.description, exitCode: 1)
        }
        if let failure = error as? CommandFailure { return failure }
        if error is CancellationError { return CommandFailure(message: "interrupted", exitCode: 130) }
        return CommandFailure(message: String(describing: error), exitCode: 1)
    }

    /// A usage or configuration problem: exit 2.
    static func usage(_ message: String) -> CommandFailure {
        CommandFailure(message: message, exitCode: 2)
    }
}
