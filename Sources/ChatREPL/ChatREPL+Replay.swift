import TachikomaCore
import TerminalText

extension ChatREPL {
    func replayCommand(_ model: String) async -> CommandOutcome {
        guard let transcript = savedTranscript(for: "replay") else { return .continue }
        await replay(transcript, with: model)
        return .continue
    }

    /// Sends `transcript`'s user messages to `model` one by one, each with the settings it was
    /// first sent with; the answers stream as usual and are saved as a new session linked to the
    /// original, which the chat then goes on in. Returns false when a turn failed or was interrupted.
    @discardableResult
    public func replay(_ transcript: SessionTranscript, with model: String) async -> Bool {
        let original = TerminalSanitizer.clean(transcript.session.name)
        let turns = transcript.userTurns
        guard !turns.isEmpty else {
            say("\"\(original)\" has no messages to replay.")
            return true
        }
        record(.replayStarted(of: transcript.session, model: model))
        for (index, turn) in turns.enumerated() {
            var turnSettings = settings
            turnSettings.adopt(turn.settings)
            turnSettings.model = model
            settings = turnSettings
            say(style.dim("[\(index + 1)/\(turns.count)] ") + ">>> " + TerminalSanitizer.clean(turn.message.message.content))
            guard await makeRoom(for: turn.message.message) else { return false }
            record(.userMessage(turn.message.message))
            await generateAnswer()
            guard !Task.isCancelled, let answer = conversation.lastAnswer, !answer.isInterrupted else {
                say("The replay stopped at message \(index + 1) of \(turns.count).")
                return false
            }
        }
        let name = recorder.sessionName.map { " as \"\(TerminalSanitizer.clean($0))\"" } ?? ""
        sayNote("Replayed \(turns.count) message\(turns.count == 1 ? "" : "s") of \"\(original)\" with \(TerminalSanitizer.clean(model))\(name).")
        return true
    }
}
