/// The quickest path, for the line Ollama sends for almost every chat token:
/// `{"model":"…","created_at":"…","message":{"role":"assistant","content":"…"},"done":false}`,
/// keys in the order its Go encoder writes them.
///
/// The fixed parts are compared a word (eight bytes) at a time; the three strings are read by the
/// general scanner's string reader, which skips plain bytes eight at a time and checks escapes, so a
/// real answer's tokens (`\n`, `\"`, `\u003c`…, non-ASCII) stay on this path. A thinking delta, other
/// keys or any other order answers nil, and `scan` reads the line the general way.
extension DeltaLineScanner {
    private static let modelKey: StaticString = #"{"model":"#
    private static let createdAtKey: StaticString = #","created_at":"#
    private static let messageHead: StaticString = #","message":{"role":"assistant","content":"#
    private static let chatTail: StaticString = #"},"done":false}"#

    static func scanOllamaChatDelta(_ line: UnsafeRawBufferPointer) -> Delta? {
        var reader = Reader(bytes: line, position: 0)
        guard expect(modelKey, in: line, at: &reader.position), reader.string() != nil,
            expect(createdAtKey, in: line, at: &reader.position), reader.string() != nil,
            expect(messageHead, in: line, at: &reader.position), let content = reader.string(),
            expect(chatTail, in: line, at: &reader.position), reader.position == line.count
        else { return nil }
        return Delta(thinking: nil, content: content)
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
