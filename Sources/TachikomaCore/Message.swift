/// Who said a message.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case system
    case user
    case assistant
    case tool
}

/// One message of a conversation, as any backend sees it.
public struct Message: Sendable, Hashable, Codable {
    public var role: Role
    public var content: String
    /// Base64-encoded images for vision models.
    public var images: [String]
    /// The model's reasoning, when it thought before answering.
    public var thinking: String?
    /// Tools the assistant asked to call.
    public var toolCalls: [ToolCall]
    /// On a `.tool` message: the tool whose result this is.
    public var toolName: String?
    /// On a `.tool` message: the id of the call it answers, for backends that pair results by id.
    public var toolCallID: String?
    /// What the person attached to a user message (`Message.user(_:attachments:)`), kept so a
    /// transcript can name it and the store can keep it once; `content` and `images` already carry it.
    public var attachments: [Attachment] = []

    public init(
        role: Role, content: String, images: [String] = [], thinking: String? = nil,
        toolCalls: [ToolCall] = [], toolName: String? = nil, toolCallID: String? = nil
    ) {
        self.role = role
        self.content = content
        self.images = images
        self.thinking = thinking
        self.toolCalls = toolCalls
        self.toolName = toolName
        self.toolCallID = toolCallID
    }

    public static func system(_ content: String) -> Message { Message(role: .system, content: content) }
    public static func user(_ content: String, images: [String] = []) -> Message {
        Message(role: .user, content: content, images: images)
    }
    public static func assistant(_ content: String, thinking: String? = nil, toolCalls: [ToolCall] = []) -> Message {
        Message(role: .assistant, content: content, thinking: thinking, toolCalls: toolCalls)
    }
    public static func tool(_ content: String, name: String, callID: String? = nil) -> Message {
        Message(role: .tool, content: content, toolName: name, toolCallID: callID)
    }
}
