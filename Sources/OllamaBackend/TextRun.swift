/// The UTF-8 text of one run of deltas (what one network read brings), appended a few bytes a line:
/// the busiest write of the stream path.
///
/// A line's text is usually a handful of bytes. `[UInt8].append(contentsOf:)` paid a uniqueness
/// check, a capacity check and a `memmove` call for each (about 70 instructions a line under
/// callgrind); here room is made once per string, short strings are copied inline, and an escaped
/// string's decoded bytes are stored without a check each (decoding never lengthens a JSON string).
///
/// A class so that growing never copies on write. One belongs to one stream, used by one task at a
/// time (the stream's consumer), hence `@unchecked Sendable`.
final class TextRun: @unchecked Sendable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// A run this long is given back when taken, so one huge read does not pin its memory.
    private static let keptCapacity = 1 << 20

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// The bytes so far, as text (invalid UTF-8 repaired), leaving them in place.
    var text: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// The bytes so far, as text; the run is empty afterwards.
    func take() -> String {
        let text = self.text
        count = 0
        if capacity > Self.keptCapacity {
            base.deallocate()
            capacity = 4096
            base = .allocate(capacity: capacity)
        }
        return text
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toHold: count + extra) }
    }

    @inline(never)
    private func grow(toHold needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) {
        let length = bytes.count
        guard length > 0, let source = bytes.baseAddress else { return }
        reserve(length)
        let destination = base + count
        if length <= 16 {
            for offset in 0..<length { destination[offset] = source.load(fromByteOffset: offset, as: UInt8.self) }
        } else {
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: length)
        }
        count += length
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Stores one byte where `reserve` made room for it.
    @inline(__always)
    func appendReserved(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }
}
