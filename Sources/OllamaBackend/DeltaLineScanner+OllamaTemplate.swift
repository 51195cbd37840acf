#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The quickest path, for the line Ollama sends for almost every chat token:
/// `{"model":"…","created_at":"…","message":{"role":"assistant","content":"…"},"done":false}`,
/// keys in the order its Go encoder writes them.
///
/// The fixed parts are compared a word (eight bytes) at a time; the end of each string is found with
/// `memchr` and the bytes before it are checked eight at a time for a backslash or a control
/// character. A content with escapes (a real answer's `\n`, `\"`, `\u003c`…) is then read by the
/// general scanner's string reader, from its opening quote, and stays on this path. A thinking delta,
/// other keys or any other order answers nil, and `scan` reads the line the general way.
extension DeltaLineScanner {
    private static let modelKey: StaticString = #"{"model":""#
    private static let createdAtKey: StaticString = #"","created_at":""#
    private static let messageHead: StaticString = #"","message":{"role":"assistant","content":""#
    private static let chatTail: StaticString = #""},"done":false}"#

    static func scanOllamaChatDelta(_ line: UnsafeRawBufferPointer) -> Delta? {
        var index = 0
        guard expect(modelKey, in: line, at: &index), skipPlainString(in: line, from: &index) == .plain,
            expect(createdAtKey, in: line, at: &index), skipPlainString(in: line, from: &index) == .plain,
            expect(messageHead, in: line, at: &index)
        else { return nil }
        let contentStart = index
        let content: StringSpan
        switch skipPlainString(in: line, from: &index) {
        case .plain:
            content = StringSpan(start: contentStart, end: index, hasEscapes: false)
        case .escapedOrControl:
            // `messageHead` ends with the opening quote; the reader validates and finds the real end.
            var reader = Reader(bytes: line, position: contentStart - 1)
            guard let span = reader.string() else { return nil }
            content = span
            index = span.end
        case .unterminated:
            return nil
        }
        guard expect(chatTail, in: line, at: &index), index == line.count else { return nil }
        return Delta(thinking: nil, content: content)
    }

    private enum StringEnd { case plain, escapedOrControl, unterminated }

    /// Moves `index` to the first `"` from `index` and says whether the bytes before it are plain
    /// (no backslash, no control character); `index` moves only in the plain case.
    @inline(__always)
    private static func skipPlainString(in line: UnsafeRawBufferPointer, from index: inout Int) -> StringEnd {
        let remaining = line.count - index
        guard remaining > 0, let base = line.baseAddress,
            let quote = memchr(base + index, Int32(UInt8(ascii: "\"")), remaining)
        else { return .unterminated }
        let end = base.distance(to: UnsafeRawPointer(quote))
        var position = index
        while position + 8 <= end {
            if Reader.mayHoldQuoteBackslashOrControl(line.loadUnaligned(fromByteOffset: position, as: UInt64.self)) {
                return .escapedOrControl
            }
            position += 8
        }
        while position < end {
            let byte = line[position]
            if byte < 0x20 || byte == UInt8(ascii: "\\") { return .escapedOrControl }
            position += 1
        }
        index = end
        return .plain
    }

    /// Matches `literal` (at least eight bytes long) at `index` and moves past it: whole words, the
    /// last one overlapping the one before, so no byte-by-byte tail and no call to `memcmp`.
    @inline(__always)
    private static func expect(_ literal: StaticString, in line: UnsafeRawBufferPointer, at index: inout Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard length >= 8, line.count - index >= length else { return false }
        let expected = UnsafeRawPointer(literal.utf8Start)
        var offset = 0
        while offset < length {
            offset = min(offset, length - 8)
            guard line.loadUnaligned(fromByteOffset: index + offset, as: UInt64.self)
                == expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        index += length
        return true
    }
}
