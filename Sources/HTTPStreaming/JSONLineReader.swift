/// A JSON string's raw bytes (between the quotes) within a line.
public struct JSONStringSpan: Equatable, Sendable {
    public var start: Int
    public var end: Int
    /// Whether it has backslash escapes to decode; if not, its bytes are the text itself.
    public var hasEscapes: Bool
    @inlinable public var isEmpty: Bool { start == end }

    @inlinable
    public init(start: Int, end: Int, hasEscapes: Bool) {
        self.start = start
        self.end = end
        self.hasEscapes = hasEscapes
    }
}

/// A cursor over one line of JSON, for the light paths of both stream decoders: it reads keys,
/// strings (a block of bytes at a time, escapes validated, nothing copied), numbers and literals, and
/// answers nil or false for anything it does not accept, so the caller hands the line to the full
/// decoder. `@inlinable` throughout: it runs once per streamed token.
public struct JSONLineReader {
    public let bytes: UnsafeRawBufferPointer
    public var position = 0

    @inlinable public init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        skipBlanks()
    }

    /// A cursor at `position` (no blanks skipped).
    @inlinable public init(bytes: UnsafeRawBufferPointer, position: Int) {
        self.bytes = bytes
        self.position = position
    }

    @inlinable public var atEnd: Bool { position == bytes.count }

    @inline(__always)
    @inlinable public mutating func skipBlanks() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    /// Consumes `byte` (and the blanks after it) if it comes next.
    @inline(__always)
    @inlinable public mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        skipBlanks()
        return true
    }

    @inlinable public mutating func literal(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard bytes.count - position >= length else { return false }
        for offset in 0..<length where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += length
        skipBlanks()
        return true
    }

    /// A JSON number (its grammar checked loosely: sign, digits, fraction, exponent).
    @inlinable public mutating func number() -> Bool {
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
    @inlinable public mutating func scalar() -> Bool {
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "n"): return literal("null")
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        default: return number()
        }
    }

    @inlinable public func matches(_ span: JSONStringSpan, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard span.end - span.start == length else { return false }
        let start = literal.utf8Start
        for offset in 0..<length where bytes[span.start + offset] != start[offset] { return false }
        return true
    }

    /// A JSON string whose escapes are all valid (surrogates paired), else nil.
    @inlinable public mutating func string() -> JSONStringSpan? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        let start = position + 1
        var index = start
        var hasEscapes = false
        // Plain runs are skipped a block at a time: the common token is plain ASCII or UTF-8 text.
        while let special = ByteVectors.firstQuoteBackslashOrControl(in: bytes, from: index, to: bytes.count) {
            index = special
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                skipBlanks()
                return JSONStringSpan(start: start, end: index, hasEscapes: hasEscapes)
            }
            // Otherwise a control byte (refused) or a backslash.
            guard byte == UInt8(ascii: "\\"), let next = validEscapeEnd(at: index) else { return nil }
            hasEscapes = true
            index = next
        }
        return nil
    }

    /// Where a valid escape starting at `index` (a backslash) ends, else nil.
    @inlinable func validEscapeEnd(at index: Int) -> Int? {
        Self.escape(in: bytes, at: index)?.end
    }

    /// The escape starting at `index` in `bytes` (a backslash): where it ends and the Unicode scalar
    /// it stands for (a surrogate pair as one), or nil when JSON does not allow it. The one reading
    /// of JSON's escapes, for checking a string and for decoding it.
    @inlinable public static func escape(in bytes: UnsafeRawBufferPointer, at index: Int) -> (end: Int, scalar: UInt32)? {
        guard index + 1 < bytes.count else { return nil }
        let escaped = bytes[index + 1]
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return (index + 2, UInt32(escaped))
        case UInt8(ascii: "b"): return (index + 2, 0x08)
        case UInt8(ascii: "f"): return (index + 2, 0x0C)
        case UInt8(ascii: "n"): return (index + 2, 0x0A)
        case UInt8(ascii: "r"): return (index + 2, 0x0D)
        case UInt8(ascii: "t"): return (index + 2, 0x09)
        case UInt8(ascii: "u"):
            guard let unit = hex4(bytes, at: index + 2) else { return nil }
            if (0xDC00...0xDFFF).contains(unit) { return nil }  // a low surrogate alone
            guard (0xD800...0xDBFF).contains(unit) else { return (index + 6, UInt32(unit)) }
            guard index + 7 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"),
                bytes[index + 7] == UInt8(ascii: "u"), let low = hex4(bytes, at: index + 8),
                (0xDC00...0xDFFF).contains(low)
            else { return nil }
            return (index + 12, 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
        default:
            return nil
        }
    }

    @inlinable public static func hex4(_ bytes: UnsafeRawBufferPointer, at index: Int) -> UInt16? {
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
