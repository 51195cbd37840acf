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
/// it, so its hot methods are inlinable; its state sits behind one pointer, because a class's
/// stored `var`s reached from another module pay a dynamic exclusivity check on every access
/// (`swift_beginAccess`, about 200 instructions a line under callgrind).
public final class TextRun: @unchecked Sendable {
    @usableFromInline struct State {
        @usableFromInline var base: UnsafeMutablePointer<UInt8>
        @usableFromInline var count: Int
        @usableFromInline var capacity: Int
    }

    @usableFromInline let state: UnsafeMutablePointer<State>
    /// A run this long is given back when taken, so one huge read does not pin its memory.
    private static let keptCapacity = 1 << 20

    public init(capacity: Int = 4096) {
        let capacity = max(capacity, 16)
        state = .allocate(capacity: 1)
        state.initialize(to: State(base: .allocate(capacity: capacity), count: 0, capacity: capacity))
    }

    deinit {
        state.pointee.base.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Bytes in the run.
    @inlinable public var count: Int { state.pointee.count }

    @inlinable public var isEmpty: Bool { state.pointee.count == 0 }

    /// The bytes so far, as text (invalid UTF-8 repaired), leaving them in place.
    public var text: String {
        String(decoding: UnsafeBufferPointer(start: state.pointee.base, count: state.pointee.count), as: UTF8.self)
    }

    /// The bytes so far, as text; the run is empty afterwards.
    public func take() -> String {
        let text = self.text
        state.pointee.count = 0
        if state.pointee.capacity > Self.keptCapacity {
            state.pointee.base.deallocate()
            state.pointee.capacity = 4096
            state.pointee.base = .allocate(capacity: 4096)
        }
        return text
    }

    /// Makes room for `extra` more bytes.
    @inlinable @inline(__always)
    public func reserve(_ extra: Int) {
        let needed = state.pointee.count + extra
        if needed > state.pointee.capacity { grow(toHold: needed) }
    }

    @usableFromInline @inline(never)
    func grow(toHold needed: Int) {
        let newCapacity = max(needed, state.pointee.capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: state.pointee.base, count: state.pointee.count)
        state.pointee.base.deallocate()
        state.pointee.base = newBase
        state.pointee.capacity = newCapacity
    }

    @inlinable @inline(__always)
    public func append(_ bytes: UnsafeRawBufferPointer) {
        let length = bytes.count
        guard length > 0, let source = bytes.baseAddress else { return }
        reserve(length)
        let destination = state.pointee.base + state.pointee.count
        if length <= 16 {
            for offset in 0..<length { destination[offset] = source.load(fromByteOffset: offset, as: UInt8.self) }
        } else {
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: length)
        }
        state.pointee.count += length
    }

    public func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Calls `body` with the bytes so far, in place.
    @inlinable public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: state.pointee.base, count: state.pointee.count))
    }

    /// Drops the last `count` bytes (text appended for a line that then turned out unreadable).
    @inlinable public func removeLast(_ count: Int) {
        state.pointee.count -= min(count, state.pointee.count)
    }

    /// Stores one byte where `reserve` made room for it.
    @inlinable @inline(__always)
    public func appendReserved(_ byte: UInt8) {
        state.pointee.base[state.pointee.count] = byte
        state.pointee.count += 1
    }
}
