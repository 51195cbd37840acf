/// Everything that can go wrong talking to a backend, with what a person needs to act on it.
public enum BackendError: Error, Sendable, Hashable {
    /// A setting is wrong (e.g. an unusable host).
    case configuration(String)
    /// Nothing answers at the address (connection refused, no such host). `hint`, from the backend,
    /// names the kind of server and how to start it.
    case serviceUnavailable(url: String, reason: String, hint: ServerHint? = nil)
    /// The connection broke or could not be made for another reason.
    case network(url: String, message: String)
    /// No answer within the time allowed.
    case timeout(url: String, seconds: Double)
    /// The server answered with an error status.
    case api(status: Int, message: String)
    /// The server began a successful answer, then sent an error line in it (e.g. the model runner
    /// stopped); there is no error status to show, only the server's message.
    case streamError(message: String)
    /// The server does not have this model, and can download it (Ollama).
    case modelNotFound(model: String, message: String)
    /// The server does not serve this model and cannot download one (OpenAI-compatible servers):
    /// only another model, or restarting the server with this one, helps.
    case modelNotServed(model: String, message: String)
    /// The server's answer was not what the API promises.
    case parsing(message: String, snippet: String)
    /// The stream stopped before the server said it was done; `partial` is what had arrived.
    case streamEndedEarly(partial: String)
    /// The request was cancelled by the client.
    case cancelled
    /// The backend cannot do this at all.
    case unsupported(String)
}

extension BackendError {
    /// This error with the backend's `hint` attached where it helps (a server that does not answer);
    /// a hint already there is kept.
    public func with(_ hint: ServerHint) -> BackendError {
        if case .serviceUnavailable(let url, let reason, nil) = self { return .serviceUnavailable(url: url, reason: reason, hint: hint) }
        return self
    }
}

/// What a backend adds to an error so a person can act on it: the kind of server and how to start it.
public struct ServerHint: Sendable, Hashable {
    /// The kind of server, by its product's name.
    public var serverName: String
    /// One sentence on how to start the server, or point the chat at it.
    public var startAdvice: String

    public init(serverName: String, startAdvice: String) {
        self.serverName = serverName
        self.startAdvice = startAdvice
    }
}

extension BackendError: CustomStringConvertible {
    /// One line a person can act on.
    public var description: String {
        switch self {
        case .configuration(let message):
            return "configuration error: \(message)"
        case .serviceUnavailable(let url, let reason, let hint):
            let advice = hint.map { " " + $0.startAdvice } ?? ""
            return "could not connect to \(hint?.serverName ?? "the server") at \(url) (\(reason)); is it running?\(advice)"
        case .network(let url, let message):
            return "network error talking to \(url): \(message)"
        case .timeout(let url, let seconds):
            return "no answer from \(url) within \(Self.format(seconds)) s; the server may be busy or loading a model, try again"
        case .api(let status, let message):
            return "server error (HTTP \(status)): \(message)"
        case .streamError(let message):
            return "the server stopped with an error: \(message)"
        case .modelNotFound(let model, let message):
            return "model '\(model)' not found\(Self.detail(message, beyond: model)); download it with `tachikoma pull \(model)`"
        case .modelNotServed(let model, let message):
            return "model '\(model)' is not served here\(Self.detail(message, beyond: model)); `tachikoma list` shows the models this server has"
        case .parsing(let message, let snippet):
            return "unexpected answer from the server: \(message); it began: \(snippet)"
        case .streamEndedEarly(let partial):
            return "the answer stopped before the server finished (\(partial.count) characters arrived); try again"
        case .cancelled:
            return "cancelled"
        case .unsupported(let what):
            return "not supported by this backend: \(what)"
        }
    }

    /// The server's message in parentheses, or nothing when it only says again that `model` was not
    /// found (as `model "x" not found, try pulling it first` does), so no line says it twice.
    private static func detail(_ message: String, beyond model: String) -> String {
        let lowered = message.lowercased()
        if lowered.isEmpty || (lowered.contains("not found") && lowered.contains(model.lowercased())) { return "" }
        return " (\(message))"
    }

    private static func format(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    }
}
