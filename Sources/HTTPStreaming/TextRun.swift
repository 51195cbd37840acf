/// The UTF-8 text of one run of deltas (what one network read brings), appended a few bytes a line:
/// the busiest write of the stream path.
///
/// A line's text is usually a handful of bytes. `[UInt8].append(contentsOf:)` paid a uniqueness
/// check, a capacity check and a `memmove` call for each (about 70 instructions a line under
/// callgrind); here room is made once per string, short strings are copied inline, and an escaped
/// string's decoded bytes are stored without a check each (decoding never lengthens a JSON string).
///
/// A class so that growing never copies on write. One belongs to one stream, used by one task at a
/// time (the stream's consumer), hence `@unchecked Sendable`. Both backends' stream assemblers use
/// it; its hot methods are inlinable so that they inline into them.
public final class TextRun: @unchecked Sendable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var storedCount = 0
    @usableFromInline var capacity: Int
    /// A run this long is given back when taken, so one huge read does not pin its memory.
    private static let keptCapacity = 1 << 20

    public init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Bytes in the run.
    @inlinable public var count: Int { storedCount }

    @inlinable public var isEmpty: Bool { storedCount == 0 }

    /// The bytes so far, as text (invalid UTF-8 repaired), leaving them in place.
    public var text: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// The bytes so far, as text; the run is empty afterwards.
    public func take() -> String {
        let text = self.text
        storedCount = 0
        if capacity > Self.keptCapacity {
            base.deallocate()
            capacity = 4096
            base = .allocate(capacity: capacity)
        }
        return text
    }

    /// Makes room for `extra` more bytes.
    @inlinable @inline(__always)
    public func reserve(_ extra: Int) {
        if storedCount + extra > capacity { grow(toHold: storedCount + extra) }
    }

    @usableFromInline @inline(never)
    func grow(toHold needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: storedCount)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inlinable @inline(__always)
    public func append(_ bytes: UnsafeRawBufferPointer) {
        let length = bytes.count
        guard length > 0, let source = bytes.baseAddress else { return }
        reserve(length)
        let destination = base + storedCount
        if length <= 16 {
            for offset in 0..<length { destination[offset] = source.load(fromByteOffset: offset, as: UInt8.self) }
        } else {
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: length)
        }
        storedCount += length
    }

    public func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Stores one byte where `reserve` made room for it.
    @inlinable @inline(__always)
    public func appendReserved(_ byte: UInt8) {
        base[storedCount] = byte
        storedCount += 1
    }
}
