import TachikomaCore
import TerminalText

/// What the chat says, in one line, of a model that cannot do what the chat asks of it: an
/// embedding model cannot chat, and a model that does not think is asked to (as `ollama run`
/// warns). Said when the chat starts, after `/model` switches and after `/set think`.
enum ModelAbilityCheck {
    /// Says what the server has said of the current model (`ChatSession.capabilities(of:)`),
    /// asking nothing.
    static func report(in context: CommandContext) {
        let model = context.settings.model
        if context.session.knownToEmbedOnly(model) {
            context.screen.sayMessage(embeddingLine(model))
        } else if let warning = context.session.thinkingWarning() {
            context.screen.warn(warning)
        }
    }

    /// Asks the server what the current model can do (once per model), then says what matters.
    static func check(in context: CommandContext) async {
        _ = await context.session.capabilities(of: context.settings.model)
        report(in: context)
    }

    /// The one line for an embedding model, at start, after `/model` and instead of sending.
    static func embeddingLine(_ model: String) -> String {
        let name = TerminalSanitizer.clean(model)
        return "\(name) is an embedding model: it embeds text and cannot chat. /model NAME switches to a chat model;"
            + " tachikoma run \(name) TEXT prints a text's embedding."
    }
}
