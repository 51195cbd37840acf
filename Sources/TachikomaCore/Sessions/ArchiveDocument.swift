import Foundation

/// The Codable mirror of `SessionArchive`'s JSON; kept apart so the public value stays plain.
struct ArchiveDocument: Codable {
    struct SessionPart: Codable {
        var name: String
        var createdAt: String
        var lastUsedAt: String
        var parentName: String?
    }

    struct UsagePart: Codable {
        var promptTokens: Int?
        var completionTokens: Int?
        var totalDurationNs: Int64?
        var loadDurationNs: Int64?
        var promptEvalDurationNs: Int64?
        var evalDurationNs: Int64?
    }

    struct EventPart: Codable {
        var type: String
        // A setting:
        var recordedAt: String?
        var change: SettingChange?
        // A message:
        var role: Role?
        var content: String?
        var thinking: String?
        var toolCalls: [ToolCall]?
        var toolName: String?
        /// Left out when absent, so archives without it (older ones) read the same.
        var toolCallID: String?
        var images: [String]?
        /// What was attached, with names and bytes (base64); a message that has them leaves
        /// `images` out, as its pictures are among them.
        var attachments: [Attachment]?
        var model: String?
        var server: String?
        var createdAt: String?
        var completedAt: String?
        var interrupted: Bool?
        /// Written only when true, so that archives without it read the same.
        var reachedLengthLimit: Bool?
        var usage: UsagePart?
        /// Version 2: the number of the message this one follows, written as null for a first
        /// message (absent on setting changes and in version 1).
        var parent: NumberOrNull?
    }

    /// A number the document always names, null when there is none: `"parent"` and `"head"` say
    /// "no parent" and "empty branch" out loud rather than by leaving the key out. Read back, a null
    /// and a missing key are the same.
    struct NumberOrNull: Codable {
        var value: Int?

        init(_ value: Int?) { self.value = value }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            value = container.decodeNil() ? nil : try container.decode(Int.self)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }

    var format: String
    var version: Int
    var session: SessionPart
    var events: [EventPart]
    /// Version 2: the current branch's last message's number, null when the branch is empty.
    var head: NumberOrNull?

    init(_ archive: SessionArchive) {
        format = SessionArchive.format
        version = SessionArchive.version
        session = SessionPart(
            name: archive.name, createdAt: Self.text(archive.createdAt), lastUsedAt: Self.text(archive.lastUsedAt),
            parentName: archive.parentName)
        events = archive.events.map { event in
            switch event {
            case .setting(let setting):
                return EventPart(type: "setting", recordedAt: Self.text(setting.recordedAt), change: setting.change)
            case .message(let record):
                let message = record.message
                return EventPart(
                    type: "message", role: message.role, content: message.content, thinking: message.thinking,
                    toolCalls: message.toolCalls, toolName: message.toolName, toolCallID: message.toolCallID,
                    images: message.attachments.isEmpty ? message.images : nil,
                    attachments: message.attachments.isEmpty ? nil : message.attachments,
                    model: record.model, server: record.server, createdAt: Self.text(record.createdAt),
                    completedAt: record.completedAt.map(Self.text), interrupted: record.isInterrupted,
                    reachedLengthLimit: record.reachedLengthLimit ? true : nil, usage: record.usage.map(Self.usagePart),
                    parent: NumberOrNull(record.parent))
            }
        }
        head = NumberOrNull(archive.head)
    }

    /// The archive the document holds. Version 1 has no parents: its messages make one branch
    /// (`linked()`). In version 2 a parent must be an earlier message, and the head a message.
    func archive() throws(SessionStoreError) -> SessionArchive {
        var events: [SessionArchive.Event] = []
        events.reserveCapacity(self.events.count)
        let hasTree = version >= 2
        var messageCount = 0
        for (index, part) in self.events.enumerated() {
            let place = "event \(index + 1)"
            switch part.type {
            case "setting":
                guard let change = part.change else { throw problem("\(place) has no \"change\"") }
                let recordedAt = try Self.date(part.recordedAt, "\(place) \"recordedAt\"")
                events.append(.setting(StoredSettingChange(change: change, recordedAt: recordedAt)))
            case "message":
                guard let role = part.role else { throw problem("\(place) has no \"role\"") }
                guard let content = part.content else { throw problem("\(place) has no \"content\"") }
                var message = Message(
                    role: role, content: content, images: part.images ?? [], thinking: part.thinking,
                    toolCalls: part.toolCalls ?? [], toolName: part.toolName, toolCallID: part.toolCallID)
                if let attachments = part.attachments, !attachments.isEmpty { message = message.restoring(attachments) }
                let createdAt = try Self.date(part.createdAt, "\(place) \"createdAt\"")
                let completedAt = try part.completedAt.map { text throws(SessionStoreError) in
                    try Self.date(text, "\(place) \"completedAt\"")
                }
                let parent = hasTree ? part.parent?.value : nil
                if let parent, parent < 1 || parent > messageCount {
                    throw problem("\(place) has \"parent\" \(parent), which is not an earlier message's number")
                }
                messageCount += 1
                events.append(
                    .message(
                        SessionArchive.MessageRecord(
                            message: message, model: part.model, createdAt: createdAt, completedAt: completedAt,
                            usage: part.usage.map(Self.usage), isInterrupted: part.interrupted ?? false,
                            reachedLengthLimit: part.reachedLengthLimit ?? false,
                            server: part.server, parent: parent)))
            default:
                throw problem("\(place) has \"type\" \"\(part.type)\" (expected \"message\" or \"setting\")")
            }
        }
        let head = hasTree ? self.head?.value : nil
        if let head, head < 1 || head > messageCount {
            let count = messageCount == 1 ? "1 message" : "\(messageCount) messages"
            throw problem("\"head\" \(head) is not a message's number (the export has \(count))")
        }
        let archive = SessionArchive(
            name: session.name, createdAt: try Self.date(session.createdAt, "session \"createdAt\""),
            lastUsedAt: try Self.date(session.lastUsedAt, "session \"lastUsedAt\""), parentName: session.parentName,
            events: events, head: head)
        return hasTree ? archive : archive.linked()
    }

    private func problem(_ reason: String) -> SessionStoreError {
        .notAnExport(path: "", reason: reason)
    }

    static func usagePart(_ usage: Usage) -> UsagePart {
        UsagePart(
            promptTokens: usage.promptTokens, completionTokens: usage.completionTokens,
            totalDurationNs: usage.totalDuration?.clampedNanoseconds,
            loadDurationNs: usage.loadDuration?.clampedNanoseconds,
            promptEvalDurationNs: usage.promptEvalDuration?.clampedNanoseconds,
            evalDurationNs: usage.evalDuration?.clampedNanoseconds)
    }

    static func usage(_ part: UsagePart) -> Usage {
        Usage(
            promptTokens: part.promptTokens, completionTokens: part.completionTokens,
            totalDuration: part.totalDurationNs.map(Duration.nanoseconds),
            loadDuration: part.loadDurationNs.map(Duration.nanoseconds),
            promptEvalDuration: part.promptEvalDurationNs.map(Duration.nanoseconds),
            evalDuration: part.evalDurationNs.map(Duration.nanoseconds))
    }

    /// `2026-11-26T20:31:07.123Z`: the stored millisecond exactly. (Formatting the `Date` with
    /// fractional seconds truncates its binary fraction, so .123 could print as .122 and every
    /// export and import lost a millisecond.)
    static func text(_ date: Date) -> String {
        let (seconds, milliseconds) = floorDivision(date.millisecondsSince1970, 1000)
        let whole = Date(timeIntervalSince1970: Double(seconds)).formatted(Date.ISO8601FormatStyle())
        return String(whole.dropLast()) + String(format: ".%03dZ", milliseconds)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    static func date(_ text: String?, _ field: String) throws(SessionStoreError) -> Date {
        guard let text else { throw .notAnExport(path: "", reason: "\(field) is missing") }
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? style.parse(text) { return date.storedPrecision }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        throw .notAnExport(path: "", reason: "\(field) \"\(text)\" is not an ISO 8601 time")
    }

    /// One line for a decoding failure: where in the document, and what was wrong.
    static func describe(_ error: DecodingError) -> String {
        func place(_ path: [any CodingKey]) -> String {
            let joined = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return joined.isEmpty ? "the document" : String(joined.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(place(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context):
            return "\(place(context.codingPath)) is not \(type)"
        case .valueNotFound(let type, let context):
            return "\(place(context.codingPath)) is null, expected \(type)"
        case .dataCorrupted(let context):
            return "\(place(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
