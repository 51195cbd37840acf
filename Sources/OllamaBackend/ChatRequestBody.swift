import Foundation
import Synchronization

/// The JSON body of `POST /api/chat`, with each message's JSON kept from one request to the next.
///
/// Every request carries the whole conversation, and Foundation's encoder took about 2 µs a message:
/// at turn 1,000 of a chat, 4 ms of every Enter (`make bench-long`). A message already sent is
/// looked up by value (hashing its text is far cheaper than encoding it); only new messages, and
/// the request's other fields, go through the encoder. The cache holds the messages of the last
/// request, so it is as large as the conversation and no larger.
final class ChatRequestBody: Sendable {
    private let encodedMessages = Mutex<[WireMessage: [UInt8]]>([:])

    /// The request as JSON: the fields `JSONEncoder` writes for it, `messages` first.
    func encode(_ request: ChatRequest) throws -> [UInt8] {
        let encoder = Self.encoder()
        var rest = request
        rest.messages = []
        encoder.userInfo[ChatRequest.messagesWrittenApart] = true
        let others = Array(try encoder.encode(rest))
        let messages = try encodedMessages.withLock { cache in
            var used: [WireMessage: [UInt8]] = [:]
            used.reserveCapacity(request.messages.count)
            let messageEncoder = Self.encoder()
            let parts = try request.messages.map { message in
                let bytes = try used[message] ?? cache[message] ?? Array(messageEncoder.encode(message))
                used[message] = bytes
                return bytes
            }
            cache = used
            return parts
        }
        var body: [UInt8] = []
        body.reserveCapacity(others.count + messages.reduce(16) { $0 + $1.count + 1 })
        body.append(contentsOf: #"{"messages":["#.utf8)
        for (index, message) in messages.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: message)
        }
        body.append(UInt8(ascii: "]"))
        // `others` is `{…}`: its fields follow the messages.
        if others.count > 2 {
            body.append(UInt8(ascii: ","))
            body.append(contentsOf: others.dropFirst())
        } else {
            body.append(UInt8(ascii: "}"))
        }
        return body
    }

    /// How every request body to Ollama is encoded.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}

extension ChatRequest {
    /// Set in an encoder's `userInfo`: `messages` is left out (`ChatRequestBody` writes it).
    static let messagesWrittenApart = CodingUserInfoKey(rawValue: "tachikoma.messagesWrittenApart")!

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        if encoder.userInfo[Self.messagesWrittenApart] == nil {
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
