#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import TachikomaCore

/// Cuts newline-delimited JSON into lines as bytes arrive.
///
/// Each byte is looked at once: `memchr` finds the next `\n`, a line that lies wholly inside a chunk
/// is handed over in place (no copy), and only the unfinished end of a chunk is kept, to be joined
/// with the start of the next one. Lines are bytes, never decoded here, so a multi-byte UTF-8
/// character split between chunks is whole again by the time its line is handed over.
public struct NDJSONFramer: Sendable {
    /// The unfinished line carried over from earlier chunks.
    @usableFromInline var tail: [UInt8] = []
    /// A line longer than this means the body is not NDJSON (or is hostile): stop buffering it.
    public let maxLineLength: Int

    public init(maxLineLength: Int = 64 << 20) {
        self.maxLineLength = maxLineLength
    }

    /// Bytes of an unfinished line waiting for its end.
    public var pendingByteCount: Int { tail.count }

    /// Hands each complete line in `buffer` to `body`, without its `\n` (or `\r\n`); empty lines are skipped.
    @inlinable
    public mutating func feed(_ buffer: ByteBuffer, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try buffer.withUnsafeReadableBytes { bytes in try feed(bytes, body) }
    }

    /// `feed(_:leadingLines:_:)` over a buffer's readable bytes.
    @inlinable @inline(__always)
    public mutating func feed(
        _ buffer: ByteBuffer, leadingLines: (UnsafeRawBufferPointer) throws -> Int,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try buffer.withUnsafeReadableBytes { bytes in try feed(bytes, leadingLines: leadingLines, body) }
    }

    /// Hands each complete line in `chunk` to `body`, without its `\n` (or `\r\n`); empty lines are skipped.
    @inlinable
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try feed(chunk, leadingLines: { _ in 0 }, body)
    }

    /// `feed`, asking `leadingLines` first, wherever a line starts, whether it can take lines itself
    /// without being told where they end (it gets the rest of the chunk): it answers how many bytes
    /// it took, whole lines with their `\n`, or 0 to have the next line found and handed to `body`
    /// as usual. It saves the search for the `\n` where the taker reads up to it anyway, and a call
    /// per line. Inlined, so that the two closures are too.
    @inlinable @inline(__always)
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, leadingLines: (UnsafeRawBufferPointer) throws -> Int,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let count = chunk.count
        var start = 0
        while start < count {
            if tail.isEmpty {
                start += try leadingLines(UnsafeRawBufferPointer(rebasing: chunk[start..<count]))
                guard start < count else { break }
            }
            guard let found = memchr(base + start, 0x0A, count - start) else { break }
            let end = base.distance(to: UnsafeRawPointer(found))
            if tail.isEmpty {
                try Self.emit(UnsafeRawBufferPointer(rebasing: chunk[start..<end]), body)
            } else {
                tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
                try checkLength()
                defer { tail.removeAll(keepingCapacity: tail.count <= 1 << 16) }
                try tail.withUnsafeBytes { line in try Self.emit(line, body) }
            }
            start = end + 1
        }
        if start < count {
            tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<count]))
            try checkLength()
        }
    }

    /// The body has ended: hands over a last line that had no `\n`.
    @inlinable
    public mutating func finish(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !tail.isEmpty else { return }
        defer { tail.removeAll() }
        try tail.withUnsafeBytes { line in try Self.emit(line, body) }
    }

    @usableFromInline
    func checkLength() throws {
        if tail.count > maxLineLength {
            let snippet = String(decoding: tail.prefix(80), as: UTF8.self)
            throw BackendError.parsing(
                message: "a streamed line is longer than \(maxLineLength) bytes without a newline", snippet: snippet)
        }
    }

    @inlinable @inline(__always)
    static func emit(_ line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var length = line.count
        if length > 0, line[length - 1] == 0x0D { length -= 1 }
        guard length > 0 else { return }
        // A line of only blanks carries nothing; JSON never starts with a blank Ollama would send.
        if line[0] == 0x20 || line[0] == 0x09 || line[0] == 0x0D {
            var index = 0
            while index < length, line[index] == 0x20 || line[index] == 0x09 || line[index] == 0x0D { index += 1 }
            if index == length { return }
        }
        try body(UnsafeRawBufferPointer(rebasing: line[0..<length]))
    }
}
