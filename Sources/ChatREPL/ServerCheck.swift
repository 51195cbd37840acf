import ChatEngine
import TachikomaCore
import TerminalText

/// The chat's start-up check of the server: whether it answers and has the model, and what it says
/// of the model's context window.
enum ServerCheck {
    /// Whether the server answers and has the model, within `timeout`; the server's version
    /// when it answered. Warns otherwise.
    static func run(within timeout: Duration, in context: CommandContext) async -> String? {
        let screen = context.screen
        let backend = context.session.backend
        let modelNames = context.modelNames
        let managesModels = context.modelLister != nil
        let model = context.settings.model
        let outcome = await Deadline.run(within: timeout) { () async throws -> (HealthStatus, [String]?, ServerContext) in
            let health = try await backend.healthCheck()
            // The rest go out together: start-up waits for the slowest, not for their sum.
            async let names = managesModels ? try? await modelNames.refresh().map(\.name) : nil
            async let learnt = ContextWindowKnowledge.fetch(backend: backend, model: model)
            return (health, await names, await learnt)
        }
        let settings = context.settings
        switch outcome {
        case .finished(let (health, names, learnt)):
            if model == settings.model { context.contextWindow.server = learnt }
            if learnt.described { context.session.remember(learnt.capabilities, of: model) }
            // Says so at once when the model is not on the server, rather than at the first message.
            if let names, !names.isEmpty, context.modelNaming.match(settings.model, in: names) == nil {
                if names.count == 1, context.modelPuller == nil {
                    // A server of one model (llama-server, most vLLM) answers with it whatever is asked:
                    // name it rather than send a name it does not have.
                    context.settings.model = names[0]
                    context.contextWindow.forget()
                    screen.say(TerminalSanitizer.clean(
                        "Model '\(model)' is not on this server; it serves one model, \(names[0]), so the chat uses that."))
                } else {
                    let pulls = context.modelPuller != nil ? "/model \(settings.model) pulls it, " : ""
                    screen.warn("model '\(settings.model)' is not on the server; \(pulls)/model lists what is there.")
                }
            }
            return health.version
        case .failed(let error):
            screen.warn("\(Screen.describe(error)); the next message will try again.")
        case .timedOut:
            screen.warn("the server has not answered within \(Deadline.describe(timeout)); the next message will try again.")
        case .cancelled:
            break
        }
        return nil
    }
}
