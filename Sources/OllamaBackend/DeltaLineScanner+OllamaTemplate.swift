/// The quickest path, for the line Ollama sends for almost every chat token:
/// `{"model":"…","created_at":"…","message":{"role":"assistant","content":"…"},"done":false}`,
/// keys in the order its Go encoder writes them.
///
/// The line is read once, eight bytes at a time, with no calls: the fixed parts are compared as
/// whole words (the fixed end first, from the line's end, so a line of another shape is turned away
/// early), and each string is searched a word at a time for its closing quote, a backslash or a
/// control character (SWAR: the lowest flagged byte of a word is exact). A content with escapes (a
/// real answer's `\n`, `\"`, `\u003c`…) is then read by the general scanner's string reader, from
/// its opening quote, and stays on this path. A thinking delta, other keys or any other order
/// answers nil, and `scan` reads the line the general way.
extension DeltaLineScanner {
    private static var modelKey: StaticString { #"{"model":""# }
    private static var createdAtKey: StaticString { #"","created_at":""# }
    private static var messageHead: StaticString { #"","message":{"role":"assistant","content":""# }
    private static var chatTail: StaticString { #""},"done":false}"# }

    static func scanOllamaChatDelta(_ line: UnsafeRawBufferPointer) -> Delta? {
        let count = line.count
        let contentEnd = count - chatTail.utf8CodeUnitCount
        let fixedLength = modelKey.utf8CodeUnitCount + createdAtKey.utf8CodeUnitCount + messageHead.utf8CodeUnitCount
        // The shortest such line has empty strings: only its fixed parts.
        guard contentEnd >= fixedLength, matches(chatTail, in: line, at: contentEnd),
            let contentStart = contentStart(in: line, before: contentEnd)
        else { return nil }
        guard let special = firstQuoteBackslashOrControl(in: line, from: contentStart, to: contentEnd) else {
            return Delta(thinking: nil, content: StringSpan(start: contentStart, end: contentEnd, hasEscapes: false))
        }
        // A quote inside means other keys follow the content; a backslash or control byte means
        // escapes, which the string reader validates (it also finds where the string really ends).
        guard line[special] != UInt8(ascii: "\"") else { return nil }
        var reader = Reader(bytes: line, position: contentStart - 1)
        guard let span = reader.string(), span.end == contentEnd else { return nil }
        return Delta(thinking: nil, content: span)
    }

    /// The same match on the first line of `bytes` (a network read, not yet cut into lines), for a
    /// line wholly inside it that ends with `\n`: its delta (spans within `bytes`) and its length
    /// with the `\n`. Here the content's end is where its string ends, so the framer need not look
    /// for the `\n` first; anything else (a line cut by the read's end, `\r\n`, another shape)
    /// answers nil and goes the usual way.
    static func scanOllamaChatDeltaLine(startOf bytes: UnsafeRawBufferPointer) -> (delta: Delta, length: Int)? {
        let count = bytes.count
        let minimum = modelKey.utf8CodeUnitCount + createdAtKey.utf8CodeUnitCount + messageHead.utf8CodeUnitCount
            + chatTail.utf8CodeUnitCount + 1
        guard count >= minimum, let contentStart = contentStart(in: bytes, before: count) else { return nil }
        guard let special = firstQuoteBackslashOrControl(in: bytes, from: contentStart, to: count) else { return nil }
        let content: StringSpan
        if bytes[special] == UInt8(ascii: "\"") {
            content = StringSpan(start: contentStart, end: special, hasEscapes: false)
        } else {
            var reader = Reader(bytes: bytes, position: contentStart - 1)
            guard let span = reader.string() else { return nil }
            content = span
        }
        let lineEnd = content.end + chatTail.utf8CodeUnitCount
        guard lineEnd < count, matches(chatTail, in: bytes, at: content.end), bytes[lineEnd] == 0x0A else { return nil }
        return (Delta(thinking: nil, content: content), lineEnd + 1)
    }

    /// Where the content string starts, when `bytes` (up to `end`) opens with the model, the
    /// `created_at` and the message head, each string free of escapes; nil otherwise.
    @inline(__always)
    private static func contentStart(in bytes: UnsafeRawBufferPointer, before end: Int) -> Int? {
        guard matches(modelKey, in: bytes, at: 0),
            let modelEnd = firstQuoteBackslashOrControl(in: bytes, from: modelKey.utf8CodeUnitCount, to: end),
            bytes[modelEnd] == UInt8(ascii: "\""), end - modelEnd >= createdAtKey.utf8CodeUnitCount,
            matches(createdAtKey, in: bytes, at: modelEnd),
            let stampEnd = firstQuoteBackslashOrControl(
                in: bytes, from: modelEnd + createdAtKey.utf8CodeUnitCount, to: end),
            bytes[stampEnd] == UInt8(ascii: "\""), end - stampEnd >= messageHead.utf8CodeUnitCount,
            matches(messageHead, in: bytes, at: stampEnd)
        else { return nil }
        return stampEnd + messageHead.utf8CodeUnitCount
    }

    /// The index of the first `"`, `\` or byte below 0x20 in `start..<end`, else nil.
    @inline(__always)
    private static func firstQuoteBackslashOrControl(in line: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        var position = start
        while position + 8 <= end {
            let flags = Reader.quoteBackslashOrControlFlags(line.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            if flags != 0 { return position + flags.trailingZeroBitCount >> 3 }
            position += 8
        }
        while position < end {
            let byte = line[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return position }
            position += 1
        }
        return nil
    }

    /// Whether `literal` (at least eight bytes long) is at `index`: whole words, the last one
    /// overlapping the one before, so no byte-by-byte tail and no call to `memcmp`. The caller has
    /// checked that the line is long enough.
    @inline(__always)
    private static func matches(_ literal: StaticString, in line: UnsafeRawBufferPointer, at index: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        let expected = UnsafeRawPointer(literal.utf8Start)
        var offset = 0
        while offset < length {
            offset = min(offset, length - 8)
            guard line.loadUnaligned(fromByteOffset: index + offset, as: UInt64.self)
                == expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        return true
    }
}
