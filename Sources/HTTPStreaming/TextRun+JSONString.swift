extension TextRun {
    /// Appends the text of a JSON string found by `JSONLineReader.string()` (its span within
    /// `bytes`, quotes excluded), decoding its escapes. The reader validated the span, so every
    /// escape here is well formed and every surrogate paired. The plain string, by far the most
    /// common, is one inlined copy.
    @inlinable @inline(__always)
    public func appendJSONString(_ span: JSONStringSpan, of bytes: UnsafeRawBufferPointer) {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end])
        guard span.hasEscapes else {
            append(raw)
            return
        }
        appendEscaped(raw)
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

    private func appendReservedUTF8(_ scalar: UInt32) {
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
