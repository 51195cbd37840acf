import HTTPStreaming

/// The light path for the common event of a chat-completions stream: one choice whose delta
/// carries content or reasoning text and nothing else, e.g.
/// `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"The"},"logprobs":null,"finish_reason":null}]}`
/// (servers order the keys differently: llama.cpp puts `choices` first).
///
/// The event is read once, byte by byte, and only that shape is accepted: top-level keys with
/// scalar values are passed over (ids, timestamps, fingerprints, `usage: null`), `choices` must be
/// one object with a null `finish_reason`, and its `delta` may hold only `role`, `content`,
/// `reasoning_content`, `reasoning` and `refusal` with string or null values. Anything else (tool
/// calls, a finish reason, usage, an error, nested objects, escaped keys, repeated keys, malformed
/// escapes) answers nil and the caller hands the event to `JSONDecoder`. Strings are not copied:
/// the result points into the event's bytes.
enum ChunkDeltaScanner {
    /// A JSON string's raw bytes (between the quotes) within the event.
    typealias StringSpan = JSONStringSpan
    typealias Reader = JSONLineReader

    struct Delta: Equatable {
        var content: StringSpan?
        var reasoning: StringSpan?
    }

    static func scan(_ bytes: UnsafeRawBufferPointer) -> Delta? {
        var reader = Reader(bytes: bytes)
        var delta = Delta()
        var sawChoices = false
        guard reader.consume(UInt8(ascii: "{")), !reader.consume(UInt8(ascii: "}")) else { return nil }
        repeat {
            guard let key = reader.string(), !key.hasEscapes, reader.consume(UInt8(ascii: ":")) else { return nil }
            if reader.matches(key, "choices") {
                guard !sawChoices, scanChoices(&reader, into: &delta) else { return nil }
                sawChoices = true
            } else if reader.matches(key, "usage") || reader.matches(key, "error") {
                guard reader.literal("null") else { return nil }
            } else {
                guard reader.scalar() else { return nil }
            }
        } while reader.consume(UInt8(ascii: ","))
        guard reader.consume(UInt8(ascii: "}")), reader.atEnd, sawChoices else { return nil }
        return delta
    }

    private static func scanChoices(_ reader: inout Reader, into delta: inout Delta) -> Bool {
        guard reader.consume(UInt8(ascii: "[")), reader.consume(UInt8(ascii: "{")) else { return false }
        var seen: UInt8 = 0
        repeat {
            guard let key = reader.string(), !key.hasEscapes, reader.consume(UInt8(ascii: ":")) else { return false }
            let bit: UInt8
            if reader.matches(key, "delta") {
                bit = 1
                guard scanDelta(&reader, into: &delta) else { return false }
            } else if reader.matches(key, "index") {
                bit = 2
                guard reader.number() else { return false }
            } else if reader.matches(key, "finish_reason") {
                bit = 4
                guard reader.literal("null") else { return false }
            } else if reader.matches(key, "logprobs") {
                bit = 8
                guard reader.literal("null") else { return false }
            } else {
                return false
            }
            guard seen & bit == 0 else { return false }
            seen |= bit
        } while reader.consume(UInt8(ascii: ","))
        return seen & 1 == 1 && reader.consume(UInt8(ascii: "}")) && reader.consume(UInt8(ascii: "]"))
    }

    private static func scanDelta(_ reader: inout Reader, into delta: inout Delta) -> Bool {
        guard reader.consume(UInt8(ascii: "{")) else { return false }
        if reader.consume(UInt8(ascii: "}")) { return true }
        var seen: UInt8 = 0
        repeat {
            guard let key = reader.string(), !key.hasEscapes, reader.consume(UInt8(ascii: ":")) else { return false }
            let isNull = reader.literal("null")
            let value = isNull ? nil : reader.string()
            guard isNull || value != nil else { return false }
            let bit: UInt8
            if reader.matches(key, "content") {
                bit = 1
                delta.content = value
            } else if reader.matches(key, "reasoning_content") || reader.matches(key, "reasoning") {
                // Both at once would be read by the full decoder in its own order of preference.
                bit = 2
                delta.reasoning = value
            } else if reader.matches(key, "role") {
                bit = 4
            } else if reader.matches(key, "refusal") {
                bit = 8
                guard isNull else { return false }
            } else {
                return false
            }
            guard seen & bit == 0 else { return false }
            seen |= bit
        } while reader.consume(UInt8(ascii: ","))
        return reader.consume(UInt8(ascii: "}"))
    }
}
