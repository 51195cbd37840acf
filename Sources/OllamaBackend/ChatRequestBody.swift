import Foundation
import HTTPStreaming

/// The body of `POST /api/chat`, each message's JSON kept between requests (see `ConversationBody`).
typealias ChatRequestBody = ConversationBody<ChatRequest>

extension ChatRequest: ConversationRequest {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        if encoder.userInfo[.messagesWrittenApart] == nil {
            try container.encode(messages, forKey: .messages)
        }
        try container.encodeIfPresent(tools, forKey: .tools)
        try container.encodeIfPresent(format, forKey: .format)
        try container.encodeIfPresent(options, forKey: .options)
        try container.encodeIfPresent(stream, forKey: .stream)
        try container.encodeIfPresent(keepAlive, forKey: .keepAlive)
        try container.encodeIfPresent(think, forKey: .think)
    }
}
