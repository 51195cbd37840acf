import TachikomaCore

extension ChatSession {
    /// What the server says `model` can do, asked once per model on the current backend; nil when
    /// the backend cannot say (no `ModelDescribing`, no capabilities in its answer) or the server
    /// does not answer (then asked again next time).
    public func capabilities(of model: String) async -> ModelCapabilities? {
        if let known = knownCapabilities[model] { return known }
        guard let describer = backend as? any ModelDescribing, let details = try? await describer.modelDetails(model)
        else { return nil }
        knownCapabilities[model] = .some(details.capabilities)
        return details.capabilities
    }

    /// Whether the server has said `model` makes embeddings only (it cannot chat); false until
    /// `capabilities(of:)` has asked. Never calls the server.
    public func knownToEmbedOnly(_ model: String) -> Bool {
        knownCapabilities[model]??.embedsOnly == true
    }

    /// Keeps what a server's description of `model` said it can do (nil: it named nothing), so
    /// that `capabilities(of:)` need not ask again.
    public func remember(_ capabilities: ModelCapabilities?, of model: String) {
        knownCapabilities[model] = .some(capabilities)
    }

    /// The warning `ollama run` gives when thinking is asked of a model whose server has said it
    /// cannot think, in one line; nil when thinking is not asked for, or the model thinks (or may,
    /// or the server has not said: see `capabilities(of:)`). Never calls the server. Such a model's
    /// requests go without `think`, which the server would refuse.
    public func thinkingWarning() -> String? {
        let settings = conversation.settings
        guard settings.think?.asksToThink == true, let known = knownCapabilities[settings.model],
            let capabilities = known, !capabilities.contains(.thinking)
        else { return nil }
        return "model \"\(settings.model)\" does not support thinking output; it answers without thinking."
    }

    /// `think` as the request carries it: left out for a model known not to think, when thinking
    /// is asked for (Ollama refuses `think: true` for such a model).
    func thinkToSend(_ settings: ChatSettings) -> ThinkSetting? {
        guard let think = settings.think, think.asksToThink,
            let known = knownCapabilities[settings.model], let capabilities = known, !capabilities.contains(.thinking)
        else { return settings.think }
        return nil
    }
}
