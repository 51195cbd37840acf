import LineEditor

/// The line editor is the chat's input in a terminal.
extension LineEditor: ChatInput {
    public func nextInput(prompt: String, continuationPrompt: String) -> ChatInputEvent {
        Self.event(readInput(prompt: prompt, continuationPrompt: continuationPrompt))
    }

    public func readKey(prompt: String) -> ChatInputEvent {
        Self.event(readAnswerKey(prompt: prompt))
    }

    private static func event(_ input: LineInput) -> ChatInputEvent {
        switch input {
        case .text(let text): return .text(text)
        case .message(let text): return .message(text)
        case .interrupted: return .interrupted
        case .endOfFile: return .endOfFile
        }
    }

    public func setCompletionHandler(_ handler: @escaping @Sendable (ChatCompletionContext) -> [String]) {
        completion = { context in
            handler(ChatCompletionContext(line: context.line, textBeforeCursor: context.textBeforeCursor, word: context.word))
        }
    }

    public func takeHistoryWarning() -> String? {
        guard let error = takeUnreportedHistoryError() else { return nil }
        guard case .historyFile(let path, let reason) = error else { return error.description }
        return "history file \(path): \(reason); history is kept for this session only"
    }
}
