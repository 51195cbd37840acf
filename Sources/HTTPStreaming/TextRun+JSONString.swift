extension TextRun {
    /// Appends the text of a JSON string found by `JSONLineReader.string()` (its span within
    /// `bytes`, quotes excluded), decoding its escapes. The reader validated the span, so every
    /// escape here is well formed and every surrogate paired. The plain string, by far the most
    /// common, is one inlined copy.
    @inlinable @inline(__always)
    public func appendJSONString(_ span: JSONStringSpan, of bytes: UnsafeRawBufferPointer) {
        guard span.hasEscapes else {
            append(bytes, from: span.start, to: span.end)
            return
        }
        appendEscaped(UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end]))
    }

    /// Appends `bytes[start..<end]`. A short run with 16 readable bytes from its start (a line goes
    /// on after its strings) is moved as one 16-byte block; what lands past its end is room not yet
    /// counted.
    @inlinable @inline(__always)
    public func append(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        let length = end &- start
        guard length <= 16, bytes.count &- start >= 16, let base = bytes.baseAddress else {
            append(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            return
        }
        reserve(16)
        let source = base + start
        let destination = UnsafeMutableRawPointer(state.pointee.base + state.pointee.count)
        destination.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
        (destination + 8).storeBytes(of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), as: UInt64.self)
        state.pointee.count &+= length
    }

    /// Appends the text of the JSON string whose content starts at `start` in `bytes` (just after
    /// its opening quote), decoding each escape as it checks it: the index of the closing quote, or
    /// nil, with nothing appended, when the string is not valid JSON (a bad escape, a lone
    /// surrogate, a raw control byte) or does not end in `bytes`. One pass for what
    /// `JSONLineReader.string()` then `appendJSONString(_:of:)` do in two.
    @inlinable
    public func appendJSONString(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let before = state.pointee.count
        var index = start
        while let special = ByteVectors.firstQuoteBackslashOrControl(in: bytes, from: index, to: bytes.count) {
            if special > index { append(bytes, from: index, to: special) }
            let byte = bytes[special]
            if byte == UInt8(ascii: "\"") { return special }
            guard byte == UInt8(ascii: "\\"), let next = appendEscape(in: bytes, at: special) else { break }
            index = next
        }
        state.pointee.count = before
        return nil
    }

    /// Decodes the escape at `index` (a backslash) into the run: where it ends, or nil when it is
    /// not one JSON allows (then nothing is appended).
    @usableFromInline
    func appendEscape(in bytes: UnsafeRawBufferPointer, at index: Int) -> Int? {
        guard index + 1 < bytes.count else { return nil }
        let decoded: UInt8
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): decoded = 0x22
        case UInt8(ascii: "\\"): decoded = 0x5C
        case UInt8(ascii: "/"): decoded = 0x2F
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
            guard let unit = JSONLineReader.hex4(bytes, at: index + 2) else { return nil }
            if (0xDC00...0xDFFF).contains(unit) { return nil }  // a low surrogate alone
            guard (0xD800...0xDBFF).contains(unit) else {
                reserve(4)
                appendReservedUTF8(UInt32(unit))
                return index + 6
            }
            guard index + 7 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"),
                bytes[index + 7] == UInt8(ascii: "u"), let low = JSONLineReader.hex4(bytes, at: index + 8),
                (0xDC00...0xDFFF).contains(low)
            else { return nil }
            reserve(4)
            appendReservedUTF8(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
            return index + 12
        default:
            return nil
        }
        reserve(1)
        appendReserved(decoded)
        return index + 2
    }

    @usableFromInline
    func appendEscaped(_ raw: UnsafeRawBufferPointer) {
        // Decoding never lengthens a JSON string (`\uXXXX` is six bytes for at most three), so room
        // for the raw bytes is room for the text.
        reserve(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                appendReserved(byte)
                index += 1
                continue
            }
            let escaped = raw[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "n"): appendReserved(0x0A)
            case UInt8(ascii: "t"): appendReserved(0x09)
            case UInt8(ascii: "r"): appendReserved(0x0D)
            case UInt8(ascii: "b"): appendReserved(0x08)
            case UInt8(ascii: "f"): appendReserved(0x0C)
            case UInt8(ascii: "u"):
                var scalar = UInt32(JSONLineReader.hex4(raw, at: index) ?? 0xFFFD)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = UInt32(JSONLineReader.hex4(raw, at: index + 2) ?? 0xDC00)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                appendReservedUTF8(scalar)
            default: appendReserved(escaped)  // \" \\ \/
            }
        }
    }

    @usableFromInline
    func appendReservedUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            appendReserved(UInt8(scalar))
        case 0x80..<0x800:
            appendReserved(UInt8(0xC0 | (scalar >> 6)))
            appendReserved(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            appendReserved(UInt8(0xE0 | (scalar >> 12)))
            appendReserved(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            appendReserved(UInt8(0x80 | (scalar & 0x3F)))
        default:
            appendReserved(UInt8(0xF0 | (scalar >> 18)))
            appendReserved(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            appendReserved(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            appendReserved(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
