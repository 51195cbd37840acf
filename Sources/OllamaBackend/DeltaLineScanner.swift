import HTTPStreaming

/// The light path for the common stream line: a content or thinking delta and nothing else.
///
/// Chat:     `{"model":"m","created_at":"…","message":{"role":"assistant","content":"The"},"done":false}`
/// Generate: `{"model":"m","created_at":"…","response":"The","done":false}`
///
/// It reads the line once, byte by byte, and accepts only that shape: known keys, string values,
/// `"done":false`. Anything else (numbers, arrays, `done:true`, `error`, tool calls, unknown keys,
/// escaped keys, malformed escapes) answers nil and the caller hands the line to `JSONDecoder`.
/// Strings are not copied here: the result points into the line, to be appended by `appendString`.
enum DeltaLineScanner {
    enum Shape: Sendable {
        /// Deltas in `message.content` / `message.thinking`.
        case chat
        /// Deltas in top-level `response` / `thinking`.
        case generate
    }

    typealias StringSpan = JSONStringSpan
    typealias Reader = JSONLineReader

    struct Delta: Equatable {
        var thinking: StringSpan?
        var content: StringSpan?
    }

    /// The deltas of a simple line, or nil when the line needs the full decoder.
    static func scan(_ line: UnsafeRawBufferPointer, shape: Shape) -> Delta? {
        if shape == .chat, let delta = scanOllamaChatDelta(line) { return delta }
        return scanGeneral(line, shape: shape)
    }

    /// `scan` without the template match first: reads any order of the known keys, and escapes.
    static func scanGeneral(_ line: UnsafeRawBufferPointer, shape: Shape) -> Delta? {
        var reader = Reader(bytes: line)
        var delta = Delta()
        var sawDoneFalse = false
        // A repeated key is valid JSON but readers differ on which copy wins (JSONDecoder keeps the
        // first, Go the last): such a line goes to the full decoder so both paths read it alike.
        var seen = SeenKeys()
        guard reader.consume(UInt8(ascii: "{")) else { return nil }
        if reader.consume(UInt8(ascii: "}")) { return nil }
        repeat {
            guard let key = reader.string(), !key.hasEscapes, reader.consume(UInt8(ascii: ":")) else { return nil }
            if reader.matches(key, "model") {
                guard seen.insert(.model), reader.string() != nil else { return nil }
            } else if reader.matches(key, "created_at") {
                guard seen.insert(.createdAt), reader.string() != nil else { return nil }
            } else if reader.matches(key, "done") {
                guard seen.insert(.done), reader.literal("false") else { return nil }
                sawDoneFalse = true
            } else if shape == .chat, reader.matches(key, "message") {
                guard seen.insert(.message), scanMessage(&reader, into: &delta) else { return nil }
            } else if shape == .generate, reader.matches(key, "response") {
                guard seen.insert(.content), let value = reader.string() else { return nil }
                delta.content = value
            } else if shape == .generate, reader.matches(key, "thinking") {
                guard seen.insert(.thinking), let value = reader.string() else { return nil }
                delta.thinking = value
            } else {
                return nil
            }
        } while reader.consume(UInt8(ascii: ","))
        guard reader.consume(UInt8(ascii: "}")), reader.atEnd, sawDoneFalse else { return nil }
        return delta
    }

    private static func scanMessage(_ reader: inout Reader, into delta: inout Delta) -> Bool {
        guard reader.consume(UInt8(ascii: "{")) else { return false }
        if reader.consume(UInt8(ascii: "}")) { return true }
        var seen = SeenKeys()
        repeat {
            guard let key = reader.string(), !key.hasEscapes, reader.consume(UInt8(ascii: ":")),
                let value = reader.string()
            else { return false }
            if reader.matches(key, "content") {
                guard seen.insert(.content) else { return false }
                delta.content = value
            } else if reader.matches(key, "thinking") {
                guard seen.insert(.thinking) else { return false }
                delta.thinking = value
            } else if reader.matches(key, "role") {
                guard seen.insert(.role) else { return false }
            } else {
                return false
            }
        } while reader.consume(UInt8(ascii: ","))
        return reader.consume(UInt8(ascii: "}"))
    }

    /// The keys of one object met so far; `insert` answers false for a key met before.
    private struct SeenKeys {
        enum Key: UInt8 { case model, createdAt, done, message, content, thinking, role }
        private var bits: UInt8 = 0

        mutating func insert(_ key: Key) -> Bool {
            let bit: UInt8 = 1 << key.rawValue
            guard bits & bit == 0 else { return false }
            bits |= bit
            return true
        }
    }
}
