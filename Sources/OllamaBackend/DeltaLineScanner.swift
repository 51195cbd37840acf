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

    /// A JSON string's raw bytes (between the quotes) within the line.
    struct StringSpan: Equatable {
        var start: Int
        var end: Int
        /// Whether it has backslash escapes to decode; if not, its bytes are the text itself.
        var hasEscapes: Bool
        var isEmpty: Bool { start == end }
    }

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
                guard seen.insert(.done), reader.literalFalse() else { return nil }
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

    /// Appends the text of a scanned string to `output` as UTF-8, decoding its escapes.
    /// The span has been validated by `scan`, so every escape here is well formed.
    @inline(__always)
    static func appendString(_ span: StringSpan, of line: UnsafeRawBufferPointer, to output: TextRun) {
        let raw = UnsafeRawBufferPointer(rebasing: line[span.start..<span.end])
        guard span.hasEscapes else {
            output.append(raw)
            return
        }
        appendEscaped(raw, to: output)
    }

    private static func appendEscaped(_ raw: UnsafeRawBufferPointer, to output: TextRun) {
        // Decoding never lengthens a JSON string (`\uXXXX` is six bytes for at most three), so room
        // for the raw bytes is room for the text.
        output.reserve(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                output.appendReserved(byte)
                index += 1
                continue
            }
            let escaped = raw[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "n"): output.appendReserved(0x0A)
            case UInt8(ascii: "t"): output.appendReserved(0x09)
            case UInt8(ascii: "r"): output.appendReserved(0x0D)
            case UInt8(ascii: "b"): output.appendReserved(0x08)
            case UInt8(ascii: "f"): output.appendReserved(0x0C)
            case UInt8(ascii: "u"):
                var scalar = UInt32(Reader.hex4(raw, at: index) ?? 0xFFFD)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = UInt32(Reader.hex4(raw, at: index + 2) ?? 0xDC00)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                appendUTF8(scalar, to: output)
            default: output.appendReserved(escaped)  // \" \\ \/
            }
        }
    }

    private static func appendUTF8(_ scalar: UInt32, to output: TextRun) {
        switch scalar {
        case 0..<0x80:
            output.appendReserved(UInt8(scalar))
        case 0x80..<0x800:
            output.appendReserved(UInt8(0xC0 | (scalar >> 6)))
            output.appendReserved(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            output.appendReserved(UInt8(0xE0 | (scalar >> 12)))
            output.appendReserved(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.appendReserved(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.appendReserved(UInt8(0xF0 | (scalar >> 18)))
            output.appendReserved(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            output.appendReserved(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.appendReserved(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// A cursor over one line.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
            skipBlanks()
        }

        /// A cursor at `position` (no blanks skipped).
        init(bytes: UnsafeRawBufferPointer, position: Int) {
            self.bytes = bytes
            self.position = position
        }

        var atEnd: Bool { position == bytes.count }

        @inline(__always)
        mutating func skipBlanks() {
            while position < bytes.count {
                let byte = bytes[position]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
                position += 1
            }
        }

        /// Consumes `byte` (and the blanks after it) if it comes next.
        @inline(__always)
        mutating func consume(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            skipBlanks()
            return true
        }

        mutating func literalFalse() -> Bool {
            guard bytes.count - position >= 5, bytes[position] == UInt8(ascii: "f"), bytes[position + 1] == UInt8(ascii: "a"),
                bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "s"),
                bytes[position + 4] == UInt8(ascii: "e")
            else { return false }
            position += 5
            skipBlanks()
            return true
        }

        func matches(_ span: StringSpan, _ literal: StaticString) -> Bool {
            let length = literal.utf8CodeUnitCount
            guard span.end - span.start == length else { return false }
            let start = literal.utf8Start
            for offset in 0..<length where bytes[span.start + offset] != start[offset] { return false }
            return true
        }

        /// A JSON string whose escapes are all valid (surrogates paired), else nil.
        mutating func string() -> StringSpan? {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
            let start = position + 1
            var index = start
            var hasEscapes = false
            while index < bytes.count {
                // Skip eight plain bytes at a time: the common token is plain ASCII or UTF-8 text.
                while index + 8 <= bytes.count,
                    !Self.mayHoldQuoteBackslashOrControl(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                {
                    index += 8
                }
                guard index < bytes.count else { break }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    position = index + 1
                    skipBlanks()
                    return StringSpan(start: start, end: index, hasEscapes: hasEscapes)
                }
                if byte < 0x20 { return nil }
                if byte == UInt8(ascii: "\\") {
                    hasEscapes = true
                    guard let next = validEscapeEnd(at: index) else { return nil }
                    index = next
                } else {
                    index += 1
                }
            }
            return nil
        }

        /// Whether any of the eight bytes may be `"`, `\\` or below 0x20 (SWAR: false positives are
        /// possible and harmless, since the caller then looks byte by byte; false negatives are not).
        @inline(__always)
        static func mayHoldQuoteBackslashOrControl(_ word: UInt64) -> Bool {
            quoteBackslashOrControlFlags(word) != 0
        }

        /// The high bit of each byte of `word` that may be `"`, `\\` or below 0x20. Borrows only run
        /// upwards from a byte that really is one, so the lowest flag is exact: on a little-endian
        /// machine `trailingZeroBitCount / 8` is the offset of the first such byte.
        @inline(__always)
        static func quoteBackslashOrControlFlags(_ word: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let zeroInQuote = (quote &- ones) & ~quote
            let zeroInBackslash = (backslash &- ones) & ~backslash
            let belowSpace = (word &- ones &* 0x20) & ~word
            return (zeroInQuote | zeroInBackslash | belowSpace) & highs
        }

        /// Where a valid escape starting at `index` (a backslash) ends, else nil.
        private func validEscapeEnd(at index: Int) -> Int? {
            guard index + 1 < bytes.count else { return nil }
            switch bytes[index + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                return index + 2
            case UInt8(ascii: "u"):
                guard let unit = Self.hex4(bytes, at: index + 2) else { return nil }
                if (0xDC00...0xDFFF).contains(unit) { return nil }  // a low surrogate alone
                guard (0xD800...0xDBFF).contains(unit) else { return index + 6 }
                guard index + 7 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"),
                    bytes[index + 7] == UInt8(ascii: "u"), let low = Self.hex4(bytes, at: index + 8),
                    (0xDC00...0xDFFF).contains(low)
                else { return nil }
                return index + 12
            default:
                return nil
            }
        }

        static func hex4(_ bytes: UnsafeRawBufferPointer, at index: Int) -> UInt16? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt16 = 0
            for offset in 0..<4 {
                let byte = bytes[index + offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt16(digit)
            }
            return value
        }
    }
}
