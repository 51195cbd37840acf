import TachikomaCore
import TerminalText

/// `/replay` (and `tachikoma replay`, through `ChatREPL.replay`).
enum ReplayCommand {
    static func run(_ model: String, in context: CommandContext) async -> CommandOutcome {
        guard let transcript = SessionCommands.savedTranscript(for: "replay", in: context) else { return .continue }
        await replay(transcript, with: model, in: context)
        return .continue
    }

    /// Sends `transcript`'s user messages to `model` one by one, each with the settings it was
    /// first sent with; the answers stream as usual and are saved as a new session linked to the
    /// original, which the chat then goes on in. Returns false when a turn failed or was interrupted.
    @discardableResult
    static func replay(_ transcript: SessionTranscript, with model: String, in context: CommandContext) async -> Bool {
        let screen = context.screen
        let original = TerminalSanitizer.clean(transcript.session.name)
        let turns = transcript.userTurns
        guard !turns.isEmpty else {
            screen.say("\"\(original)\" has no messages to replay.")
            return true
        }
        context.record(.replayStarted(of: transcript.session, model: model))
        for (index, turn) in turns.enumerated() {
            var turnSettings = context.settings
            turnSettings.adopt(turn.settings)
            turnSettings.model = model
            context.settings = turnSettings
            screen.say(screen.style.dim("[\(index + 1)/\(turns.count)] ") + ">>> " + TerminalSanitizer.clean(turn.message.message.content))
            guard await context.makeRoom(for: turn.message.message) else { return false }
            context.record(.userMessage(turn.message.message))
            await context.answers.generateAnswer()
            guard !Task.isCancelled, let answer = context.conversation.lastAnswer, !answer.isInterrupted else {
                screen.say("The replay stopped at message \(index + 1) of \(turns.count).")
                return false
            }
        }
        let name = context.session.recorder.sessionName.map { " as \"\(TerminalSanitizer.clean($0))\"" } ?? ""
        screen.sayNote("Replayed \(turns.count) message\(turns.count == 1 ? "" : "s") of \"\(original)\" with \(TerminalSanitizer.clean(model))\(name).")
        return true
    }
}
