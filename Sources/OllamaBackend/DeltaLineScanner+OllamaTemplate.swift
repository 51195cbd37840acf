#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The quickest path, for the line Ollama sends for almost every chat token:
/// `{"model":"…","created_at":"…","message":{"role":"assistant","content":"…"},"done":false}`,
/// keys in the order its Go encoder writes them.
///
/// Instead of reading every byte it compares the fixed parts with `memcmp` and finds the ends of the
/// three free strings with `memchr`. A content with escapes, a thinking delta, other keys or any
/// other order answers nil, and `scan` reads the line the general way.
extension DeltaLineScanner {
    private static let modelPrefix: StaticString = #"{"model":""#
    private static let createdAtKey: StaticString = #"","created_at":""#
    private static let messageHead: StaticString = #"","message":{"role":"assistant","content":""#
    private static let chatTail: StaticString = #""},"done":false}"#

    static func scanOllamaChatDelta(_ line: UnsafeRawBufferPointer) -> Delta? {
        guard let base = line.baseAddress else { return nil }
        var index = 0
        guard expect(modelPrefix, in: line, at: &index),
            skipPlainString(in: line, base: base, from: &index),
            expect(createdAtKey, in: line, at: &index),
            skipPlainString(in: line, base: base, from: &index),
            expect(messageHead, in: line, at: &index)
        else { return nil }
        let contentStart = index
        guard skipPlainString(in: line, base: base, from: &index) else { return nil }
        let contentEnd = index
        guard expect(chatTail, in: line, at: &index), index == line.count else { return nil }
        return Delta(thinking: nil, content: StringSpan(start: contentStart, end: contentEnd, hasEscapes: false))
    }

    /// Matches `literal` at `index` and moves past it.
    @inline(__always)
    private static func expect(_ literal: StaticString, in line: UnsafeRawBufferPointer, at index: inout Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard line.count - index >= length, let base = line.baseAddress,
            memcmp(base + index, literal.utf8Start, length) == 0
        else { return false }
        index += length
        return true
    }

    /// Moves `index` to the closing quote of a string with no escapes and no control characters
    /// (one with either answers false: the general path decodes and validates it).
    @inline(__always)
    private static func skipPlainString(in line: UnsafeRawBufferPointer, base: UnsafeRawPointer, from index: inout Int) -> Bool {
        let remaining = line.count - index
        guard remaining > 0, let quote = memchr(base + index, Int32(UInt8(ascii: "\"")), remaining) else { return false }
        let end = base.distance(to: UnsafeRawPointer(quote))
        if end > index {
            if memchr(base + index, Int32(UInt8(ascii: "\\")), end - index) != nil { return false }
            var position = index
            while position + 8 <= end {
                let word = line.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                if (word &- ones &* 0x20) & ~word & 0x8080_8080_8080_8080 != 0 { return false }
                position += 8
            }
            while position < end {
                if line[position] < 0x20 { return false }
                position += 1
            }
        }
        index = end
        return true
    }
}
