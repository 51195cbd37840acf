/// Input for runs that read nothing from the user (`tachikoma replay`): every read is the end.
public final class NoChatInput: ChatInput {
    public init() {}
    public var isInteractive: Bool { false }
    public func nextInput(prompt: String, continuationPrompt: String) -> ChatInputEvent { .endOfFile }
    public func addToHistory(_ line: String) {}
    public func setCompletionHandler(_ handler: @escaping @Sendable (ChatCompletionContext) -> [String]) {}
}
