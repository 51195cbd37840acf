#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The quickest match for a stream whose events are alike but for one string, such as the chunks
/// of a chat-completions stream, which repeat the id, timestamp, model and fingerprint around each
/// token: `{"id":"chatcmpl-1",…,"delta":{"content":"` + token + `"},"logprobs":null,…}`.
///
/// A line that a full scanner has read and accepted is remembered as its bytes before one string's
/// content (ending with the opening quote) and from its closing quote on. A later line that starts
/// and ends with exactly those bytes, and whose middle is one valid JSON string that closes where
/// the remembered end begins, is the same JSON but for that string, so it means what the
/// remembered line meant with the new text: two block compares and one string scan, whatever the
/// number of keys around it. Any difference (a new timestamp, an extra key, a string that closes
/// early) answers nil, and the caller reads the line the full way and may remember it instead.
///
/// Limits: the remembered parts together are at most `maximumLength` bytes, and hold no `\n` or `\r`
/// (such a line is not remembered); the template holds one shape at a time, the last one remembered.
public struct OneStringTemplate: Sendable {
    /// The bytes up to and including the string's opening quote.
    @usableFromInline var head: [UInt8] = []
    /// The bytes from the string's closing quote to the line's end.
    @usableFromInline var tail: [UInt8] = []
    /// What the caller said the string is (say, content or reasoning), handed back with a match.
    public private(set) var tag: UInt8 = 0
    /// The longest head plus tail remembered.
    public static let maximumLength = 4096

    public init() {}

    /// Whether a shape is remembered.
    @inlinable public var isEmpty: Bool { head.isEmpty }

    /// The string's span in `line` when `line` is the remembered line with another string, else nil.
    @inlinable
    public func match(_ line: UnsafeRawBufferPointer) -> JSONStringSpan? {
        let headCount = head.count
        let tailCount = tail.count
        guard headCount > 0, line.count >= headCount + tailCount, let base = line.baseAddress else { return nil }
        let end = line.count - tailCount
        let same = head.withUnsafeBytes { head in
            tail.withUnsafeBytes { tail in
                guard let headBase = head.baseAddress, let tailBase = tail.baseAddress else { return false }
                return ByteVectors.equal(base, headBase, count: headCount)
                    && ByteVectors.equal(base + end, tailBase, count: tailCount)
            }
        }
        guard same else { return nil }
        // The tail opens with the closing quote, so a plain string ends at `end`. A quote inside
        // means the string closes early (some other line); a backslash or control byte means
        // escapes, which the string reader validates, and the string must still end at `end`.
        guard let special = ByteVectors.firstQuoteBackslashOrControl(in: line, from: headCount, to: end) else {
            return JSONStringSpan(start: headCount, end: end, hasEscapes: false)
        }
        guard line[special] != UInt8(ascii: "\"") else { return nil }
        var reader = JSONLineReader(bytes: line, position: headCount - 1)
        guard let span = reader.string(), span.end == end else { return nil }
        return span
    }

    /// The same match at `offset` in `bytes` (a network read, the line not yet cut out), where the
    /// string's end is found by reading it: the string's span and where the remembered end stops
    /// (the caller checks what follows, e.g. the line end), else nil.
    @inlinable
    public func matchStart(of bytes: UnsafeRawBufferPointer, at offset: Int) -> (string: JSONStringSpan, end: Int)? {
        let headCount = head.count
        let tailCount = tail.count
        guard headCount > 0, bytes.count - offset >= headCount + tailCount, let base = bytes.baseAddress else { return nil }
        let sameHead = head.withUnsafeBytes { head in
            guard let headBase = head.baseAddress else { return false }
            return ByteVectors.equal(base + offset, headBase, count: headCount)
        }
        let stringStart = offset + headCount
        guard sameHead, let special = ByteVectors.firstQuoteBackslashOrControl(in: bytes, from: stringStart, to: bytes.count)
        else { return nil }
        let span: JSONStringSpan
        if bytes[special] == UInt8(ascii: "\"") {
            span = JSONStringSpan(start: stringStart, end: special, hasEscapes: false)
        } else {
            var reader = JSONLineReader(bytes: bytes, position: stringStart - 1)
            guard let escaped = reader.string() else { return nil }
            span = escaped
        }
        let end = span.end + tailCount
        guard end <= bytes.count else { return nil }
        let sameTail = tail.withUnsafeBytes { tail in
            guard let tailBase = tail.baseAddress else { return false }
            return ByteVectors.equal(base + span.end, tailBase, count: tailCount)
        }
        return sameTail ? (span, end) : nil
    }

    /// Remembers `line`, which a full scanner accepted and whose string at `span` (content only,
    /// without quotes) is the part that varies, under `tag`.
    public mutating func remember(_ line: UnsafeRawBufferPointer, string span: JSONStringSpan, tag: UInt8) {
        // A line with a line end inside (JSON may hold `\n` between values; an event's data lines are
        // joined by one) is not remembered: `matchStart` reads unframed bytes, where that `\n`
        // would end the line.
        guard span.start > 0, span.end < line.count, line[span.start - 1] == UInt8(ascii: "\""),
            line[span.end] == UInt8(ascii: "\""), line.count - (span.end - span.start) <= Self.maximumLength,
            let base = line.baseAddress, memchr(base, 0x0A, line.count) == nil, memchr(base, 0x0D, line.count) == nil
        else {
            forget()
            return
        }
        head.removeAll(keepingCapacity: true)
        head.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[..<span.start]))
        tail.removeAll(keepingCapacity: true)
        tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[span.end...]))
        self.tag = tag
    }

    /// Forgets the remembered shape.
    public mutating func forget() {
        head.removeAll(keepingCapacity: true)
        tail.removeAll(keepingCapacity: true)
    }
}
