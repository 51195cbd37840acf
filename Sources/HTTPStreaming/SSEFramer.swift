#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import TachikomaCore

/// One Server-Sent Event as the framer hands it over. `data` points into the network read or the
/// framer's buffer: it is valid only during the call that receives it.
public struct SSEEvent {
    /// The event's data: its `data:` lines joined by `\n`, without the last line end.
    public let data: UnsafeRawBufferPointer
    /// The `event:` field, or nil when there was none (a plain "message" event).
    public let type: String?

    @inlinable
    public init(data: UnsafeRawBufferPointer, type: String?) {
        self.data = data
        self.type = type
    }

    /// Whether the data is exactly `[DONE]`, OpenAI's end-of-stream marker.
    @inlinable
    public var isDoneMarker: Bool {
        data.count == 6 && data[0] == 0x5B && data[1] == 0x44 && data[2] == 0x4F && data[3] == 0x4E
            && data[4] == 0x45 && data[5] == 0x5D
    }
}

/// Cuts a Server-Sent Events body (`text/event-stream`) into events as bytes arrive, as the
/// WHATWG HTML standard's event-stream interpretation does, with one deliberate difference: an
/// event still being built when the body ends is delivered, not dropped, since a server that
/// closes right after its last `data:` line has still said it.
///
/// - Line ends: `\n`, `\r\n` and a lone `\r`, also when a `\r\n` is split between two reads.
/// - `data:` with or without the one space after the colon; several `data:` lines of one event are
///   joined with `\n`. An empty line ends the event; an event with no `data:` line is not delivered.
/// - `event:` names the event (handed over); `id:` and `retry:` are kept (`lastEventID`,
///   `retryMilliseconds`); lines starting with `:` (keep-alive comments) and unknown fields are skipped.
/// - A UTF-8 byte order mark at the very start is skipped.
///
/// Each byte is looked at a bounded number of times: `memchr` finds the line ends, and the common
/// event, one `data:` line followed at once by its blank line within one read, is handed over in
/// place without a copy (the fast path). Only lines cut by the end of a read, and events of more
/// than one line, are copied into buffers.
///
/// Limits: a line, or the data of one event, longer than `maxEventLength` bytes throws
/// `BackendError.parsing` (the body is not an event stream, or is hostile). Data is bytes; it is
/// never decoded here, so a UTF-8 character split between reads is whole when its event is handed over.
public struct SSEFramer: Sendable {
    /// The unfinished line carried over from earlier reads (never holds a line end).
    @usableFromInline var tail: [UInt8] = []
    /// The data of the event being built, its lines joined by `\n`.
    @usableFromInline var data: [UInt8] = []
    /// Whether the event being built has had a `data:` line (its data may still be empty).
    @usableFromInline var hasData = false
    /// The `event:` field of the event being built.
    @usableFromInline var eventType: String?
    /// The previous read ended with `\r`: a `\n` starting this one belongs to it.
    @usableFromInline var skipLeadingLF = false
    /// No line has been read yet: a byte order mark may come first.
    @usableFromInline var atStreamStart = true

    /// The last `id:` field seen (the standard ignores ids holding a NUL byte, and so does this).
    public private(set) var lastEventID: String?
    /// The last valid `retry:` field, in milliseconds.
    public private(set) var retryMilliseconds: Int?
    /// The longest line, or event data, accepted.
    public let maxEventLength: Int

    public init(maxEventLength: Int = 64 << 20) {
        self.maxEventLength = maxEventLength
    }

    /// Bytes held for an unfinished line or event.
    public var pendingByteCount: Int { tail.count + data.count }

    /// Hands each complete event in `buffer` to `body`.
    @inlinable
    public mutating func feed(_ buffer: ByteBuffer, _ body: (SSEEvent) throws -> Void) throws {
        try buffer.withUnsafeReadableBytes { bytes in try feed(bytes, leadingEvent: { _ in nil }, body) }
    }

    /// `feed(_:leadingEvent:_:)` over a buffer's readable bytes.
    @inlinable @inline(__always)
    public mutating func feed(
        _ buffer: ByteBuffer, leadingEvent: (UnsafeRawBufferPointer) throws -> Int?, _ body: (SSEEvent) throws -> Void
    ) throws {
        try buffer.withUnsafeReadableBytes { bytes in try feed(bytes, leadingEvent: leadingEvent, body) }
    }

    /// Hands each complete event in `chunk` to `body`.
    @inlinable
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (SSEEvent) throws -> Void) throws {
        try feed(chunk, leadingEvent: { _ in nil }, body)
    }

    /// `feed`, asking `leadingEvent` first, at the start of each line where no event is under way,
    /// whether it can take the next event itself without its line end being found (it gets the
    /// rest of the chunk): it answers how many bytes it took, the event's blank line included, or
    /// nil to have the event framed and handed to `body` as usual. It saves the searches for line
    /// ends where the taker reads up to them anyway. Inlined, so that the closures are too.
    @inlinable @inline(__always)
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, leadingEvent: (UnsafeRawBufferPointer) throws -> Int?,
        _ body: (SSEEvent) throws -> Void
    ) throws {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let count = chunk.count
        var start = 0
        if skipLeadingLF {
            skipLeadingLF = false
            if chunk[0] == 0x0A { start = 1 }
        }
        // Where the next `\n` at or after `start` is (`count` when there is none), so that a body
        // that ends its lines with a lone `\r` is not searched again for a `\n` on every line.
        var nextLF = -1
        while start < count {
            let clean = tail.isEmpty && !hasData && eventType == nil && !atStreamStart
            if clean, let taken = try leadingEvent(UnsafeRawBufferPointer(rebasing: chunk[start..<count])) {
                start += taken
                continue
            }
            if nextLF < start {
                nextLF = memchr(base + start, 0x0A, count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? count
            }
            if clean, let taken = try fastEvent(chunk, base: base, from: start, lineFeed: nextLF, body) {
                start = taken
                continue
            }
            // The line ends at the first `\r` or `\n`.
            let lineEnd: Int
            let next: Int
            if let cr = memchr(base + start, 0x0D, nextLF - start) {
                lineEnd = base.distance(to: UnsafeRawPointer(cr))
                if lineEnd + 1 < count {
                    next = chunk[lineEnd + 1] == 0x0A ? lineEnd + 2 : lineEnd + 1
                } else {
                    next = count
                    skipLeadingLF = true
                }
            } else if nextLF < count {
                lineEnd = nextLF
                next = nextLF + 1
            } else {
                tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<count]))
                try checkLength(tail.count)
                break
            }
            if tail.isEmpty {
                try line(UnsafeRawBufferPointer(rebasing: chunk[start..<lineEnd]), body)
            } else {
                tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<lineEnd]))
                try checkLength(tail.count)
                let whole = tail
                tail.removeAll(keepingCapacity: tail.count <= 1 << 16)
                try whole.withUnsafeBytes { bytes in try line(bytes, body) }
            }
            start = next
        }
    }

    /// The body has ended: a last line without its end is read, and an event still being built is
    /// handed over.
    @inlinable
    public mutating func finish(_ body: (SSEEvent) throws -> Void) throws {
        skipLeadingLF = false
        if !tail.isEmpty {
            let whole = tail
            tail.removeAll()
            try whole.withUnsafeBytes { bytes in try line(bytes, body) }
        }
        try dispatch(body)
    }

    /// The common event, `data: …` then a blank line, both wholly inside this read: handed over in
    /// place. Answers where the next event starts, or nil to read the line the general way.
    @inlinable @inline(__always)
    mutating func fastEvent(
        _ chunk: UnsafeRawBufferPointer, base: UnsafeRawPointer, from start: Int, lineFeed: Int,
        _ body: (SSEEvent) throws -> Void
    ) throws -> Int? {
        let count = chunk.count
        guard lineFeed + 1 < count, lineFeed - start >= 5, chunk[start] == 0x64, chunk[start + 1] == 0x61,
            chunk[start + 2] == 0x74, chunk[start + 3] == 0x61, chunk[start + 4] == 0x3A
        else { return nil }
        var dataStart = start + 5
        if chunk[dataStart] == 0x20 { dataStart += 1 }
        var dataEnd = lineFeed
        let next: Int
        if chunk[lineFeed + 1] == 0x0A {
            next = lineFeed + 2
        } else if chunk[lineFeed - 1] == 0x0D, lineFeed + 2 < count, chunk[lineFeed + 1] == 0x0D,
            chunk[lineFeed + 2] == 0x0A
        {
            dataEnd = lineFeed - 1
            next = lineFeed + 3
        } else {
            return nil
        }
        // A `\r` inside would end the line early: leave such a line to the general path.
        guard dataStart <= dataEnd, memchr(base + dataStart, 0x0D, dataEnd - dataStart) == nil else { return nil }
        try body(SSEEvent(data: UnsafeRawBufferPointer(rebasing: chunk[dataStart..<dataEnd]), type: nil))
        return next
    }

    /// Where the value of a `data:` field starts when `line` opens with one (after the colon and
    /// its one optional space), else nil: for takers of whole events (`feed`'s `leadingEvent`).
    @inlinable @inline(__always)
    public static func dataValueStart(_ line: UnsafeRawBufferPointer) -> Int? {
        guard line.count >= 6, line[0] == 0x64, line[1] == 0x61, line[2] == 0x74, line[3] == 0x61, line[4] == 0x3A
        else { return nil }
        return line[5] == 0x20 ? 6 : 5
    }

    /// One line, without its end (the rare path: not inlined).
    @usableFromInline
    mutating func line(_ line: UnsafeRawBufferPointer, _ body: (SSEEvent) throws -> Void) throws {
        var line = line
        if atStreamStart {
            atStreamStart = false
            if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeRawBufferPointer(rebasing: line[3...])
            }
        }
        guard let first = line.first else {
            try dispatch(body)
            return
        }
        if first == 0x3A { return }  // a comment, e.g. a keep-alive
        let colon = line.firstIndex(of: 0x3A) ?? line.count
        var valueStart = Swift.min(colon + 1, line.count)
        if valueStart < line.count, line[valueStart] == 0x20 { valueStart += 1 }
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart...])
        switch Self.field(UnsafeRawBufferPointer(rebasing: line[..<colon])) {
        case .data:
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
            try checkLength(data.count)
        case .event:
            eventType = value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
        case .id:
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        case .retry:
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), value.count < 12 {
                retryMilliseconds = value.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            }
        case .other:
            break
        }
    }

    @usableFromInline
    enum Field { case data, event, id, retry, other }

    @inlinable
    static func field(_ name: UnsafeRawBufferPointer) -> Field {
        switch name.count {
        case 2 where name[0] == 0x69 && name[1] == 0x64: return .id
        case 4 where name.elementsEqual("data".utf8): return .data
        case 5 where name.elementsEqual("event".utf8) : return .event
        case 5 where name.elementsEqual("retry".utf8): return .retry
        default: return .other
        }
    }

    /// A blank line: the event being built, if it has data, goes to `body`.
    @inlinable
    mutating func dispatch(_ body: (SSEEvent) throws -> Void) throws {
        defer {
            data.removeAll(keepingCapacity: data.count <= 1 << 16)
            hasData = false
            eventType = nil
        }
        guard hasData else { return }
        let type = eventType
        try data.withUnsafeBytes { bytes in try body(SSEEvent(data: bytes, type: type)) }
    }

    @usableFromInline
    func checkLength(_ length: Int) throws {
        if length > maxEventLength {
            let snippet = String(decoding: (tail.isEmpty ? data : tail).prefix(80), as: UTF8.self)
            throw BackendError.parsing(
                message: "a streamed event is longer than \(maxEventLength) bytes without its end", snippet: snippet)
        }
    }
}
