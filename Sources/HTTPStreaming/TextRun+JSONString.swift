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
        // The span was checked, so this decodes it up to its closing quote at `span.end`.
        _ = appendJSONString(in: bytes, from: span.start)
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
        guard let (end, scalar) = JSONLineReader.escape(in: bytes, at: index) else { return nil }
        reserve(4)
        appendReservedUTF8(scalar)
        return end
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
