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
    struct StringSpan: Equatable {
        var start: Int
        var end: Int
        var hasEscapes: Bool
    }

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

    /// Appends the text of a scanned string to `output` as UTF-8, decoding its escapes (validated by
    /// the scan, so every escape here is well formed).
    static func appendString(_ span: StringSpan, of bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end])
        guard span.hasEscapes else {
            output.append(contentsOf: raw)
            return
        }
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            let escaped = raw[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = UInt32(Reader.hex4(raw, at: index) ?? 0xFFFD)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = UInt32(Reader.hex4(raw, at: index + 2) ?? 0xDC00)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                output.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: output.append(escaped)  // \" \\ \/
            }
        }
    }

    /// A cursor over one event's bytes.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
            skipBlanks()
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

        @inline(__always)
        mutating func consume(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            skipBlanks()
            return true
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard bytes.count - position >= length else { return false }
            for offset in 0..<length where bytes[position + offset] != word.utf8Start[offset] { return false }
            position += length
            skipBlanks()
            return true
        }

        /// A JSON number (its grammar checked loosely: sign, digits, fraction, exponent).
        mutating func number() -> Bool {
            let start = position
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
            let digitsStart = position
            while position < bytes.count {
                let byte = bytes[position]
                guard (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                    || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                else { break }
                position += 1
            }
            guard position > digitsStart, bytes[digitsStart] >= 0x30, bytes[digitsStart] <= 0x39 else {
                position = start
                return false
            }
            skipBlanks()
            return true
        }

        /// A string, number, `true`, `false` or `null`.
        mutating func scalar() -> Bool {
            guard position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            default: return number()
            }
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
                // Eight plain bytes at a time: the common token is plain ASCII or UTF-8 text.
                while index + 8 <= bytes.count,
                    Self.quoteBackslashOrControlFlags(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) == 0
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

        /// The high bit of each byte of `word` that may be `"`, `\\` or below 0x20 (SWAR; false
        /// positives only, which the byte-by-byte look then clears).
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

        private func validEscapeEnd(at index: Int) -> Int? {
            guard index + 1 < bytes.count else { return nil }
            switch bytes[index + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                return index + 2
            case UInt8(ascii: "u"):
                guard let unit = Self.hex4(bytes, at: index + 2) else { return nil }
                if (0xDC00...0xDFFF).contains(unit) { return nil }
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
