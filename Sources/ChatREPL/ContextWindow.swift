import ChatEngine
import TachikomaCore

/// The context window the server uses for the current model, as far as the chat knows it.
struct ContextWindow: Sendable, Hashable {
    enum Source: Sendable, Hashable {
        /// `/set PARAMETER`, `/ctx N` or the config file: sent with every request under the
        /// server's name for it (e.g. `num_ctx`).
        case chosen(parameter: String)
        /// What the server loaded the model with (`/api/ps`).
        case loaded
        /// The model's own context length (`/api/show`), before the server has loaded it.
        case model
    }

    var tokens: Int
    var source: Source

    /// How `/ctx` names where the number comes from.
    var label: String {
        switch source {
        case .chosen(let parameter): return parameter
        case .loaded: return "as loaded on the server"
        case .model: return "the model's context length"
        }
    }
}

/// What the chat has learnt from the server about the current model's context.
struct ServerContext: Sendable, Hashable {
    /// The window the server loaded the model with, or the model's own, when none is chosen.
    var window: ContextWindow?
    /// The longest context the model was trained for.
    var modelMaximum: Int?
    /// Whether the server described the model, and what it said the model can do.
    var described = false
    var capabilities: ModelCapabilities?
}

/// What the chat knows of the current model's context window: the one chosen, where the server
/// takes it with a request, else what the server said. A change of model forgets what the server
/// said (`CommandContext.record(_:)`), and so does a change of server.
///
/// Used by one task at a time, as the session is.
final class ContextWindowKnowledge: @unchecked Sendable {
    private let session: ChatSession
    /// The current model's context as the server reported it.
    var server = ServerContext()

    init(session: ChatSession) {
        self.session = session
    }

    /// The window to measure the conversation against: the one chosen, where the server takes it
    /// with a request, else what the server said.
    var window: ContextWindow? {
        if let chosen = chosenLength, let parameter = session.backend.requestParameters.contextWindowParameter {
            return ContextWindow(tokens: chosen, source: .chosen(parameter: parameter.name))
        }
        return server.window
    }

    /// The window the user chose, when the current server receives it; one chosen on another
    /// server is kept for when the chat goes back to one that takes it.
    var chosenLength: Int? {
        session.backend.requestParameters.contextWindowParameter == nil ? nil : session.settings.contextLength
    }

    /// Forgets what the server said (another model, another server).
    func forget() {
        server = ServerContext()
    }

    /// Asks the server what window the current model has and keeps it (see `fetch`).
    func learn() async {
        let model = session.settings.model
        let learnt = await Self.fetch(backend: session.backend, model: model)
        guard !Task.isCancelled, model == session.settings.model else { return }
        server = learnt
    }

    /// What the server says of `model`'s context: `/api/ps` when it is loaded, else `/api/show`;
    /// a server that cannot say leaves it unknown.
    static func fetch(backend: any Backend, model: String) async -> ServerContext {
        // Both questions go out together.
        async let details: ModelDetails? = {
            guard let manager = backend as? any ModelDescribing else { return nil }
            return try? await manager.modelDetails(model)
        }()
        async let loaded: [LoadedModel]? = {
            guard let reporter = backend as? any LoadedModelReporting else { return nil }
            return try? await reporter.loadedModels()
        }()
        var learnt = ServerContext()
        if let details = await details {
            learnt.described = true
            learnt.capabilities = details.capabilities
            learnt.modelMaximum = details.contextLength
            learnt.window = details.contextLength.map { ContextWindow(tokens: $0, source: .model) }
        }
        if let entry = await loaded?.first(where: { backend.modelNaming.same($0.name, model) }), let tokens = entry.contextLength {
            learnt.window = ContextWindow(tokens: tokens, source: .loaded)
        }
        return learnt
    }

    /// A warning when a chosen context window is beyond what the model was trained for.
    func lengthWarning() -> String? {
        guard let chosen = chosenLength, let parameter = session.backend.requestParameters.contextWindowParameter,
            let maximum = server.modelMaximum, chosen > maximum
        else {
            return nil
        }
        return "\(parameter.name) \(chosen) is more than \(session.settings.model) was trained for (\(maximum) tokens);"
            + " answers may degrade past that."
    }
}
