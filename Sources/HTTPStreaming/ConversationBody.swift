import Foundation
import Synchronization

/// A chat request that carries the whole conversation: `ConversationBody` writes its messages.
public protocol ConversationRequest: Encodable {
    associatedtype ConversationMessage: Hashable & Encodable & Sendable
    var messages: [ConversationMessage] { get set }
}

extension CodingUserInfoKey {
    /// Set in an encoder's `userInfo`: a `ConversationRequest` leaves `messages` out of what it
    /// encodes (`ConversationBody` writes them).
    public static let messagesWrittenApart = CodingUserInfoKey(rawValue: "tachikoma.messagesWrittenApart")!
}

/// The JSON body of a chat request, with each message's JSON kept from one request to the next.
///
/// Every request carries the whole conversation, and Foundation's encoder takes about 2 µs a
/// message: at turn 1,000 of a chat, 4 ms of every Enter (`make bench-long`). A message already sent
/// is looked up by value (hashing its text is far cheaper than encoding it); only new messages, and
/// the request's other fields, go through the encoder. The cache holds the messages of the last
/// request, so it is as large as the conversation and no larger. One per client.
public final class ConversationBody<Request: ConversationRequest>: Sendable {
    private let encodedMessages = Mutex<[Request.ConversationMessage: [UInt8]]>([:])

    public init() {}

    /// The request as JSON: `{"messages":[…]` and then the fields the encoder writes for the rest.
    public func encode(_ request: Request) throws -> [UInt8] {
        let encoder = Self.encoder()
        var rest = request
        rest.messages = []
        encoder.userInfo[.messagesWrittenApart] = true
        let others = Array(try encoder.encode(rest))
        let messages = try encodedMessages.withLock { cache in
            var used: [Request.ConversationMessage: [UInt8]] = [:]
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

    /// How request bodies are encoded: slashes as they are (URLs, paths), the rest as Foundation does.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
