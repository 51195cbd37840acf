#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The two byte operations the stream decoders run on every token: finding where a JSON string's
/// plain run ends, and comparing a line's fixed parts. Sixteen bytes at a time with SSE2 (part of
/// every x86-64 processor, so no feature check); on other machines the portable forms, eight bytes
/// at a time (SWAR). `@inlinable` throughout: both run inside the per-line matches.
///
/// Limits: a vector load never reads past the buffer it was given; near its end the portable form
/// finishes the search.
public enum ByteVectors {
    /// The index of the first `"`, `\\` or byte below 0x20 in `bytes[start..<end]`, else nil.
    @inline(__always)
    @inlinable public static func firstQuoteBackslashOrControl(
        in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int
    ) -> Int? {
        #if arch(x86_64)
        // Wrapping arithmetic: positions stay within the buffer, so no overflow check is needed.
        guard let base = bytes.baseAddress else { return nil }
        var position = start
        let quote = _mm_set1_epi8(0x22)
        let backslash = _mm_set1_epi8(0x5C)
        let highestControl = _mm_set1_epi8(0x1F)
        // Reading up to 16 bytes beyond `end` is fine while they are inside the buffer; flags past
        // `end` are masked off.
        while position &+ 16 <= bytes.count, position < end {
            let block = _mm_loadu_si128((base + position).assumingMemoryBound(to: __m128i.self))
            let special = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash)),
                // Unsigned `byte <= 0x1F`: the byte is its own minimum with 0x1F.
                _mm_cmpeq_epi8(_mm_min_epu8(block, highestControl), block))
            let flags = UInt32(truncatingIfNeeded: _mm_movemask_epi8(special))
            if flags != 0 {
                let found = position &+ flags.trailingZeroBitCount
                return found < end ? found : nil
            }
            position &+= 16
        }
        guard position < end else { return nil }
        return portableFirstQuoteBackslashOrControl(in: bytes, from: position, to: end)
        #else
        return portableFirstQuoteBackslashOrControl(in: bytes, from: start, to: end)
        #endif
    }

    /// Whether the `count` bytes at `first` and at `second` are the same.
    @inline(__always)
    @inlinable public static func equal(_ first: UnsafeRawPointer, _ second: UnsafeRawPointer, count: Int) -> Bool {
        #if arch(x86_64)
        guard count >= 16 else { return portableEqual(first, second, count: count) }
        @inline(__always) func blockEqual(_ offset: Int) -> __m128i {
            _mm_cmpeq_epi8(
                _mm_loadu_si128((first + offset).assumingMemoryBound(to: __m128i.self)),
                _mm_loadu_si128((second + offset).assumingMemoryBound(to: __m128i.self)))
        }
        // Whole blocks, the last ones overlapping those before; one mask test at the end (a
        // mismatch is rare, so no early exit). Up to 64 bytes (a stream line's fixed parts) with
        // no loop.
        var same: __m128i
        if count <= 32 {
            same = _mm_and_si128(blockEqual(0), blockEqual(count &- 16))
        } else if count <= 64 {
            same = _mm_and_si128(
                _mm_and_si128(blockEqual(0), blockEqual(16)), _mm_and_si128(blockEqual(count &- 32), blockEqual(count &- 16)))
        } else {
            same = _mm_set1_epi8(-1)
            var offset = 0
            while offset < count {
                offset = min(offset, count &- 16)
                same = _mm_and_si128(same, blockEqual(offset))
                offset &+= 16
            }
        }
        return _mm_movemask_epi8(same) == 0xFFFF
        #else
        return portableEqual(first, second, count: count)
        #endif
    }

    /// `firstQuoteBackslashOrControl` eight bytes at a time, with no vector instructions.
    @inline(__always)
    @inlinable public static func portableFirstQuoteBackslashOrControl(
        in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int
    ) -> Int? {
        var position = start
        while position &+ 8 <= end {
            let flags = quoteBackslashOrControlFlags(bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            if flags != 0 { return position &+ flags.trailingZeroBitCount &>> 3 }
            position &+= 8
        }
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return position }
            position &+= 1
        }
        return nil
    }

    /// `equal` eight bytes at a time, with no vector instructions.
    @inline(__always)
    @inlinable public static func portableEqual(_ first: UnsafeRawPointer, _ second: UnsafeRawPointer, count: Int) -> Bool {
        guard count >= 8 else {
            for offset in 0..<count where first.load(fromByteOffset: offset, as: UInt8.self)
                != second.load(fromByteOffset: offset, as: UInt8.self)
            {
                return false
            }
            return true
        }
        var offset = 0
        while offset < count {
            offset = min(offset, count &- 8)
            guard first.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                == second.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset &+= 8
        }
        return true
    }

    /// The high bit of each byte of `word` that may be `"`, `\\` or below 0x20. Borrows only run
    /// upwards from a byte that really is one, so the lowest flag is exact: on a little-endian
    /// machine `trailingZeroBitCount / 8` is the offset of the first such byte.
    @inline(__always)
    @inlinable public static func quoteBackslashOrControlFlags(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroInQuote = (quote &- ones) & ~quote
        let zeroInBackslash = (backslash &- ones) & ~backslash
        let belowSpace = (word &- ones &* 0x20) & ~word
        return (zeroInQuote | zeroInBackslash | belowSpace) & highs
    }
}
