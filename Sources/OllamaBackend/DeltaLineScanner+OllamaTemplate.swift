import HTTPStreaming

/// The quickest path, for the line Ollama sends for almost every chat token:
/// `{"model":"…","created_at":"…","message":{"role":"assistant","content":"…"},"done":false}`,
/// keys in the order its Go encoder writes them.
///
/// The line is read once, a block of bytes at a time (`ByteVectors`), with no calls: the fixed parts
/// are compared as whole blocks (in `scanOllamaChatDelta` the fixed end first, from the line's end,
/// so a line of another shape is turned away early), and each string is searched a block at a time
/// for its closing quote, a backslash or a control character. A content with escapes (a
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
        guard let special = ByteVectors.firstQuoteBackslashOrControl(in: line, from: contentStart, to: contentEnd) else {
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
    /// line wholly inside it that ends with `\n`, its content appended to `text` as it is read:
    /// the line's length with its `\n`, else nil with nothing appended. Here the content's end is
    /// where its string ends, so the framer need not look for the `\n` first; anything else (a line
    /// cut by the read's end, `\r\n`, another shape) answers nil and goes the usual way.
    ///
    /// A content with escapes is decoded as it is checked, in one pass (`TextRun.appendJSONString(in:from:)`),
    /// before the line's end is checked; a line that then turns out to be of another shape takes
    /// its text back.
    ///
    /// `prefix` carries the start of the stream's lines from one call to the next (see
    /// `OllamaLinePrefix`); a line that begins with it is searched from where it ends.
    @inline(__always)
    static func takeOllamaChatDeltaLine(
        startOf bytes: UnsafeRawBufferPointer, prefix: inout OllamaLinePrefix, into text: TextRun
    ) -> Int? {
        let count = bytes.count
        let minimum = modelKey.utf8CodeUnitCount + createdAtKey.utf8CodeUnitCount + messageHead.utf8CodeUnitCount
            + chatTail.utf8CodeUnitCount + 1
        guard count >= minimum, let contentStart = contentStart(in: bytes, before: count, prefix: &prefix),
            let special = ByteVectors.firstQuoteBackslashOrControl(in: bytes, from: contentStart, to: count)
        else { return nil }
        if bytes[special] == UInt8(ascii: "\"") {
            guard let length = lineLength(in: bytes, contentEnd: special) else { return nil }
            text.append(bytes, from: contentStart, to: special)
            return length
        }
        let before = text.count
        guard let contentEnd = text.appendJSONString(in: bytes, from: contentStart),
            let length = lineLength(in: bytes, contentEnd: contentEnd)
        else {
            text.removeLast(text.count - before)
            return nil
        }
        return length
    }

    /// The length of the line, its `\n` included, when the chat line's fixed end follows its
    /// content's closing quote at `contentEnd`, then the `\n`; else nil.
    @inline(__always)
    private static func lineLength(in bytes: UnsafeRawBufferPointer, contentEnd: Int) -> Int? {
        let lineEnd = contentEnd + chatTail.utf8CodeUnitCount
        guard lineEnd < bytes.count, matches(chatTail, in: bytes, at: contentEnd), bytes[lineEnd] == 0x0A else {
            return nil
        }
        return lineEnd + 1
    }

    /// Where the content string starts, when `bytes` (up to `end`) opens with the model, the
    /// `created_at` and the message head, each string free of escapes; nil otherwise.
    @inline(__always)
    private static func contentStart(in bytes: UnsafeRawBufferPointer, before end: Int) -> Int? {
        var prefix = OllamaLinePrefix()
        return contentStart(in: bytes, before: end, prefix: &prefix)
    }

    /// `contentStart`, skipping what `prefix` says this line shares with one read before, and
    /// remembering this line's start when it shares nothing.
    @inline(__always)
    private static func contentStart(
        in bytes: UnsafeRawBufferPointer, before end: Int, prefix: inout OllamaLinePrefix
    ) -> Int? {
        let known = prefix.matchedLength(in: bytes)
        let stampStart: Int
        if known > 0 {
            stampStart = known
        } else {
            guard matches(modelKey, in: bytes, at: 0),
                let modelEnd = ByteVectors.firstQuoteBackslashOrControl(in: bytes, from: modelKey.utf8CodeUnitCount, to: end),
                bytes[modelEnd] == UInt8(ascii: "\""), end - modelEnd >= createdAtKey.utf8CodeUnitCount,
                matches(createdAtKey, in: bytes, at: modelEnd)
            else { return nil }
            stampStart = modelEnd + createdAtKey.utf8CodeUnitCount
        }
        guard let stampEnd = ByteVectors.firstQuoteBackslashOrControl(in: bytes, from: stampStart, to: end),
            bytes[stampEnd] == UInt8(ascii: "\""), end - stampEnd >= messageHead.utf8CodeUnitCount,
            matches(messageHead, in: bytes, at: stampEnd)
        else { return nil }
        if known == 0 { prefix.remember(bytes, stampStart: stampStart, stampEnd: stampEnd) }
        return stampEnd + messageHead.utf8CodeUnitCount
    }

    /// Whether `literal` is at `index`; the caller has checked that the line is long enough.
    @inline(__always)
    private static func matches(_ literal: StaticString, in line: UnsafeRawBufferPointer, at index: Int) -> Bool {
        guard let base = line.baseAddress else { return false }
        return ByteVectors.equal(base + index, UnsafeRawPointer(literal.utf8Start), count: literal.utf8CodeUnitCount)
    }
}

/// The start of the last line the template read: `{"model":"…","created_at":"` and the first bytes
/// of the stamp, all checked then (the model's string ended where expected, nothing in it or the
/// stamp's first bytes needed decoding). Ollama's lines in one answer share it (one model; a stamp's
/// date, hour and minute change rarely, its seconds once a second), so a line that begins with the
/// same bytes skips those checks: whole-word compares instead of searching the model's string, the
/// key and most of the stamp. A line that differs is read the longer way and becomes the prefix.
/// At most 64 bytes, a multiple of eight.
struct OllamaLinePrefix {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// Bytes remembered, a multiple of eight; 0 when none.
    private var length = 0
    /// How far into the stamp a prefix reaches: up to the whole seconds (`2026-11-25T14:03:07`), not
    /// the fraction, which changes from line to line.
    private static let stampBytes = 19

    /// The length of the remembered prefix when `bytes` begins with it, else 0.
    /// Mutating only to reach the words in place (`withUnsafeBytes(of: &words)`): reading them by
    /// value copied all 64 bytes to the stack on every line.
    @inline(__always)
    mutating func matchedLength(in bytes: UnsafeRawBufferPointer) -> Int {
        let length = self.length
        guard length > 0, bytes.count >= length else { return 0 }
        return withUnsafeBytes(of: &words) { stored in
            guard let base = bytes.baseAddress, let storedBase = stored.baseAddress,
                ByteVectors.equal(base, storedBase, count: length)
            else { return 0 }
            return length
        }
    }

    /// Remembers the start of a line whose bytes up to `stampEnd` (the stamp's closing quote) were
    /// checked, the stamp's own starting at `stampStart`.
    mutating func remember(_ bytes: UnsafeRawBufferPointer, stampStart: Int, stampEnd: Int) {
        let newLength = min(stampStart + Self.stampBytes, stampEnd, 64) & ~7
        // A prefix that ends before the stamp begins would leave part of the key unchecked.
        guard newLength > stampStart else {
            length = 0
            return
        }
        length = newLength
        withUnsafeMutableBytes(of: &words) { stored in
            stored.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<newLength]))
        }
    }
}
